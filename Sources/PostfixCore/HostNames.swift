/// How pflogsumm 1.3.0 turns client strings, relays and addresses into the host/domain keys of
/// its tables. Reimplemented from its documented behaviour (see PFLOGSUMM.md §3.12), on bytes.
enum HostNames {
  /// `gimme_domain`: from `name[ip]`, `name/ip`, `[ip]:port` or any text containing a bracketed
  /// address, the client's domain — the IP address when the name is `unknown` or a reverse-DNS
  /// name — folded to its registered domain unless `fqdn` is set.
  static func clientDomain(_ text: Bytes, fqdn: Bool = false) -> String {
    if isNone(text) { return "none" }
    var name: Range<Int>?
    var ip: Range<Int>?
    if let (n, a) = bracketed(text) ?? slashed(text) {
      name = n
      ip = a
    } else if let a = addressOnly(text) {
      ip = a
    } else {
      ip = lastDitchAddress(text)
    }
    // The address and the name are ASCII (address bytes, brackets, host-name bytes), so the
    // rules below work on their bytes and only the result becomes a string.
    // `$ipaddr = "unknown" unless($ipaddr)`: Perl's false "0" counts as no address.
    guard var address = ip, !(address.count == 1 && text[address.lowerBound] == 0x30) else {
      return name.map { hostDomain(text, $0, fqdn: fqdn) } ?? "unknown"
    }
    // s/^\[|\]$//g
    if !address.isEmpty, text[address.lowerBound] == ASCII.lbracket { address = (address.lowerBound + 1)..<address.upperBound }
    if !address.isEmpty, text[address.upperBound - 1] == ASCII.rbracket { address = address.lowerBound..<(address.upperBound - 1) }
    guard let name, !isReverseName(text, name) else { return text.string(address) }
    return fqdn ? text.string(name) : foldedDomain(text, name)
  }

  /// The name's part of `clientDomain` when there is no address ("unknown" then stands for it).
  private static func hostDomain(_ text: Bytes, _ name: Range<Int>, fqdn: Bool) -> String {
    if isReverseName(text, name) { return "unknown" }
    return fqdn ? text.string(name) : foldedDomain(text, name)
  }

  /// `unknown`, or a reverse-DNS name (`….in-addr.arpa`, `….ip6.arpa`): the address stands for it.
  private static func isReverseName(_ text: Bytes, _ name: Range<Int>) -> Bool {
    let host = UnsafeBufferPointer(rebasing: text[name])
    return host.isExactly("unknown", from: 0) || host.hasSuffix(".in-addr.arpa") || host.hasSuffix(".ip6.arpa")
  }

  /// `foldDomain` of the name (straight from its bytes in the common case: a host name is not
  /// empty and has only [A-Za-z0-9.-], so `fastFoldDomainRange` would go straight to its labels).
  private static func foldedDomain(_ text: Bytes, _ name: Range<Int>) -> String {
    let host = UnsafeBufferPointer(rebasing: text[name])
    if let (range, lower) = registeredDomainRange(host, from: 0) { return lower ? lowered(host, range) : host.string(range) }
    return foldDomain(text.string(name))
  }

  private static func isNone(_ t: Bytes) -> Bool {
    guard t.matches("none", at: 0) else { return false }
    if t.count == 4 { return true }
    guard t[4] == ASCII.colon, t.count > 5 else { return false }
    for k in 5..<t.count where !ASCII.isDigit(t[k]) { return false }
    return true
  }

  /// Bytes that may appear in a host name for pflogsumm's HOST pattern: [A-Za-z0-9-] and '.'.
  @inline(__always) private static func isHostByte(_ c: UInt8) -> Bool {
    ASCII.isAlnum(c) || c == ASCII.dash || c == ASCII.dot
  }
  /// The look-behind boundary: a host must not follow [A-Za-z0-9._-].
  @inline(__always) private static func isBoundaryByte(_ c: UInt8) -> Bool {
    ASCII.isAlnum(c) || c == ASCII.dot || c == ASCII.underscore || c == ASCII.dash
  }

