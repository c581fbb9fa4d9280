/// postscreen's event lines (PFLOGSUMM.md §3.8): an action, the client IP and port, and for
/// some actions an extra word (`PSC_CLIENT_ADDR_PORT…;`). The first shape that fits wins.
struct PostscreenLine {
  var action: String
  var ip: String
  var port: String
  var extra: String?

  private enum Tail {
    case none, after, afterColon, to, psc, end, inWord, colonAny
    /// `: (PHRASE)` — the phrase is the extra word.
    case phrase(StaticString)
    /// `: \d+ ` (an SMTP reply code).
    case code
  }

  private struct Rule {
    var action: StaticString
    /// Bytes between the action and the '[' (" from ", " ", " for ").
    var separator: StaticString
    var tail: Tail
  }

  private static let rules: [Rule] = [
    Rule(action: "ALLOWLIST VETO", separator: " ", tail: .none),
    Rule(action: "BARE NEWLINE", separator: " from ", tail: .after),
    Rule(action: "BDAT without valid RCPT", separator: " from ", tail: .none),
    Rule(action: "COMMAND COUNT LIMIT", separator: " from ", tail: .after),
    Rule(action: "COMMAND LENGTH LIMIT", separator: " from ", tail: .after),
    Rule(action: "COMMAND PIPELINING", separator: " from ", tail: .afterColon),
    Rule(action: "COMMAND TIME LIMIT", separator: " from ", tail: .after),
    Rule(action: "CONNECT", separator: " from ", tail: .to),
    Rule(action: "ENFORCE", separator: " ", tail: .psc),
    Rule(action: "DATA without valid RCPT", separator: " from ", tail: .none),
    Rule(action: "DISCONNECT", separator: " ", tail: .none),
    Rule(action: "DROP", separator: " ", tail: .psc),
  ]
  private static let laterRules: [Rule] = [
    Rule(action: "FAIL", separator: " ", tail: .psc),
  ]

  private static let noqueueRules: [Rule] = [
    Rule(action: "NOQUEUE: reject: CONNECT", separator: " from ", tail: .phrase("all server ports busy")),
    Rule(action: "NOQUEUE: reject: CONNECT", separator: " from ", tail: .phrase("too many connections")),
    Rule(action: "NOQUEUE: reject: RCPT", separator: " from ", tail: .code),
  ]

  static func parse(_ t: [UInt8]) -> PostscreenLine? {
    for rule in rules {
      if let m = match(t, rule) { return m }
    }
    // (DNSBL rank \d+) for \[(.+)\]:(\d+)
    var from = 0
    while let at = t.firstIndex(of: "DNSBL rank ", from: from) {
      from = at + 1
      let d = t.run(from: at + 11, ASCII.isDigit)
      if d > 0, t.matches(" for ", at: at + 11 + d), let (ip, port, _) = address(t, at: at + 11 + d + 5, tail: .none) {
        return PostscreenLine(action: Array(t[at..<(at + 11 + d)]).string, ip: ip, port: port)
      }
    }
    for rule in laterRules {
      if let m = match(t, rule) { return m }
    }
    // (HANGUP) after .+ from \[(.+)\]:(\d+) in
    if let m = afterFrom(t, action: "HANGUP", needsLeadingGap: false, tail: .inWord) { return m }
    if let m = match(t, Rule(action: "NON-SMTP COMMAND", separator: " from ", tail: .afterColon)) { return m }
    // pflogsumm's NOQUEUE rules only fit text in the middle of a line (the queue id is
    // stripped first, and lines starting with "reject:" are rejects), but they come first.
    for rule in noqueueRules {
      if let m = match(t, rule) { return m }
    }
    // (PASS .+) \[(.+)\]:(\d+)$   then   (PASS .+) \[(.+)\]:(\d+), (PSC_CLIENT_ADDR_PORT.+;)
    for tail in [Tail.end, Tail.psc] {
      var pf = 0
      while let at = t.firstIndex(of: "PASS ", from: pf) {
        pf = at + 1
        // Greedy action: the last " [" that works.
        var to = t.count
        while let sp = t.lastIndex(of: " [", from: at + 6, to: to) {
          to = sp + 1
          if let (ip, port, extra) = address(t, at: sp + 1, tail: tail) {
            return PostscreenLine(action: Array(t[at..<sp]).string, ip: ip, port: port, extra: extra)
          }
        }
      }
    }
    // (PREGREET) .+ after .+ from \[(.+)\]:(\d+): .+
    if let m = afterFrom(t, action: "PREGREET", needsLeadingGap: true, tail: .colonAny) { return m }
    if let m = match(t, Rule(action: "SKIP", separator: " ", tail: .psc)) { return m }
    if let m = match(t, Rule(action: "reject: connect", separator: " from ", tail: .phrase("all screening ports busy"))) {
      return m
    }
    // (\b\w+LISTED) \[(.+)\]:(\d+)   and   (\b\w+LIST VETO) \[(.+)\]:(\d+)
    for suffix: StaticString in ["LISTED ", "LIST VETO "] {
      var sf = 0
      while let at = t.firstIndex(of: suffix, from: sf) {
        sf = at + 1
        var start = at
        while start > 0, ASCII.isWord(t[start - 1]) { start -= 1 }
        guard start < at else { continue }
        let end = at + suffix.utf8CodeUnitCount
        if let (ip, port, _) = address(t, at: end, tail: .none) {
          return PostscreenLine(action: Array(t[start..<(end - 1)]).string, ip: ip, port: port)
        }
      }
    }
    if let m = match(t, Rule(action: "UNFAIL", separator: " ", tail: .psc)) { return m }
    if let m = match(t, Rule(action: "UNPASS", separator: " ", tail: .psc)) { return m }
    return nil
  }

