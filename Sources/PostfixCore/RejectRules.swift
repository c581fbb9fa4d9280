/// What pflogsumm 1.3.0 makes of an smtpd/postscreen `reject:`, `reject_warning:`, `hold:` or
/// `discard:` line: a command (RCPT, DATA, CONNECT ...), a shortened reason, and the "data"
/// leaf (client domain, recipient, sender ...) — PFLOGSUMM.md §3.7.
struct RejectRules: Sendable {
  var verbose = false
  var addFrom = false
  var addTo = false
  var addresses = AddressRules()

  struct Detail: Equatable {
    var command: String
    var reason: String
    var data: String
  }

  /// `payload` starts at the action word ("reject: RCPT from ..."); `clientDomain` is
  /// `HostNames.clientDomain` (or a memo of it).
  func detail(_ payload: [UInt8], clientDomain clientDomainOf: (Bytes) -> String = { HostNames.clientDomain($0) }) -> Detail {
    // ^(?:reject(?:_warning)?|hold|discard): (\S+) from (\S+?): (.*)$
    var command: [UInt8] = []
    var client: [UInt8] = []
    var rest: [UInt8] = []
    if let colon = payload.firstIndex(of: ASCII.colon), colon + 1 < payload.count, payload[colon + 1] == ASCII.space {
      let typeStart = colon + 2
      let typeLength = payload.run(from: typeStart) { !ASCII.isSpace($0) }
      let fromAt = typeStart + typeLength
      if typeLength > 0, payload.matches(" from ", at: fromAt) {
        let clientStart = fromAt + 6
        var k = clientStart + 1
        while k + 1 < payload.count, !ASCII.isSpace(payload[k - 1]) {
          if payload[k] == ASCII.colon, payload[k + 1] == ASCII.space { break }
          k += 1
        }
        if k + 1 < payload.count, k > clientStart, payload[k] == ASCII.colon, payload[k + 1] == ASCII.space,
          !payload[clientStart..<k].contains(where: ASCII.isSpace)
        {
          command = payload[bytes: typeStart..<fromAt]
          client = payload[bytes: clientStart..<k]
          rest = payload[bytes: (k + 2)..<payload.count]
        }
      }
    }

    var reason = rest
    if !verbose {
      if command == Array("RCPT") || command == Array("DATA") || command == Array("CONNECT") || command == Array("BDAT") {
        reason = Self.shortenRecipientStage(reason)
      } else if command == Array("MAIL") {
        reason = Self.shortenMailStage(reason)
      } else if command == Array("connect") {
        command = Array("CONNECT")
      } else {
        reason = Self.shortenOther(reason)
      }
    }

    // Recipient: to=<x>, or "NNN <x>: User unknown ", or an unterminated to=<x, else "<>".
    var to = Self.recipient(rest)
    if addresses.ignoreCase { to = to.lowercasedASCII() }
    let from = addresses.rejectSender(Self.sender(rest))
    let clientDomain = client.withBytes(clientDomainOf)

    // pflogsumm tests `$rejFrom`, `$from` and `$to` for Perl truth: "" and "0" are false.
    let hasClient = Self.isPerlTrue(client)
    let hasFrom = Self.isPerlTrue(from)
    let hasTo = Self.isPerlTrue(to)
    var data: String
    if reason.hasPrefix("Sender address rejected:") {
      data = hasClient ? clientDomain : ""
      if addTo {
        if hasTo { data += " (\(from.string) -> \(to.string))" }
      } else {
        data += " (<\(from.string))"
      }
    } else if reason.hasPrefix("Recipient address rejected:") || Self.isUserUnknown(reason) {
      data = to.string
      if addFrom { data += "  (\(hasFrom ? from.string : clientDomain))" }
    } else if let r = Self.condense(reason, phrase: "Improper use of SMTP command pipelining") {
      reason = r
      data = Self.pipeliningSource(payload).string
    } else if let r = Self.condense(reason, phrase: "Message size exceeds fixed limit") {
      reason = r
      data = clientDomain
      if addFrom { data += "  (\(from.string))" }
    } else if let r = Self.condense(reason, phrase: "Server configuration error") ?? Self.condense(reason, phrase: "Server configuration problem") {
      reason = Array("(Local) ") + r
      data = clientDomain
      if addFrom { data += "  (\(from.string))" }
    } else if reason == Array("Helo command rejected: Invalid name") {
      data = clientDomain
      if addFrom { data += "  (\(from.string))" }
    } else {
      data = clientDomain
      if addFrom && addTo && hasTo {
        data += "  (\(from.string) -> \(to.string))"
      } else if addFrom {
        data += "  (< \(from.string))"
      } else if addTo && hasTo {
        data += "  (> \(to.string))"
      }
    }
    return Detail(command: command.string, reason: reason.string, data: data)
  }

