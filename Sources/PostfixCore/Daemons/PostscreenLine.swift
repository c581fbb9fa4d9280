/// postscreen's event lines (PFLOGSUMM.md §3.8): an action, the client IP and port, and for
/// some actions an extra word (`PSC_CLIENT_ADDR_PORT…;`). The first shape that fits wins.
///
/// The parts are ranges of the bytes that were read (every part is a run of them, even the
/// actions the rules name): reading a line makes no `String`; text is made only for what the
/// summary keeps.
struct PostscreenLine {
  var action: Range<Int>
  var ip: Range<Int>
  var port: Range<Int>
  var extra: Range<Int>?

  /// What an action means for the connection statistics (`--pscrn-stats`).
  enum Role: Equatable {
    /// `CONNECT`: a connection starts.
    case connect
    /// `DISCONNECT`, `HANGUP`, `PASS NEW`, `PASS OLD`: a connection ends; a pass is also counted
    /// as an action, with `pass` as its name, when the connection is known.
    case end(pass: String?)
    /// `ALLOWLISTED`, `WHITELISTED`: a client on the permanent allowlist, handed straight to an
    /// smtpd process: its connection ends here (postscreen logs nothing more of it), and the
    /// line counts as an action as any other does. pflogsumm ends no connection on it: each
    /// stays open to the end of its run, uncounted (docs/DIFFERENCES.md).
    case handedOff
    /// Anything else (and any action with an extra word): only counted as an action.
    case other
  }

  /// The role of this line's action; `t` is what the line was read from.
  func role(_ t: Bytes) -> Role {
    guard extra == nil else { return .other }
    let a = action.lowerBound
    let e = action.upperBound
    if t.isExactly("CONNECT", from: a, to: e) { return .connect }
    if t.isExactly("PASS OLD", from: a, to: e) { return .end(pass: "PASS OLD") }
    if t.isExactly("PASS NEW", from: a, to: e) { return .end(pass: "PASS NEW") }
    if t.isExactly("DISCONNECT", from: a, to: e) || t.isExactly("HANGUP", from: a, to: e) { return .end(pass: nil) }
    if t.isExactly("ALLOWLISTED", from: a, to: e) || t.isExactly("WHITELISTED", from: a, to: e) { return .handedOff }
    return .other
  }

  /// What must follow the `[ip]:port`. A plain enum, so that `Index` remembers its answers
  /// in an array by case (a dictionary keyed by `"\(tail)"` printed the case, by reflection, on
  /// every lookup, which cost more than the rest of reading the line).
  private enum Tail: Int, CaseIterable {
    case none, after, afterColon, to, psc, end, inWord, colonAny
    /// `: (PHRASE)` — the phrase is the extra word.
    case allServerPortsBusy, tooManyConnections, allScreeningPortsBusy
    /// `: \d+ ` (an SMTP reply code).
    case code

    /// The phrase of a `: (PHRASE)` tail.
    var phrase: StaticString? {
      switch self {
      case .allServerPortsBusy: "all server ports busy"
      case .tooManyConnections: "too many connections"
      case .allScreeningPortsBusy: "all screening ports busy"
      default: nil
      }
    }
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
    Rule(action: "NOQUEUE: reject: CONNECT", separator: " from ", tail: .allServerPortsBusy),
    Rule(action: "NOQUEUE: reject: CONNECT", separator: " from ", tail: .tooManyConnections),
    Rule(action: "NOQUEUE: reject: RCPT", separator: " from ", tail: .code),
  ]