  private static func match(_ t: [UInt8], _ rule: Rule) -> PostscreenLine? {
    var from = 0
    while let at = t.firstIndex(of: rule.action, from: from) {
      from = at + 1
      let s = at + rule.action.utf8CodeUnitCount
      guard t.matches(rule.separator, at: s) else { continue }
      if let (ip, port, extra) = address(t, at: s + rule.separator.utf8CodeUnitCount, tail: rule.tail) {
        return PostscreenLine(action: rule.action.description, ip: ip, port: port, extra: extra)
      }
    }
    return nil
  }

  /// `(ACTION) [.+ ]after .+ from \[(.+)\]:(\d+)TAIL`
  private static func afterFrom(_ t: [UInt8], action: StaticString, needsLeadingGap: Bool, tail: Tail) -> PostscreenLine? {
    var from = 0
    while let at = t.firstIndex(of: action, from: from) {
      from = at + 1
      var i = at + action.utf8CodeUnitCount
      guard i < t.count, t[i] == ASCII.space else { continue }
      if needsLeadingGap {
        // " .+ after " — some text, then " after ".
        guard let a = t.firstIndex(of: " after ", from: i + 2) else { continue }
        i = a
      }
      guard t.matches(" after ", at: i) else { continue }
      var to = t.count
      while let f = t.lastIndex(of: " from [", from: i + 8, to: to) {
        to = f + 6
        if let (ip, port, extra) = address(t, at: f + 6, tail: tail) {
          return PostscreenLine(action: action.description, ip: ip, port: port, extra: extra)
        }
      }
    }
    return nil
  }