  /// Perl's truth for a string: everything but "" and "0".
  private static func isPerlTrue(_ b: [UInt8]) -> Bool {
    !(b.isEmpty || b == [0x30])
  }

  /// `^(Recipient address rejected:|User unknown( |$))`
  private static func isUserUnknown(_ r: [UInt8]) -> Bool {
    r.hasPrefix("User unknown") && (r.count == 12 || r[12] == ASCII.space)
  }

  /// `s/^.*?\d{3} (PHRASE);.*$/$1/` → PHRASE, when the text has "NNN PHRASE;".
  private static func condense(_ r: [UInt8], phrase: StaticString) -> [UInt8]? {
    let p = Array(phrase)
    var from = 0
    while let at = r.withBytes({ $0.index(of: phrase, from: from) }) {
      from = at + 1
      if at >= 4, r[at - 1] == ASCII.space, r.hasThreeDigits(at: at - 4), at + p.count < r.count, r[at + p.count] == ASCII.semicolon {
        return p
      }
    }
    return nil
  }

  /// The reason of RCPT/DATA/CONNECT/BDAT rejects (PFLOGSUMM.md §3.7 steps 1–8).
  static func shortenRecipientStage(_ input: [UInt8]) -> [UInt8] {
    var r = input
    // 1. Blank out "<...>:" after the code: s/^(\d{3} (?:\d\.\d\.\d )?<).*?(>:)/$1$2/
    if r.hasThreeDigits(at: 0), r.count > 3, r[3] == ASCII.space {
      var lt = 4
      if r.hasStatusCode(at: 4), r.count > 9, r[9] == ASCII.space { lt = 10 }
      if lt < r.count, r[lt] == ASCII.lt, let close = r.firstIndex(of: ">:", from: lt + 1) {
        r.removeSubrange((lt + 1)..<close)
      } else if lt == 10, 4 < r.count, r[4] == ASCII.lt, let close = r.firstIndex(of: ">:", from: 5) {
        r.removeSubrange(5..<close)
      }
    }
    // 2. s/^(?:\d{3} \d\.\d\.\d )(Protocol error);.*$/$1/
    if r.hasThreeDigits(at: 0), r.count > 10, r[3] == ASCII.space, r.hasStatusCode(at: 4), r[9] == ASCII.space,
      r.matches("Protocol error;", at: 10)
    {
      r = Array("Protocol error")
    }
    // 3. s/^.*?[:;] (?:\[[^\]]+\] )?([^;,]+)[;,].*$/$1/
    r = keepClause(r)
    // 4. s/^((?:Sender|Recipient) address rejected: [^:]+):.*$/$1/
    for prefix: StaticString in ["Sender address rejected: ", "Recipient address rejected: "] where r.hasPrefix(prefix) {
      let start = prefix.utf8CodeUnitCount
      if let colon = r.firstIndex(from: start, where: { $0 == ASCII.colon }), colon > start {
        r = Array(r[..<colon])
      }
    }
    // 5. s/(client|Client host|Sender address) .+? blocked/blocked/
    r = condenseBlocked(r)
    // 6. s/^\d{3} \d\.\d\.\d (Server configuration (?:error|problem));.+$/$1/
    if r.hasThreeDigits(at: 0), r.count > 10, r[3] == ASCII.space, r.hasStatusCode(at: 4), r[9] == ASCII.space {
      for phrase: StaticString in ["Server configuration error;", "Server configuration problem;"] where r.matches(phrase, at: 10) {
        let end = 10 + phrase.utf8CodeUnitCount
        if end < r.count { r = Array(r[10..<(end - 1)]) }
      }
    }
    // 7. s/^Unverified (Client host rejected: Generic - Please relay via ISP).*$/$1/
    if r.hasPrefix("Unverified Client host rejected: Generic - Please relay via ISP") {
      r = Array("Client host rejected: Generic - Please relay via ISP")
    }
    // 8. s/^(Sender address rejected: Domain) .+ (does not accept mail \(nullMX\)).*$/$1 $2/
    if r.hasPrefix("Sender address rejected: Domain "), let at = r.lastIndex(of: " does not accept mail (nullMX)"),
      at >= 33
    {
      r = Array("Sender address rejected: Domain does not accept mail (nullMX)")
    }
    return r
  }