  /// `unknown`, `localhost` or at least two dot-separated labels of [A-Za-z0-9-] (one trailing
  /// dot allowed before the separator). Returns the name range without the trailing dot.
  private static func hostBefore(_ t: Bytes, separator s: Int) -> Range<Int>? {
    var start = s
    while start > 0, isHostByte(t[start - 1]) { start -= 1 }
    if start > 0, isBoundaryByte(t[start - 1]) { return nil }
    guard start < s else { return nil }
    // Try with the optional trailing dot consumed by `\.?` first (greedy), then without.
    if t[s - 1] == ASCII.dot, isHostPattern(t, start..<(s - 1)) { return start..<(s - 1) }
    return isHostPattern(t, start..<s) ? start..<s : nil
  }

  private static func isHostPattern(_ t: Bytes, _ r: Range<Int>) -> Bool {
    if r.isEmpty { return false }
    let n = r.count
    if n == 7 && t.matchesIgnoringCase("unknown", at: r.lowerBound) { return true }
    if n == 9 && t.matchesIgnoringCase("localhost", at: r.lowerBound) { return true }
    var labels = 0
    var labelLength = 0
    for k in r {
      if t[k] == ASCII.dot {
        if labelLength == 0 { return false }
        labels += 1
        labelLength = 0
      } else {
        labelLength += 1
      }
    }
    return labelLength > 0 && labels >= 1
  }

  /// IPv4 exactly filling `r`.
  private static func isIPv4(_ t: Bytes, _ r: Range<Int>) -> Bool {
    var groups = 0
    var digits = 0
    for k in r {
      let c = t[k]
      if ASCII.isDigit(c) {
        digits += 1
        if digits > 3 { return false }
      } else if c == ASCII.dot {
        if digits == 0 || groups == 3 { return false }
        groups += 1
        digits = 0
      } else {
        return false
      }
    }
    return groups == 3 && digits > 0
  }

  /// `IPv4 | IPv6:IPv4 | IPv6` exactly filling `r` (IPv6 = hex digits and colons with a colon).
  private static func isAddress(_ t: Bytes, _ r: Range<Int>) -> Bool {
    if r.isEmpty { return false }
    if isIPv4(t, r) { return true }
    var hasColon = false
    var firstOther = r.upperBound  // the first byte that is neither hex nor ':'
    for k in r {
      let c = t[k]
      if c == ASCII.colon {
        hasColon = true
      } else if !ASCII.isHex(c) {
        firstOther = k
        break
      }
    }
    if firstOther == r.upperBound && hasColon { return true }
    // IPv6:IPv4 — hex/colon prefix, its last ':', a dotted quad. The prefix ends before the
    // first other byte, so its last ':' is found there (not by a scan from the end of `r`,
    // which was quadratic for the many '[' of a crafted line sharing one far ']'); a ':'
    // further on fails the dotted quad as it failed the prefix.
    if let colon = t.lastIndex(of: ASCII.colon, from: r.lowerBound, to: firstOther), colon > r.lowerBound {
      return isIPv4(t, (colon + 1)..<r.upperBound)
    }
    return false
  }

  /// `HOST\.?\[(address)\]`, leftmost.
  private static func bracketed(_ t: Bytes) -> (Range<Int>, Range<Int>)? {
    var from = 0
    var closes = ForwardSearch()
    while let open = t.index(of: ASCII.lbracket, from: from) {
      from = open + 1
      guard open > 0, let close = closes.first(atOrAfter: open + 1, { t.index(of: ASCII.rbracket, from: $0) }) else {
        continue
      }
      guard isAddress(t, (open + 1)..<close), let name = hostBefore(t, separator: open) else { continue }
      return (name, (open + 1)..<close)
    }
    return nil
  }