  /// `\[(.+)\]:(\d+)` at i (greedy: the last workable "]:"), then the tail.
  private static func address(_ t: [UInt8], at i: Int, tail: Tail) -> (String, String, String?)? {
    guard i < t.count, t[i] == ASCII.lbracket else { return nil }
    var to = t.count
    while let close = t.lastIndex(of: "]:", from: i + 2, to: to) {
      to = close + 1
      let d = t.run(from: close + 2, ASCII.isDigit)
      guard d > 0 else { continue }
      let e = close + 2 + d
      let ip = Array(t[(i + 1)..<close]).string
      let port = Array(t[(close + 2)..<e]).string
      switch tail {
      case .none:
        return (ip, port, nil)
      case .end:
        if e == t.count { return (ip, port, nil) }
      case .after:
        if t.matches(" after ", at: e), e + 7 < t.count { return (ip, port, nil) }
      case .afterColon:
        // ` after .+: .+` — any ": " with a byte before and after it.
        if t.matches(" after ", at: e), t.lastIndex(of: ": ", from: e + 8, to: t.count - 1) != nil { return (ip, port, nil) }
      case .to:
        // ` to \[.+\]:\d+` — any later "]:" followed by a digit.
        if t.matches(" to [", at: e) {
          var end = t.count
          while let c = t.lastIndex(of: "]:", from: e + 6, to: end) {
            if t.run(from: c + 2, ASCII.isDigit) > 0 { return (ip, port, nil) }
            end = c + 1
          }
        }
      case .psc:
        if t.matches(", PSC_CLIENT_ADDR_PORT", at: e), let semi = t.lastIndex(of: ASCII.semicolon, from: e + 23, to: t.count) {
          return (ip, port, Array(t[(e + 2)...semi]).string)
        }
      case .inWord:
        if t.matches(" in ", at: e) { return (ip, port, nil) }
      case .colonAny:
        if t.matches(": ", at: e), e + 2 < t.count { return (ip, port, nil) }
      case .phrase(let phrase):
        if t.matches(": ", at: e), t.matches(phrase, at: e + 2) { return (ip, port, phrase.description) }
      case .code:
        let d = t.run(from: e + 2, ASCII.isDigit)
        if t.matches(": ", at: e), d > 0, e + 2 + d < t.count, t[e + 2 + d] == ASCII.space { return (ip, port, nil) }
      }
    }
    return nil
  }
}

extension PostscreenLine {
  /// The common lines in their exact canonical shapes — `CONNECT from [ip]:port to [ip]:port`,
  /// `PASS NEW [ip]:port`, `PASS OLD [ip]:port`, `DISCONNECT [ip]:port` — read without the
  /// rule list. Lines of exactly these shapes cannot match an earlier rule, so the result is
  /// the rule list's; anything else returns nil and goes through `parse`.
  static func parseCommon(_ line: Bytes, at p: Int) -> PostscreenLine? {
    if line.matches("CONNECT from [", at: p) {
      guard let (ip, port, end) = bracketedAddress(line, at: p + 13), line.matches(" to [", at: end),
        let (_, _, end2) = bracketedAddress(line, at: end + 4), end2 == line.count
      else { return nil }
      return PostscreenLine(action: "CONNECT", ip: ip, port: port)
    }
    var action: String
    var at: Int
    if line.matches("PASS NEW [", at: p) {
      action = "PASS NEW"
      at = p + 9
    } else if line.matches("PASS OLD [", at: p) {
      action = "PASS OLD"
      at = p + 9
    } else if line.matches("DISCONNECT [", at: p) {
      action = "DISCONNECT"
      at = p + 11
    } else {
      // `WHITELISTED [ip]:port`, `ALLOWLISTED …`, `BLACKLISTED …`, `DENYLISTED …`
      var w = p
      while w < line.count, line[w] &- 0x41 < 26 { w += 1 }
      guard w - p > 6, line.matches("LISTED [", at: w - 6) else { return nil }
      action = line.string(p..<w)
      at = w + 1
    }
    guard let (ip, port, end) = bracketedAddress(line, at: at), end == line.count else { return nil }
    return PostscreenLine(action: action, ip: ip, port: port)
  }

  /// `[` address `]:` digits at i, the address made of hex digits, dots and colons.
  private static func bracketedAddress(_ line: Bytes, at i: Int) -> (String, String, Int)? {
    guard i < line.count, line[i] == ASCII.lbracket else { return nil }
    var k = i + 1
    while k < line.count, ASCII.isHex(line[k]) || line[k] == ASCII.dot || line[k] == ASCII.colon { k += 1 }
    guard k > i + 1, k + 1 < line.count, line[k] == ASCII.rbracket, line[k + 1] == ASCII.colon else { return nil }
    var e = k + 2
    while e < line.count, ASCII.isDigit(line[e]) { e += 1 }
    guard e > k + 2 else { return nil }
    return (line.string((i + 1)..<k), line.string((k + 2)..<e), e)
  }
}
