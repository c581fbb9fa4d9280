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
    var ipString = ip.map { text.string($0) } ?? "unknown"
    // s/^\[|\]$//g
    if ipString.hasPrefix("[") { ipString.removeFirst() }
    if ipString.hasSuffix("]") { ipString.removeLast() }
    guard let name else { return ipString }
    let host = text.string(name)
    if host == "unknown" || host.hasSuffix(".in-addr.arpa") || host.hasSuffix(".ip6.arpa") {
      return ipString
    }
    return fqdn ? host : foldDomain(host)
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
    let candidates = t[s - 1] == ASCII.dot ? [start..<(s - 1), start..<s] : [start..<s]
    for r in candidates where isHostPattern(t, r) { return r }
    return nil
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
    var allHexColon = true
    for k in r {
      let c = t[k]
      if c == ASCII.colon { hasColon = true } else if !ASCII.isHex(c) { allHexColon = false; break }
    }
    if allHexColon && hasColon { return true }
    // IPv6:IPv4 — hex/colon prefix, ':', dotted quad.
    if let colon = t.lastIndex(of: ASCII.colon, from: r.lowerBound, to: r.upperBound), colon > r.lowerBound {
      for k in r.lowerBound..<colon where !(ASCII.isHex(t[k]) || t[k] == ASCII.colon) { return false }
      return isIPv4(t, (colon + 1)..<r.upperBound)
    }
    return false
  }

  /// `HOST\.?\[(address)\]`, leftmost.
  private static func bracketed(_ t: Bytes) -> (Range<Int>, Range<Int>)? {
    var from = 0
    while let open = t.index(of: ASCII.lbracket, from: from) {
      from = open + 1
      guard open > 0, let close = t.index(of: ASCII.rbracket, from: open + 1) else { continue }
      guard isAddress(t, (open + 1)..<close), let name = hostBefore(t, separator: open) else { continue }
      return (name, (open + 1)..<close)
    }
    return nil
  }

  /// `HOST\.?/(IPv4|\[?IPv6:IPv4\]?|\[?IPv6\]?)` (old Postfix `name/ip`), leftmost.
  private static func slashed(_ t: Bytes) -> (Range<Int>, Range<Int>)? {
    var from = 0
    while let slash = t.index(of: ASCII.slash, from: from) {
      from = slash + 1
      guard slash > 0, let name = hostBefore(t, separator: slash) else { continue }
      var i = slash + 1
      // IPv4 prefix (no anchor at the end).
      if let r = ipv4Prefix(t, at: i) { return (name, r) }
      let start = i
      if i < t.count, t[i] == ASCII.lbracket { i += 1 }
      var j = i
      var hasColon = false
      while j < t.count, ASCII.isHex(t[j]) || t[j] == ASCII.colon || t[j] == ASCII.dot {
        if t[j] == ASCII.colon { hasColon = true }
        j += 1
      }
      guard hasColon, j > i else { continue }
      // Keep hex/colon (and a trailing dotted quad after a colon).
      var end = j
      if let lastColon = t.lastIndex(of: ASCII.colon, from: i, to: j), !isIPv4(t, (lastColon + 1)..<j) {
        end = i
        while end < j, ASCII.isHex(t[end]) || t[end] == ASCII.colon { end += 1 }
      }
      if end < t.count, t[end] == ASCII.rbracket { end += 1 }
      return (name, start..<end)
    }
    return nil
  }

  private static func ipv4Prefix(_ t: Bytes, at i: Int) -> Range<Int>? {
    var j = i
    for group in 0..<4 {
      let s = j
      while j < t.count, j - s < 3, ASCII.isDigit(t[j]) { j += 1 }
      if j == s { return nil }
      if group < 3 {
        guard j < t.count, t[j] == ASCII.dot else { return nil }
        j += 1
      }
    }
    return i..<j
  }

  /// `^\[(address)\]`
  private static func addressOnly(_ t: Bytes) -> Range<Int>? {
    guard t.count > 2, t[0] == ASCII.lbracket, let close = t.index(of: ASCII.rbracket, from: 1),
      isAddress(t, 1..<close)
    else { return nil }
    return 1..<close
  }

  /// Any `[address]`, or `/address` followed by end, space or one of `]),;:`.
  private static func lastDitchAddress(_ t: Bytes) -> Range<Int>? {
    var best: Range<Int>?
    var from = 0
    while let open = t.index(of: ASCII.lbracket, from: from) {
      from = open + 1
      if let close = t.index(of: ASCII.rbracket, from: open + 1), let r = longestAddressPrefix(t, (open + 1)..<close), r.upperBound == close {
        best = r
        break
      }
    }
    var slashFrom = 0
    while let slash = t.index(of: ASCII.slash, from: slashFrom) {
      slashFrom = slash + 1
      if let b = best, b.lowerBound < slash { break }
      var end = slash + 1
      while end < t.count, ASCII.isHex(t[end]) || t[end] == ASCII.colon || t[end] == ASCII.dot { end += 1 }
      var e = end
      while e > slash + 1 {
        let follows = e == t.count || ASCII.isSpace(t[e]) || [ASCII.rbracket, ASCII.rparen, ASCII.comma, ASCII.semicolon, ASCII.colon].contains(t[e])
        if follows, isAddress(t, (slash + 1)..<e) { return (slash + 1)..<e }
        e -= 1
      }
    }
    return best
  }

  private static func longestAddressPrefix(_ t: Bytes, _ r: Range<Int>) -> Range<Int>? {
    isAddress(t, r) ? r : nil
  }

  /// `fold_domain`: the part after `@` (if any), lower-cased, without a trailing dot, cut to
  /// its registered domain: `com`/`net`/`org`/`gov`/`mil`/`edu` keep two labels, other names
  /// with more than three labels lose the leftmost one.
  static func foldDomain(_ text: String) -> String {
    var domain = text
    if let captured = addressDomain(text) { domain = captured.lowercased() }
    if domain.hasSuffix(".") { domain.removeLast() }
    guard domain.contains(".") else { return domain }
    // Perl's split drops trailing empty fields only.
    var parts = domain.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    while let last = parts.last, last.isEmpty { parts.removeLast() }
    guard parts.count >= 2 else { return domain }
    let sld = parts[parts.count - 2]
    let tld = parts[parts.count - 1]
    if ["com", "net", "org", "gov", "mil", "edu"].contains(tld) { return "\(sld).\(tld)" }
    if parts.count > 3 { return parts.dropFirst().joined(separator: ".") }
    return domain
  }

  /// `^\s*<?(?:[^@]+@)?([^\s>]+)>?\s*$` → the capture, or nil when the text has another shape.
  private static func addressDomain(_ text: String) -> String? {
    let b = Array(text.utf8)
    var i = 0
    while i < b.count, ASCII.isSpace(b[i]) { i += 1 }
    var end = b.count
    while end > i, ASCII.isSpace(b[end - 1]) { end -= 1 }
    if i < end, b[i] == ASCII.lt { i += 1 }
    // Candidate capture starts: after the first '@' (greedy [^@]+@ takes the first '@'),
    // else right here.
    var starts: [Int] = []
    if let at = b[i..<end].firstIndex(of: ASCII.at), at > i { starts.append(at + 1) }
    starts.append(i)
    for s in starts {
      var e = s
      while e < end, !ASCII.isSpace(b[e]), b[e] != ASCII.gt { e += 1 }
      guard e > s else { continue }
      var rest = e
      if rest < end, b[rest] == ASCII.gt { rest += 1 }
      if rest == end { return String(decoding: b[s..<e], as: UTF8.self) }
    }
    return nil
  }

  /// `normalize_host`: the secondary sort key of counted lists — names (labels reversed, so
  /// `bob@example.org` sorts as `org example bob`) first, then IPv4 in numeric order, then IPv6.
  static func sortKey(_ text: String) -> [UInt8] {
    let first = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.map(String.init) ?? ""
    let b = Array(first.utf8)
    // Dotted quad?
    let octets = first.split(separator: ".", omittingEmptySubsequences: false)
    if octets.count == 4, octets.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }) {
      let values = octets.compactMap { Int($0) }
      if values.allSatisfy({ $0 <= 255 }) {
        return Array("2_".utf8) + Array(values.map { hex2($0) }.joined().utf8)
      }
      return Array("0_".utf8) + b
    }
    if let colon = b.firstIndex(of: ASCII.colon), colon > 0, b[..<colon].allSatisfy(ASCII.isHex) {
      return Array("3_".utf8) + Array(expandIPv6(first).utf8)
    }
    var key = Array("0_".utf8)
    let labels = b.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ASCII.dot || $0 == ASCII.at })
    // Perl's split drops trailing empty fields.
    var parts = Array(labels)
    while let last = parts.last, last.isEmpty { parts.removeLast() }
    for label in parts.reversed() { key.append(contentsOf: label.map(ASCII.lower)) }
    return key
  }

  private static func hex2(_ v: Int) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[v >> 4], digits[v & 15]])
  }

  /// 32 hex digits, like pflogsumm's normalize_ipv6 (which pads blocks to 4 and fills `::`).
  private static func expandIPv6(_ text: String) -> String {
    var blocks = text.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    while let last = blocks.last, last.isEmpty, blocks.count > 1 { blocks.removeLast() }
    if let gap = blocks.firstIndex(of: "") {
      let missing = max(8 - blocks.count + 1, 0)
      blocks.replaceSubrange(gap...gap, with: Array(repeating: "0000", count: missing))
    }
    blocks = blocks.map { $0.count >= 4 ? $0 : String(repeating: "0", count: 4 - $0.count) + $0 }
    if blocks.count < 8 { blocks += Array(repeating: "0000", count: 8 - blocks.count) }
    return blocks.joined()
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