  /// Step 3: the clause after the first "`: `" or "`; `" (skipping a bracketed client), up to
  /// the next `;` or `,`.
  private static func keepClause(_ r: [UInt8]) -> [UInt8] {
    // The next ']' and the next ';' or ',' are looked up through `ForwardSearch`: scanning to
    // them again for every "; " was quadratic on a long crafted reason.
    var closes = ForwardSearch()
    var ends = ForwardSearch()
    var i = 0
    while i + 1 < r.count {
      if (r[i] == ASCII.colon || r[i] == ASCII.semicolon) && r[i + 1] == ASCII.space {
        let j = i + 2
        var starts: [Int] = []
        if j < r.count, r[j] == ASCII.lbracket,
          let close = closes.first(atOrAfter: j + 1, { r.firstIndex(from: $0, where: { $0 == ASCII.rbracket }) }),
          close > j + 1, close + 1 < r.count, r[close + 1] == ASCII.space
        {
          starts.append(close + 2)
        }
        starts.append(j)
        for s in starts {
          // `[^;,]+[;,]`: a non-empty run up to a ';' or ','.
          let end = ends.first(atOrAfter: s) { r.firstIndex(from: $0, where: { $0 == ASCII.semicolon || $0 == ASCII.comma }) }
          if let end, end > s { return Array(r[s..<end]) }
        }
      }
      i += 1
    }
    return r
  }

  /// Step 5: RBL rejects read "blocked using zen.spamhaus.org".
  private static func condenseBlocked(_ r: [UInt8]) -> [UInt8] {
    var blockedSearch = ForwardSearch()  // one scan for " blocked", not one per "client "
    for p in 0..<r.count where r[p] == 0x63 || r[p] == 0x43 || r[p] == 0x53 {  // c C S: the words' first bytes
      for word: StaticString in ["client", "Client host", "Sender address"] where r.matches(word, at: p) {
        let afterWord = p + word.utf8CodeUnitCount
        guard afterWord < r.count, r[afterWord] == ASCII.space else { continue }
        if let blocked = blockedSearch.first(atOrAfter: afterWord + 2, { r.firstIndex(of: " blocked", from: $0) }) {
          return Array(r[..<p]) + "blocked" + Array(r[(blocked + 8)...])
        }
      }
    }
    return r
  }

  /// MAIL: `s/^\d{3} (?:<.+>: )?([^;:]+)[;:]?.*$/$1/`
  static func shortenMailStage(_ r: [UInt8]) -> [UInt8] {
    guard r.hasThreeDigits(at: 0), r.count > 4, r[3] == ASCII.space else { return r }
    var starts: [Int] = []
    if r[4] == ASCII.lt {
      // Greedy "<.+>: ": the last ">: " first.
      var to = r.count
      while let at = r.lastIndex(of: ">: ", to: to), at > 5 {
        starts.append(at + 3)
        to = at + 2
      }
    }
    starts.append(4)
    for s in starts {
      let n = r.run(from: s) { $0 != ASCII.semicolon && $0 != ASCII.colon }
      if n > 0 { return Array(r[s..<(s + n)]) }
    }
    return r
  }