  /// `HOST\.?/(IPv4|\[?IPv6:IPv4\]?|\[?IPv6\]?)` (old Postfix `name/ip`), leftmost. Nothing
  /// is required after the address, so the longest prefix of each shape that fits is taken.
  private static func slashed(_ t: Bytes) -> (Range<Int>, Range<Int>)? {
    var from = 0
    var lookahead = ForwardSearch()
    while let slash = t.index(of: ASCII.slash, from: from) {
      from = slash + 1
      guard slash > 0, let name = hostBefore(t, separator: slash) else { continue }
      let i = slash + 1
      if let q = ipv4Prefix(t, at: i) { return (name, i..<q.upperBound) }
      var k = i
      if k < t.count, t[k] == ASCII.lbracket { k += 1 }
      guard let run = ipv6Run(t, at: k, lookahead: &lookahead) else { continue }
      // IPv6:IPv4 is tried before IPv6: a dotted quad after the run's last colon.
      var end = run.upperBound
      if let colon = t.lastIndex(of: ASCII.colon, from: k + 1, to: run.upperBound), let q = ipv4Prefix(t, at: colon + 1) {
        end = q.upperBound
      }
      if end < t.count, t[end] == ASCII.rbracket { end += 1 }
      return (name, i..<end)
    }
    return nil
  }

  /// pflogsumm's `$IPv6` at `k`: `(?=[^\]]*:)[\da-f:]+` — a run of hex digits and colons that
  /// need not contain a colon itself: the look-ahead only wants one somewhere before the next
  /// `]` (so in `name/ab cd:` the "address" is `ab`).
  ///
  /// `lookahead` finds the first ':' or ']' from `k` on; callers try increasing `k`, so it
  /// scans each stretch once (a scan per slash was quadratic on a long `/1/1/1…`).
  private static func ipv6Run(_ t: Bytes, at k: Int, lookahead: inout ForwardSearch) -> Range<Int>? {
    var h = k
    while h < t.count, ASCII.isHex(t[h]) || t[h] == ASCII.colon { h += 1 }
    guard h > k else { return nil }
    let stop = lookahead.first(atOrAfter: k) { from in
      var j = from
      while j < t.count, t[j] != ASCII.rbracket, t[j] != ASCII.colon { j += 1 }
      return j < t.count ? j : nil
    }
    guard let stop, t[stop] == ASCII.colon else { return nil }
    return k..<h
  }

  /// `(?:\d{1,3}\.){3}\d{1,3}` at `i`: where the last group starts and where its (greedy, up
  /// to three) digits end. Shorter matches end anywhere between the two.
  private static func ipv4Match(_ t: Bytes, at i: Int) -> (lastGroup: Int, end: Int)? {
    var j = i
    for _ in 0..<3 {
      let s = j
      while j < t.count, j - s < 3, ASCII.isDigit(t[j]) { j += 1 }
      guard j > s, j < t.count, t[j] == ASCII.dot else { return nil }
      j += 1
    }
    var e = j
    while e < t.count, e - j < 3, ASCII.isDigit(t[e]) { e += 1 }
    return e > j ? (j, e) : nil
  }

  private static func ipv4Prefix(_ t: Bytes, at i: Int) -> Range<Int>? {
    ipv4Match(t, at: i).map { i..<$0.end }
  }

  /// The longest match of `(?:\d{1,3}\.){3}\d{1,3}` at `i` whose end `fits`.
  private static func ipv4Prefix(_ t: Bytes, at i: Int, where fits: (Int) -> Bool) -> Range<Int>? {
    guard let m = ipv4Match(t, at: i) else { return nil }
    var e = m.end
    while e > m.lastGroup {
      if fits(e) { return i..<e }
      e -= 1
    }
    return nil
  }

  /// `^\[(address)\]`
  private static func addressOnly(_ t: Bytes) -> Range<Int>? {
    guard t.count > 2, t[0] == ASCII.lbracket, let close = t.index(of: ASCII.rbracket, from: 1),
      isAddress(t, 1..<close)
    else { return nil }
    return 1..<close
  }

  /// The last-ditch `\[(address)\]|/(address)(?=$|\s|[\]\),;:])`, leftmost.
  private static func lastDitchAddress(_ t: Bytes) -> Range<Int>? {
    var p = 0
    var closes = ForwardSearch()
    var lookahead = ForwardSearch()
    while p < t.count {
      defer { p += 1 }
      if t[p] == ASCII.lbracket {
        if let close = closes.first(atOrAfter: p + 1, { t.index(of: ASCII.rbracket, from: $0) }), isAddress(t, (p + 1)..<close) {
          return (p + 1)..<close
        }
      } else if t[p] == ASCII.slash, let r = slashAddress(t, at: p + 1, lookahead: &lookahead) {
        return r
      }
    }
    return nil
  }

