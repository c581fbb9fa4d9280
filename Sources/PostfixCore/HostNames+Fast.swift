/// Fast paths for the per-line host name rules. Each handles only the plain, common shape and
/// returns nil for anything unusual, which then goes through the exact (slower) rule in
/// `HostNames.swift`; the rule case tests run both.
extension HostNames {
  /// `fold_domain` for a plain address or host name: no white space or `<>`, at most one
  /// `@` with text on both sides, no empty labels, no trailing dot.
  static func fastFoldDomain(_ b: Bytes) -> String? {
    guard let (range, lower) = fastFoldDomainRange(b) else { return nil }
    return lower ? lowered(b, range) : b.string(range)
  }

  /// `fastFoldDomain` as a range of the input and whether it must be lower-cased (always
  /// true — the folded part is lower-cased — but a caller that interns bytes can skip the copy
  /// when the range holds no capitals).
  static func fastFoldDomainRange(_ b: Bytes) -> (range: Range<Int>, lower: Bool)? {
    var at = -1
    var k = 0
    // Eight bytes at a time (`WordScan`), the last few one by one.
    while k + 8 <= b.count {
      let w = WordScan.word(b, at: k)
      if WordScan.hasHighByte(w) | WordScan.hasBelow(w, 0x21) | WordScan.has(w, ASCII.lt) | WordScan.has(w, ASCII.gt) != 0 {
        return nil
      }
      let ats = WordScan.bytes(w, equalTo: ASCII.at)
      if ats != 0 {
        if at >= 0 || ats & (ats &- 1) != 0 { return nil }
        at = k + ats.trailingZeroBitCount / 8
      }
      k += 8
    }
    while k < b.count {
      let c = b[k]
      if c == ASCII.at {
        if at >= 0 { return nil }
        at = k
      } else if c <= 0x20 || c == ASCII.lt || c == ASCII.gt || c >= 0x80 {
        return nil
      }
      k += 1
    }
    let start = at + 1
    if at == 0 || start >= b.count { return nil }
    return registeredDomainRange(b, from: start)
  }

  /// The labels part of `fastFoldDomainRange`, for the domain that starts at `start` (and
  /// runs to the end): nil when it has an empty label (or a leading or trailing dot).
  static func registeredDomainRange(_ b: Bytes, from start: Int) -> (range: Range<Int>, lower: Bool)? {
    let end = b.count
    var k = start
    // Labels: no empty label, no leading or trailing dot.
    var dots = 0
    var lastDot = -1
    var secondLastDot = -1
    var firstDot = -1
    func dot(_ d: Int) -> Bool {
      if d == start || d == end - 1 || lastDot == d - 1 { return false }
      if firstDot < 0 { firstDot = d }
      secondLastDot = lastDot
      lastDot = d
      dots += 1
      return true
    }
    // The dots eight bytes at a time (`WordScan`, lowest byte first), the last few one by one.
    while k + 8 <= end {
      var found = WordScan.bytes(WordScan.word(b, at: k), equalTo: ASCII.dot)
      while found != 0 {
        guard dot(k + found.trailingZeroBitCount / 8) else { return nil }
        found &= found &- 1
      }
      k += 8
    }
    while k < end {
      if b[k] == ASCII.dot, !dot(k) { return nil }
      k += 1
    }
    // With an '@' the domain is lower-cased; a bare name is left as it is (pflogsumm's regex
    // matches it too and lower-cases it — same thing, since the capture is the whole text).
    if dots == 0 { return withCase(b, start..<end) }
    let tld = (lastDot + 1)..<end
    if tld.count == 3 {
      let a = ASCII.lower(b[tld.lowerBound])
      let m = ASCII.lower(b[tld.lowerBound + 1])
      let z = ASCII.lower(b[tld.lowerBound + 2])
      switch (a, m, z) {
      case (0x63, 0x6F, 0x6D), (0x6E, 0x65, 0x74), (0x6F, 0x72, 0x67),  // com net org
        (0x67, 0x6F, 0x76), (0x6D, 0x69, 0x6C), (0x65, 0x64, 0x75):  // gov mil edu
        return withCase(b, (secondLastDot < 0 ? start : secondLastDot + 1)..<end)
      default:
        break
      }
    }
    if dots + 1 > 3 { return withCase(b, (firstDot + 1)..<end) }
    return withCase(b, start..<end)
  }

  /// The range (a tail of `b`), and whether it holds capitals.
  @inline(__always)
  private static func withCase(_ b: Bytes, _ r: Range<Int>) -> (range: Range<Int>, lower: Bool) {
    assert(r.upperBound == b.count, "a domain runs to the end of the address")
    return (r, WordScan.hasCapital(b, from: r.lowerBound))
  }

  /// The bytes as a string, ASCII letters lower-cased (without copying when none is upper).
  @inline(__always)
  static func lowered(_ b: Bytes, _ r: Range<Int>) -> String {  // also used for interning
    var k = r.lowerBound
    while k < r.upperBound {
      if b[k] &- 0x41 < 26 {
        // Written straight into the string (repaired as `String(decoding:)` would).
        return String(unsafeUninitializedCapacity: r.count) { out in
          var j = 0
          for c in b[r] {
            out[j] = ASCII.lower(c)
            j += 1
          }
          return j
        }
      }
      k += 1
    }
    return b.string(r)
  }
}

extension HostNames {
  /// A dotted quad with octets up to 255, as one number; nil for anything else.
  static func ipv4Quad(_ b: Bytes) -> UInt32? {
    var quad: UInt32 = 0
    var octet = 0
    var n = 0
    var digits = 0
    var tooLarge = false
    for c in b {
      if c == ASCII.dot {
        guard digits > 0, n < 3 else { return nil }
        if octet > 255 { tooLarge = true }
        quad = quad << 8 | UInt32(truncatingIfNeeded: octet)
        octet = 0
        n += 1
        digits = 0
      } else {
        guard digits < 3 else { return nil }
        octet = octet * 10 + Int(c &- 0x30)
        digits += 1
      }
    }
    guard n == 3, digits > 0, !tooLarge, octet <= 255 else { return nil }
    return quad << 8 | UInt32(octet)
  }
}