  /// Other commands: `s/^(?:.*[:;] )?([^,]+).*$/$1/`
  static func shortenOther(_ r: [UInt8]) -> [UInt8] {
    var i = r.count - 2
    while i >= 0 {
      if (r[i] == ASCII.colon || r[i] == ASCII.semicolon) && r[i + 1] == ASCII.space {
        let n = r.run(from: i + 2) { $0 != ASCII.comma }
        if n > 0 { return Array(r[(i + 2)..<(i + 2 + n)]) }
      }
      i -= 1
    }
    let n = r.run(from: 0) { $0 != ASCII.comma }
    return n > 0 ? Array(r[..<n]) : r
  }

  /// `to=<([^>]+)>` / `\d{3} <([^>]+)>: User unknown ` / `to=<(.*?)(?:[, ]|$)` / "<>".
  static func recipient(_ r: [UInt8]) -> [UInt8] {
    // The next '>' is looked up through `ForwardSearch` (a scan per "to=<" was quadratic).
    var gts = ForwardSearch()
    let nextGT = { (i: Int) in firstGT(r, from: i) }
    var from = 0
    while let at = r.firstIndex(of: "to=<", from: from) {
      from = at + 1
      let s = at + 4
      if let gt = gts.first(atOrAfter: s, nextGT), gt > s { return Array(r[s..<gt]) }
    }
    // The leftmost "NNN <"; `[^>]+` runs to the next '>', which must start ">: User unknown ".
    var search = 4
    gts = ForwardSearch()
    while let l = r.firstIndex(from: search, where: { $0 == ASCII.lt }) {
      search = l + 1
      guard r[l - 1] == ASCII.space, r.hasThreeDigits(at: l - 4) else { continue }
      if let gt = gts.first(atOrAfter: l + 1, nextGT), gt > l + 1, r.matches(">: User unknown ", at: gt) {
        return Array(r[(l + 1)..<gt])
      }
    }
    if let at = r.firstIndex(of: "to=<") {
      let s = at + 4
      let e = r.firstIndex(from: s, where: { $0 == ASCII.comma || $0 == ASCII.space }) ?? r.count
      return Array(r[s..<e])
    }
    return Array("<>")
  }

  /// The first '>' at or after `i`.
  private static func firstGT(_ r: [UInt8], from i: Int) -> Int? {
    r.withBytes { $0.index(of: ASCII.gt, from: i) }
  }

  /// `from=<([^>]+)>` or "<>".
  static func sender(_ r: [UInt8]) -> [UInt8] {
    var gts = ForwardSearch()  // as in `recipient`
    var from = 0
    while let at = r.firstIndex(of: "from=<", from: from) {
      from = at + 1
      let s = at + 6
      if let gt = gts.first(atOrAfter: s, { firstGT(r, from: $0) }), gt > s {
        return Array(r[s..<gt])
      }
    }
    return Array("<>")
  }

  /// For pipelining rejects: `^.+? from (\S+?):.*$` on the whole payload.
  static func pipeliningSource(_ payload: [UInt8]) -> [UInt8] {
    var from = 1
    while let at = payload.firstIndex(of: " from ", from: from) {
      from = at + 1
      let s = at + 6
      var k = s
      while k < payload.count, !ASCII.isSpace(payload[k]), payload[k] != ASCII.colon { k += 1 }
      if k < payload.count, k > s, payload[k] == ASCII.colon { return Array(payload[s..<k]) }
    }
    return []
  }
}

extension Array where Element == UInt8 {
  /// Last index of `byte` in `from..<to`.
  func lastIndex(of byte: UInt8, from: Int, to: Int) -> Int? {
    var i = Swift.min(to, count) - 1
    while i >= from {
      if self[i] == byte { return i }
      i -= 1
    }
    return nil
  }
}