  /// `(IPv4|IPv6:IPv4|IPv6)(?=$|\s|[\]\),;:])` at `i`, each alternative backing off until what
  /// follows fits.
  private static func slashAddress(_ t: Bytes, at i: Int, lookahead: inout ForwardSearch) -> Range<Int>? {
    func fits(_ e: Int) -> Bool {
      if e == t.count || ASCII.isSpace(t[e]) { return true }
      let c = t[e]
      return c == ASCII.rbracket || c == ASCII.rparen || c == ASCII.comma || c == ASCII.semicolon || c == ASCII.colon
    }
    if let r = ipv4Prefix(t, at: i, where: fits) { return r }
    guard let run = ipv6Run(t, at: i, lookahead: &lookahead) else { return nil }
    if let colon = t.lastIndex(of: ASCII.colon, from: i + 1, to: run.upperBound),
      let r = ipv4Prefix(t, at: colon + 1, where: fits)
    {
      return i..<r.upperBound
    }
    // IPv6 alone: the whole run, else up to (not including) its last colon — a colon is one
    // of the bytes that may follow.
    if fits(run.upperBound) { return run }
    if let colon = t.lastIndex(of: ASCII.colon, from: i + 1, to: run.upperBound) { return i..<colon }
    return nil
  }

  /// `fold_domain`: the part after `@` (if any), lower-cased, without a trailing dot, cut to
  /// its registered domain: `com`/`net`/`org`/`gov`/`mil`/`edu` keep two labels, other names
  /// with more than three labels lose the leftmost one. Lower-casing is ASCII only, as Perl's
  /// `lc` on bytes in the C locale (in a UTF-8 locale pflogsumm would mangle UTF-8 bytes).
  static func foldDomain(_ text: String) -> String {
    var copy = text
    if let fast = copy.withUTF8({ fastFoldDomain($0) }) { return fast }
    return foldDomainExactly(text)
  }

  /// `foldDomain` by the rule itself, for any text (the fast path's tests compare with it).
  static func foldDomainExactly(_ text: String) -> String {
    let bytes = Array(text.utf8)
    var domain = addressDomain(bytes)?.lowercasedASCII() ?? bytes
    if domain.last == ASCII.dot { domain.removeLast() }
    guard domain.contains(ASCII.dot) else { return domain.string }
    // Perl's split drops trailing empty fields only.
    var parts = domain.split(separator: ASCII.dot, omittingEmptySubsequences: false)
    while let last = parts.last, last.isEmpty { parts.removeLast() }
    guard let last = parts.last else { return domain.string }
    // `my ($sld,$tld) = @parts[-2,-1]`: with one label (`com.` from `com..`) $sld is undef,
    // which joins as "" (`.com`).
    let sld = parts.count >= 2 ? Array(parts[parts.count - 2]) : []
    let tld = Array(last)
    for generic: StaticString in ["com", "net", "org", "gov", "mil", "edu"] where tld == Array(generic) {
      return (Array(sld) + [ASCII.dot] + tld).string
    }
    if parts.count > 3 { return Array(parts.dropFirst().joined(separator: [ASCII.dot])).string }
    return domain.string
  }

  /// `^\s*<?(?:[^@]+@)?([^\s>]+)>?\s*$` → the capture, or nil when the text has another shape.
  private static func addressDomain(_ b: [UInt8]) -> [UInt8]? {
    var i = 0
    while i < b.count, ASCII.isSpace(b[i]) { i += 1 }
    var end = b.count
    while end > i, ASCII.isSpace(b[end - 1]) { end -= 1 }
    // Candidate capture starts in the order Perl's backtracking tries them: with `<?` taking a
    // '<', after the first '@' (`[^@]+@` must take at least one byte), then right after the
    // '<'; with `<?` empty, after the first '@', then at the '<' itself (so `<>` yields `<`).
    let at = b[i..<end].firstIndex(of: ASCII.at)
    var starts: [Int] = []
    if i < end, b[i] == ASCII.lt {
      if let at, at > i + 1 { starts.append(at + 1) }
      starts.append(i + 1)
    }
    if let at, at > i { starts.append(at + 1) }
    starts.append(i)
    for s in starts {
      var e = s
      while e < end, !ASCII.isSpace(b[e]), b[e] != ASCII.gt { e += 1 }
      guard e > s else { continue }
      var rest = e
      if rest < end, b[rest] == ASCII.gt { rest += 1 }
      if rest == end { return Array(b[s..<e]) }
    }
    return nil
  }

