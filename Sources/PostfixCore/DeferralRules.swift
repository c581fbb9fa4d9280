/// How a deferral reason becomes "host" and "reason" in "message deferral detail"
/// (PFLOGSUMM.md §3.11): the first of six shapes that fits names the host; otherwise the host is
/// unknown and the whole text is the reason.
enum DeferralRules {
  static func split(_ text: [UInt8]) -> (host: [UInt8], reason: [UInt8]) {
    // ^host (\S+) (?:said|refused to talk to me): ([^(]+)
    if text.hasPrefix("host ") {
      let n = text.run(from: 5) { !ASCII.isSpace($0) }
      let after = 5 + n
      if n > 0 {
        for verb: StaticString in [" said: ", " refused to talk to me: "] where text.matches(verb, at: after) {
          let rs = after + verb.utf8CodeUnitCount
          let m = text.run(from: rs) { $0 != ASCII.lparen }
          if m > 0 { return (Array(text[5..<after]), Array(text[rs..<(rs + m)])) }
        }
      }
    }
    // ^(?:delivery temporarily suspended: )?connect to (.+?(?::\d+)?): ([^\)]+)$
    for prefix: StaticString in ["delivery temporarily suspended: connect to ", "connect to "] where text.hasPrefix(prefix) {
      let hs = prefix.utf8CodeUnitCount
      var k = hs + 1
      while k < text.count {
        // At each length try ":\d+" then ": ", then plain ": ".
        var candidates: [Int] = []
        if text[k] == ASCII.colon {
          let d = text.run(from: k + 1, ASCII.isDigit)
          if d > 0 { candidates.append(k + 1 + d) }
          candidates.append(k)
        }
        for e in candidates where text.matches(": ", at: e) {
          let rs = e + 2
          if rs < text.count, !text[rs...].contains(ASCII.rparen) {
            return (Array(text[hs..<e]), Array(text[rs...]))
          }
        }
        k += 1
      }
    }
    // ^cannot (?:append to file|update mailbox) ([^:.]+)[:.] (.+)$
    for prefix: StaticString in ["cannot append to file ", "cannot update mailbox "] where text.hasPrefix(prefix) {
      let hs = prefix.utf8CodeUnitCount
      let n = text.run(from: hs) { $0 != ASCII.colon && $0 != ASCII.dot }
      if n > 0, hs + n + 2 < text.count, text[hs + n + 1] == ASCII.space {
        return (Array(text[hs..<(hs + n)]), Array(text[(hs + n + 2)...]))
      }
    }
    // ^.*(Name service error )for (?:domain |name=)?([^: ]+):? (.+)$  → reason = $1 . $3
    var to = text.count
    while let at = text.lastIndex(of: "Name service error for ", to: to) {
      to = at + 22
      let hs0 = at + 23
      var starts: [Int] = []
      if text.matches("domain ", at: hs0) { starts.append(hs0 + 7) }
      if text.matches("name=", at: hs0) { starts.append(hs0 + 5) }
      starts.append(hs0)
      for hs in starts {
        let n = text.run(from: hs) { $0 != ASCII.colon && $0 != ASCII.space }
        guard n > 0 else { continue }
        var e = hs + n
        if e < text.count, text[e] == ASCII.colon { e += 1 }
        if e + 1 < text.count, text[e] == ASCII.space {
          return (Array(text[hs..<(hs + n)]), joined("Name service error ", Array(text[(e + 1)...])))
        }
      }
    }
    // ^((?:conversation|lost connection) )with (\S+) ((?:timed out )?while (receiving|sending) .+)$
    for prefix: StaticString in ["conversation with ", "lost connection with "] where text.hasPrefix(prefix) {
      let hs = prefix.utf8CodeUnitCount
      let n = text.run(from: hs) { !ASCII.isSpace($0) }
      guard n > 0, hs + n < text.count, text[hs + n] == ASCII.space else { continue }
      let ms = hs + n + 1
      var w = ms
      if text.matches("timed out ", at: w) { w += 10 }
      for verb: StaticString in ["while receiving ", "while sending "] where text.matches(verb, at: w) && w + verb.utf8CodeUnitCount < text.count {
        return (Array(text[hs..<(hs + n)]), Array(text[..<(hs - 5)]) + Array(text[ms...]))
      }
    }
    // ^(delivery temporarily suspended: )connect to ([^:]+): (.+)$
    if text.hasPrefix("delivery temporarily suspended: connect to ") {
      let hs = 43
      let n = text.run(from: hs) { $0 != ASCII.colon }
      if n > 0, text.matches(": ", at: hs + n), hs + n + 2 < text.count {
        return (Array(text[hs..<(hs + n)]), joined("delivery temporarily suspended: ", Array(text[(hs + n + 2)...])))
      }
    }
    return (Array("(unknown host)"), text)
  }

  /// `$reason .= $moreReason if($moreReason)`: a rest of just "0" is false in Perl and dropped.
  private static func joined(_ reason: StaticString, _ more: [UInt8]) -> [UInt8] {
    more == [0x30] ? Array(reason) : Array(reason) + more
  }
}