  static func parse(_ t: [UInt8]) -> PostscreenLine? {
    let x = Index(t)
    for rule in rules {
      if let m = match(x, rule) { return m }
    }
    // (DNSBL rank \d+) for \[(.+)\]:(\d+)
    var from = 0
    while let at = t.firstIndex(of: "DNSBL rank ", from: from) {
      from = at + 1
      let d = t.run(from: at + 11, ASCII.isDigit)
      if d > 0, t.matches(" for ", at: at + 11 + d), let (ip, port, _) = address(x, at: at + 11 + d + 5, tail: .none) {
        return PostscreenLine(action: at..<(at + 11 + d), ip: ip, port: port)
      }
    }
    for rule in laterRules {
      if let m = match(x, rule) { return m }
    }
    // (HANGUP) after .+ from \[(.+)\]:(\d+) in
    if let m = afterFrom(x, action: "HANGUP", needsLeadingGap: false, tail: .inWord) { return m }
    if let m = match(x, Rule(action: "NON-SMTP COMMAND", separator: " from ", tail: .afterColon)) { return m }
    // pflogsumm's NOQUEUE rules only fit text in the middle of a line (the queue id is
    // stripped first, and lines starting with "reject:" are rejects), but they come first.
    for rule in noqueueRules {
      if let m = match(x, rule) { return m }
    }
    // (PASS .+) \[(.+)\]:(\d+)$   then   (PASS .+) \[(.+)\]:(\d+), (PSC_CLIENT_ADDR_PORT.+;)
    for tail in [Tail.end, Tail.psc] {
      var pf = 0
      while let at = t.firstIndex(of: "PASS ", from: pf) {
        pf = at + 1
        // Greedy action: the last " [" that works — the last one at least 3 bytes before the
        // last "]:" that fits the tail (see `address`).
        guard let close = x.lastFittingClose(tail), let sp = Index.last(x.spaceBrackets, from: at + 6, through: close - 3),
          let (ip, port, extra) = address(x, at: sp + 1, tail: tail)
        else { continue }
        return PostscreenLine(action: at..<sp, ip: ip, port: port, extra: extra)
      }
    }
    // (PREGREET) .+ after .+ from \[(.+)\]:(\d+): .+
    if let m = afterFrom(x, action: "PREGREET", needsLeadingGap: true, tail: .colonAny) { return m }
    if let m = match(x, Rule(action: "SKIP", separator: " ", tail: .psc)) { return m }
    if let m = match(x, Rule(action: "reject: connect", separator: " from ", tail: .allScreeningPortsBusy)) {
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
        if let (ip, port, _) = address(x, at: end, tail: .none) {
          return PostscreenLine(action: start..<(end - 1), ip: ip, port: port)
        }
      }
    }
    if let m = match(x, Rule(action: "UNFAIL", separator: " ", tail: .psc)) { return m }
    if let m = match(x, Rule(action: "UNPASS", separator: " ", tail: .psc)) { return m }
    return nil
  }

  private static func match(_ x: Index, _ rule: Rule) -> PostscreenLine? {
    let t = x.t
    var from = 0
    while let at = t.firstIndex(of: rule.action, from: from) {
      from = at + 1
      let s = at + rule.action.utf8CodeUnitCount
      guard t.matches(rule.separator, at: s) else { continue }
      if let (ip, port, extra) = address(x, at: s + rule.separator.utf8CodeUnitCount, tail: rule.tail) {
        return PostscreenLine(action: at..<s, ip: ip, port: port, extra: extra)
      }
    }
    return nil
  }

  /// `(ACTION) [.+ ]after .+ from \[(.+)\]:(\d+)TAIL`
  private static func afterFrom(_ x: Index, action: StaticString, needsLeadingGap: Bool, tail: Tail) -> PostscreenLine? {
    let t = x.t
    var from = 0
    var afters = ForwardSearch()
    while let at = t.firstIndex(of: action, from: from) {
      from = at + 1
      var i = at + action.utf8CodeUnitCount
      guard i < t.count, t[i] == ASCII.space else { continue }
      if needsLeadingGap {
        // " .+ after " — some text, then " after ".
        guard let a = afters.first(atOrAfter: i + 2, { t.firstIndex(of: " after ", from: $0) }) else { continue }
        i = a
      }
      guard t.matches(" after ", at: i) else { continue }
      // The last " from [" that works: the last one at least 8 bytes before the last "]:"
      // that fits the tail (see `address`).
      guard let close = x.lastFittingClose(tail), let f = Index.last(x.fromBrackets, from: i + 8, through: close - 8),
        let (ip, port, extra) = address(x, at: f + 6, tail: tail)
      else { continue }
      return PostscreenLine(action: at..<(at + action.utf8CodeUnitCount), ip: ip, port: port, extra: extra)
    }
    return nil
  }

  /// `\[(.+)\]:(\d+)` at i (greedy: the last workable "]:"), then the tail.
  ///
  /// Whether a "]:" works depends only on where it is, not on `i`: so the answer for any `i` is
  /// the last "]:" of the line that works, when it is far enough right (`Index` finds it once
  /// per tail; trying every "]:" again for every candidate `i` was quadratic).
  private static func address(_ x: Index, at i: Int, tail: Tail) -> (Range<Int>, Range<Int>, Range<Int>?)? {
    let t = x.t
    guard i < t.count, t[i] == ASCII.lbracket, let close = x.lastFittingClose(tail), close >= i + 2 else { return nil }
    let e = close + 2 + t.run(from: close + 2, ASCII.isDigit)
    let ip = (i + 1)..<close
    let port = (close + 2)..<e
    // `fits` saw the ';', or the phrase, there.
    if tail == .psc { return (ip, port, x.lastSemicolon.map { (e + 2)..<($0 + 1) }) }
    if let phrase = tail.phrase { return (ip, port, (e + 2)..<(e + 2 + phrase.utf8CodeUnitCount)) }
    return (ip, port, nil)
  }

  /// What `address` needs to know about a line, worked out once per line.
  private final class Index {
    let t: [UInt8]
    init(_ t: [UInt8]) { self.t = t }

    /// The starts of the "]:" followed by a digit, left to right.
    lazy var closes: [Int] = {
      var list: [Int] = []
      var k = 0
      while let c = t.firstIndex(of: "]:", from: k) {
        if c + 2 < t.count, ASCII.isDigit(t[c + 2]) { list.append(c) }
        k = c + 1
      }
      return list
    }()
    /// The starts of " [" and of " from [", left to right.
    lazy var spaceBrackets: [Int] = starts(of: " [")
    lazy var fromBrackets: [Int] = starts(of: " from [")
    /// The last ": " that ends before the last byte; the last ';'.
    lazy var lastColonSpace: Int? = t.lastIndex(of: ": ", from: 0, to: t.count - 1)
    lazy var lastSemicolon: Int? = t.lastIndex(of: ASCII.semicolon)
    /// `lastFittingClose` by tail: nil while not worked out yet.
    private var fitting = [Int??](repeating: nil, count: Tail.allCases.count)

    private func starts(of literal: StaticString) -> [Int] {
      var list: [Int] = []
      var k = 0
      while let s = t.firstIndex(of: literal, from: k) {
        list.append(s)
        k = s + 1
      }
      return list
    }

    /// The last "]:" (followed by digits) whose tail fits.
    func lastFittingClose(_ tail: Tail) -> Int? {
      if let known = fitting[tail.rawValue] { return known }
      var found: Int?
      for close in closes.reversed() where fits(close, tail) {
        found = close
        break
      }
      fitting[tail.rawValue] = found
      return found
    }

    private func fits(_ close: Int, _ tail: Tail) -> Bool {
      let e = close + 2 + t.run(from: close + 2, ASCII.isDigit)
      switch tail {
      case .none:
        return true
      case .end:
        return e == t.count
      case .after:
        return t.matches(" after ", at: e) && e + 7 < t.count
      case .afterColon:
        // ` after .+: .+` — any ": " with a byte before and after it.
        return t.matches(" after ", at: e) && (lastColonSpace.map { $0 >= e + 8 } ?? false)
      case .to:
        // ` to \[.+\]:\d+` — any later "]:" followed by a digit.
        return t.matches(" to [", at: e) && (closes.last.map { $0 >= e + 6 } ?? false)
      case .psc:
        return t.matches(", PSC_CLIENT_ADDR_PORT", at: e) && (lastSemicolon.map { $0 >= e + 23 } ?? false)
      case .inWord:
        return t.matches(" in ", at: e)
      case .colonAny:
        return t.matches(": ", at: e) && e + 2 < t.count
      case .allServerPortsBusy, .tooManyConnections, .allScreeningPortsBusy:
        return t.matches(": ", at: e) && tail.phrase.map { t.matches($0, at: e + 2) } == true
      case .code:
        let d = t.run(from: e + 2, ASCII.isDigit)
        return t.matches(": ", at: e) && d > 0 && e + 2 + d < t.count && t[e + 2 + d] == ASCII.space
      }
    }

    /// The last value of the sorted `list` in `from...through`.
    static func last(_ list: [Int], from: Int, through: Int) -> Int? {
      guard from <= through else { return nil }
      var lo = 0
      var hi = list.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if list[mid] <= through { lo = mid + 1 } else { hi = mid }
      }
      return lo > 0 && list[lo - 1] >= from ? list[lo - 1] : nil
    }
  }
}

