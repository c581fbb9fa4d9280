/// pflogsumm 1.3.0's condensing of warning texts, so that one kind of warning from many
/// clients is one line (PFLOGSUMM.md §3.10). The first rule that applies wins.
enum WarningRules {
  static func condense(_ w: [UInt8]) -> [UInt8] {
    for rule in rules {
      if let out = rule(w) { return out }
    }
    return w
  }

  private typealias Rule = @Sendable ([UInt8]) -> [UInt8]?

  private static func isUpperHexColonDot(_ c: UInt8) -> Bool {
    ASCII.isUpperHex(c) || c == ASCII.colon || c == ASCII.dot
  }

  private static let rules: [Rule] = [
    // ^(Unable to look up (?:MX|NS) host) for .+(: Host not found(?:,try again)?)
    { w in
      guard let kind = lookupKind(w, prefixLength: 18), w.matches(" host for ", at: 20) else { return nil }
      _ = kind
      guard let at = w.lastIndex(of: ": Host not found"), at > 30 else { return nil }
      var end = at + 16
      if w.matches(",try again", at: end) { end += 10 }
      return Array(w[..<25]) + Array(w[at..<end]) + Array(w[end...])
    },
    // ^(hostname ).+ (does not resolve to address) [0-9A-F:\.]+$
    { w in
      guard w.hasPrefix("hostname ") else { return nil }
      var to = w.count
      while let at = w.lastIndex(of: " does not resolve to address ", to: to), at > 9 {
        to = at + 28
        let ipStart = at + 29
        if ipStart < w.count, w[ipStart...].allSatisfy(isUpperHexColonDot) {
          return Array("hostname does not resolve to address")
        }
      }
      return nil
    },
    // ^(hostname ).+ (does not resolve to address) .+(: hostname nor servname provided, or not known)$
    { w in
      guard w.hasPrefix("hostname "), w.hasSuffix(": hostname nor servname provided, or not known") else { return nil }
      let tail = w.count - 46
      guard let at = w.lastIndex(of: " does not resolve to address ", to: tail), at > 9, at + 29 < tail else { return nil }
      return Array("hostname does not resolve to address: hostname nor servname provided, or not known")
    },
    // ^(Unable to look up (?:MX|NS) host ).+ (for (?:Sender address|Client host|Helo command)) .+(: (?:hostname nor servname provided, or not known|No address associated with hostname))$
    { w in
      guard lookupKind(w, prefixLength: 18) != nil, w.matches(" host ", at: 20) else { return nil }
      var suffix: [UInt8]?
      for s: StaticString in [": hostname nor servname provided, or not known", ": No address associated with hostname"] where w.hasSuffix(s) {
        suffix = Array(s)
      }
      guard let suffix else { return nil }
      let tail = w.count - suffix.count
      for middle: StaticString in [" for Sender address ", " for Client host ", " for Helo command "] {
        if let at = w.lastIndex(of: middle, to: tail), at > 26, at + middle.utf8CodeUnitCount < tail {
          let m = Array(middle)
          return Array(w[..<26]) + Array(m[1..<(m.count - 1)]) + suffix
        }
      }
      return nil
    },
    prefixThen("malformed domain name in resource data of MX record", " for "),
    { w in
      for p: StaticString in ["numeric domain name in resource data of MX record for ", "numeric domain name in resource data of NS record for "]
      where w.hasPrefix(p) {
        return Array(w[..<(p.utf8CodeUnitCount - 5)])
      }
      return nil
    },
    prefixThen("numeric hostname", ": "),
    prefixThen("valid_hostname: invalid character", " "),
    // ^[0-9A-F:\.]+ (address not listed for hostname) .*$
    { w in
      let n = w.run(from: 0, isUpperHexColonDot)
      guard n > 0, w.matches(" address not listed for hostname ", at: n) else { return nil }
      return Array("address not listed for hostname")
    },
    // ^[0-9A-F]+: (queue file size limit exceeded)$
    { w in
      let n = w.run(from: 0, ASCII.isUpperHex)
      guard n > 0, w.count == n + 32, w.matches(": queue file size limit exceeded", at: n) else { return nil }
      return Array("queue file size limit exceeded")
    },
    // ^[^:]+: (SASL (?:LOGIN|PLAIN|CRAM-MD5) authentication failed(?:: Invalid authentication mechanism)?).*$
    { w in
      guard let colon = w.firstIndex(of: ASCII.colon), colon > 0, w.matches(": SASL ", at: colon) else { return nil }
      let m = colon + 7
      var mech = 0
      for name: StaticString in ["LOGIN", "PLAIN", "CRAM-MD5"] where w.matches(name, at: m) { mech = name.utf8CodeUnitCount }
      guard mech > 0, w.matches(" authentication failed", at: m + mech) else { return nil }
      var end = m + mech + 22
      if w.matches(": Invalid authentication mechanism", at: end) { end += 34 }
      return Array(w[(colon + 2)..<end])
    },
    // ^(Illegal address syntax )from .+ (in (?:MAIL|RCPT) command): .*$
    { w in
      guard w.hasPrefix("Illegal address syntax from ") else { return nil }
      for cmd: StaticString in [" in MAIL command: ", " in RCPT command: "] {
        if let at = w.lastIndex(of: cmd), at > 28 {
          let c = Array(cmd)
          return Array("Illegal address syntax ") + Array(c[1..<(c.count - 2)])
        }
      }
      return nil
    },
    // ^(non-SMTP command) from .+?(: \S+) .*$
    { w in
      guard w.hasPrefix("non-SMTP command from ") else { return nil }
      var from = 23
      while let at = w.firstIndex(of: ": ", from: from) {
        from = at + 1
        let s = at + 2
        let n = w.run(from: s) { !ASCII.isSpace($0) }
        // \S+ greedy then a space: the run must be followed by a space.
        if n > 0, s + n < w.count, w[s + n] == ASCII.space {
          return Array("non-SMTP command") + Array(w[at..<(s + n)])
        }
      }
      return nil
    },
    // ^(Connection concurrency limit exceeded: \d+ )from \S+ (for service .+)$
    { w in
      guard w.hasPrefix("Connection concurrency limit exceeded: ") else { return nil }
      let d = w.run(from: 39, ASCII.isDigit)
      guard d > 0, w.matches(" from ", at: 39 + d) else { return nil }
      let hs = 39 + d + 6
      let h = w.run(from: hs) { !ASCII.isSpace($0) }
      guard h > 0, w.matches(" for service ", at: hs + h), hs + h + 13 < w.count else { return nil }
      return Array(w[..<(39 + d + 1)]) + Array(w[(hs + h + 1)...])
    },
    // ^[0-9A-F:\.]+ (hostname ).+ (verification failed: No address associated with hostname)$
    { w in
      let n = w.run(from: 0, isUpperHexColonDot)
      guard n > 0, w.matches(" hostname ", at: n), w.hasSuffix(" verification failed: No address associated with hostname"),
        w.count - 57 > n + 10
      else { return nil }
      return Array("hostname verification failed: No address associated with hostname")
    },
    // ^[\w\.-]+: (RBL lookup error: Host or domain name not found. Name service error )for name=[\w\.-]+ (type=.+: Host not found, try again)$
    { w in
      func ok(_ c: UInt8) -> Bool { ASCII.isWord(c) || c == ASCII.dot || c == ASCII.dash }
      let n = w.run(from: 0, ok)
      let phrase: StaticString = ": RBL lookup error: Host or domain name not found. Name service error for name="
      guard n > 0, w.matches(phrase, at: n) else { return nil }
      let ns = n + phrase.utf8CodeUnitCount
      let m = w.run(from: ns, ok)
      guard m > 0, w.matches(" type=", at: ns + m), w.hasSuffix(": Host not found, try again"),
        w.count - 27 > ns + m + 6
      else { return nil }
      return Array(w[(n + 2)..<(ns - 9)]) + Array(w[(ns + m + 1)...])
    },
    // ^.+((?:postfix-)?policyd-spf-perl: process )id \d+: (command time limit exceeded)$
    { w in
      guard w.hasSuffix(": command time limit exceeded"),
        let at = w.lastIndex(of: "policyd-spf-perl: process id ")
      else { return nil }
      let d = w.run(from: at + 29, ASCII.isDigit)
      guard d > 0, at + 29 + d + 29 == w.count else { return nil }
      // The greedy ".+" always swallows an optional "postfix-" prefix.
      guard at > 0 else { return nil }
      return Array(w[at..<(at + 26)]) + Array("command time limit exceeded")
    },
    // s/(process .+) pid \d+ (exit status \d+)/$1 $2/  (unanchored)
    { w in
      guard let p = w.firstIndex(of: "process ") else { return nil }
      var to = w.count
      while let at = w.lastIndex(of: " pid ", to: to), at > p + 8 {
        to = at + 4
        let d = w.run(from: at + 5, ASCII.isDigit)
        if d > 0, w.matches(" exit status ", at: at + 5 + d), w.run(from: at + 5 + d + 13, ASCII.isDigit) > 0 {
          return Array(w[..<at]) + Array(w[(at + 5 + d)...])
        }
      }
      return nil
    },
  ]

  /// "Unable to look up MX" / "NS": the two letters' position check.
  private static func lookupKind(_ w: [UInt8], prefixLength: Int) -> Bool? {
    guard w.hasPrefix("Unable to look up ") else { return nil }
    if w.matches("MX", at: prefixLength) || w.matches("NS", at: prefixLength) { return true }
    return nil
  }

  /// `s/^(PREFIX)SEP.*$/$1/`
  private static func prefixThen(_ prefix: StaticString, _ separator: StaticString) -> Rule {
    { w in
      let n = prefix.utf8CodeUnitCount
      guard w.hasPrefix(prefix), w.matches(separator, at: n) else { return nil }
      return Array(w[..<n])
    }
  }
}