  /// `normalize_host`: the secondary sort key of counted lists — names (labels reversed, so
  /// `bob@example.org` sorts as `org example bob`) first, then IPv4 in numeric order, then IPv6.
  /// Works on bytes, as Perl does; a host with more than eight IPv6 blocks is kept (pflogsumm
  /// dies on it).
  static func sortKey(_ text: String) -> [UInt8] {
    var bytes = text
    return bytes.withUTF8 { b in
      var writer = SortKeyWriter(capacity: b.count + 3)
      defer { writer.deallocate() }
      return writer.appendFastKey(b) ? writer.array : slowSortKey(text)
    }
  }

  /// `sortKey` for every shape, rule by rule (`SortKeyWriter` takes the common shapes faster,
  /// and must agree with this).
  static func slowSortKey(_ text: String) -> [UInt8] {
    let all = Array(text.utf8)
    // (split(/\s/, $host))[0]: up to the first white space — empty when the text starts with
    // one (Perl keeps leading empty fields).
    let b = Array(all[..<(all.firstIndex(where: ASCII.isSpace) ?? all.count)])
    // ^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$
    let octets = b.split(separator: ASCII.dot, omittingEmptySubsequences: false)
    if octets.count == 4, octets.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(ASCII.isDigit) }) {
      let values = octets.map { $0.reduce(0) { $0 * 10 + Int($1 &- 0x30) } }
      if values.allSatisfy({ $0 <= 255 }) {
        return Array("2_".utf8) + values.flatMap(hex2)
      }
      return Array("0_".utf8) + b
    }
    // ^[\dA-Fa-f]+:
    if let colon = b.firstIndex(of: ASCII.colon), colon > 0, b[..<colon].allSatisfy(ASCII.isHex) {
      return Array("3_".utf8) + expandIPv6(b.lowercasedASCII())
    }
    var key = Array("0_".utf8)
    var parts = b.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ASCII.dot || $0 == ASCII.at })
    // Perl's split drops trailing empty fields.
    while let last = parts.last, last.isEmpty { parts.removeLast() }
    for label in parts.reversed() { key.append(contentsOf: label.map(ASCII.lower)) }
    return key
  }

  static func hex2(_ v: Int) -> [UInt8] {
    let digits = Array("0123456789abcdef".utf8)
    return [digits[v >> 4], digits[v & 15]]
  }

  /// 32 hex digits, like pflogsumm's normalize_ipv6: split on ':' (trailing empty blocks
  /// dropped), the first empty block becomes as many `0000` as are missing, every block is
  /// zero-padded to 4 bytes (`%04s`), and short results are filled up to 8 blocks.
  private static func expandIPv6(_ text: [UInt8]) -> [UInt8] {
    var blocks = text.split(separator: ASCII.colon, omittingEmptySubsequences: false).map(Array.init)
    while let last = blocks.last, last.isEmpty { blocks.removeLast() }
    if let gap = blocks.firstIndex(where: \.isEmpty) {
      let missing = max(8 - blocks.count + 1, 0)
      blocks.replaceSubrange(gap...gap, with: Array(repeating: Array("0000".utf8), count: missing))
    }
    blocks = blocks.map { $0.count >= 4 ? $0 : Array(repeating: 0x30, count: 4 - $0.count) + $0 }
    if blocks.count < 8 { blocks += Array(repeating: Array("0000".utf8), count: 8 - blocks.count) }
    return Array(blocks.joined())
  }
}