extension PostscreenLine {
  /// The common lines in their exact canonical shapes — `CONNECT from [ip]:port to [ip]:port`,
  /// `PASS NEW [ip]:port`, `PASS OLD [ip]:port`, `DISCONNECT [ip]:port`, `…LISTED [ip]:port` —
  /// read without the rule list, straight from the line (the ranges are the line's). Lines of
  /// exactly these shapes cannot match an earlier rule, so the result is the rule list's;
  /// anything else returns nil and goes through `parse`.
  static func parseCommon(_ line: Bytes, at p: Int) -> PostscreenLine? {
    let actionEnd: Int
    if line.matches("CONNECT from [", at: p) {
      guard let (ip, port) = bracketedAddress(line, at: p + 13), line.matches(" to [", at: port.upperBound),
        let (_, port2) = bracketedAddress(line, at: port.upperBound + 4), port2.upperBound == line.count
      else { return nil }
      return PostscreenLine(action: p..<(p + 7), ip: ip, port: port)
    } else if line.matches("PASS NEW [", at: p) || line.matches("PASS OLD [", at: p) {
      actionEnd = p + 8
    } else if line.matches("DISCONNECT [", at: p) {
      actionEnd = p + 10
    } else {
      // `WHITELISTED [ip]:port`, `ALLOWLISTED …`, `BLACKLISTED …`, `DENYLISTED …`
      var w = p
      while w < line.count, line[w] &- 0x41 < 26 { w += 1 }
      guard w - p > 6, line.matches("LISTED [", at: w - 6) else { return nil }
      actionEnd = w
    }
    guard let (ip, port) = bracketedAddress(line, at: actionEnd + 1), port.upperBound == line.count else { return nil }
    return PostscreenLine(action: p..<actionEnd, ip: ip, port: port)
  }

  /// `[` address `]:` digits at i, the address made of hex digits, dots and colons: the
  /// address's and the port's ranges.
  private static func bracketedAddress(_ line: Bytes, at i: Int) -> (Range<Int>, Range<Int>)? {
    guard i < line.count, line[i] == ASCII.lbracket else { return nil }
    var k = i + 1
    while k < line.count, ASCII.isHex(line[k]) || line[k] == ASCII.dot || line[k] == ASCII.colon { k += 1 }
    guard k > i + 1, k + 1 < line.count, line[k] == ASCII.rbracket, line[k + 1] == ASCII.colon else { return nil }
    var e = k + 2
    while e < line.count, ASCII.isDigit(line[e]) { e += 1 }
    guard e > k + 2 else { return nil }
    return ((i + 1)..<k, (k + 2)..<e)
  }
}
