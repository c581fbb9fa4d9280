/// Small helpers for the rarer, text-rewriting rules (reject reasons, warnings, deferral
/// reasons), which work on owned byte arrays: Perl semantics are byte semantics, so lengths and
/// cuts here count bytes, as pflogsumm's do.
extension Array where Element == UInt8 {
  func hasPrefix(_ literal: StaticString) -> Bool {
    withBytes { $0.matches(literal, at: 0) }
  }

  func hasSuffix(_ literal: StaticString) -> Bool {
    withBytes { $0.hasSuffix(literal) }
  }

  func firstIndex(of literal: StaticString, from: Int = 0) -> Int? {
    withBytes { $0.index(of: literal, from: from) }
  }

  func lastIndex(of literal: StaticString, from: Int = 0, to: Int? = nil) -> Int? {
    withBytes { $0.lastIndex(of: literal, from: from, to: to) }
  }

  func matches(_ literal: StaticString, at i: Int) -> Bool {
    withBytes { $0.matches(literal, at: i) }
  }

  /// Whether the array holds exactly `literal`.
  func isExactly(_ literal: StaticString) -> Bool {
    withBytes { $0.isExactly(literal, from: 0) }
  }

  /// Keeps only `range` (in place: the storage is reused).
  mutating func keep(_ range: Range<Int>) {
    removeSubrange(range.upperBound..<count)
    removeSubrange(0..<range.lowerBound)
  }

  /// Replaces the contents with `literal` (in place: the storage is reused).
  mutating func replaceAll(with literal: StaticString) {
    removeAll(keepingCapacity: true)
    append(contentsOf: literal.bytes)
  }

  /// Appends `a`, `x` and `b` ("  (" + sender + ")" ...).
  mutating func append(_ a: StaticString, _ x: [UInt8], _ b: StaticString) {
    append(contentsOf: a.bytes)
    append(contentsOf: x)
    append(contentsOf: b.bytes)
  }

  /// Appends `a`, `x`, `b`, `y` and `c` ("  (" + sender + " -> " + recipient + ")").
  mutating func append(_ a: StaticString, _ x: [UInt8], _ b: StaticString, _ y: [UInt8], _ c: StaticString) {
    append(a, x, b)
    append(contentsOf: y)
    append(contentsOf: c.bytes)
  }

  /// The slice as a new array.
  subscript(bytes range: Range<Int>) -> [UInt8] { Array(self[range]) }

  static func + (lhs: [UInt8], rhs: StaticString) -> [UInt8] {
    lhs + rhs.bytes
  }

  init(_ literal: StaticString) {
    self = Array(literal.bytes)
  }

  var string: String { String(decoding: self, as: UTF8.self) }

  /// Index of the first byte satisfying `predicate` at or after `from`.
  func firstIndex(from: Int, where predicate: (UInt8) -> Bool) -> Int? {
    var i = from
    while i < count {
      if predicate(self[i]) { return i }
      i += 1
    }
    return nil
  }

  /// Length of the run of bytes satisfying `predicate` starting at `from`.
  func run(from: Int, _ predicate: (UInt8) -> Bool) -> Int {
    var i = from
    while i < count, predicate(self[i]) { i += 1 }
    return i - from
  }

  /// `\d{3}` at i.
  func hasThreeDigits(at i: Int) -> Bool {
    i + 3 <= count && ASCII.isDigit(self[i]) && ASCII.isDigit(self[i + 1]) && ASCII.isDigit(self[i + 2])
  }

  /// `\d\.\d\.\d` at i (an enhanced status code).
  func hasStatusCode(at i: Int) -> Bool {
    i + 5 <= count && ASCII.isDigit(self[i]) && self[i + 1] == ASCII.dot && ASCII.isDigit(self[i + 2])
      && self[i + 3] == ASCII.dot && ASCII.isDigit(self[i + 4])
  }

  /// ASCII lower-casing (Perl's `lc` on bytes under the C/UTF-8 locale).
  func lowercasedASCII() -> [UInt8] { map(ASCII.lower) }
}

/// pflogsumm's two trimming rules.
enum Trimming {
  /// `string_trimmer`: cut to `maxLength` (adjusted by `--colwidth`; 0 = never) with "...".
  /// Cuts never split a UTF-8 character (pflogsumm cuts bytes, which can leave half of one).
  static func trim(_ text: [UInt8], to maxLength: Int, columnWidth: Int) -> [UInt8] {
    guard columnWidth != 0 else { return text }
    var limit = maxLength
    if columnWidth > 0 { limit += columnWidth - 80 }
    guard text.count > limit else { return text }
    // Perl's substr($s, 0, n) with n < 0 leaves |n| bytes off the end.
    var keep = limit - 3
    if keep < 0 { keep = Swift.max(text.count + keep, 0) }
    return Array(text[..<characterBoundary(text, atMost: keep)]) + "..."
  }

  /// The largest index ≤ `n` that does not fall inside a UTF-8 sequence. Only a cut between a
  /// lead byte and its own continuation bytes moves back; a stray continuation byte (invalid
  /// UTF-8) is no character to keep whole.
  static func characterBoundary(_ text: [UInt8], atMost n: Int) -> Int {
    let k = Swift.min(n, text.count)
    guard k > 0, k < text.count, text[k] & 0xC0 == 0x80 else { return k }
    // The lead byte is at most three bytes back (a sequence has at most four bytes).
    var lead = k - 1
    while lead > 0, lead > k - 3, text[lead] & 0xC0 == 0x80 { lead -= 1 }
    let c = text[lead]
    let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
    return lead + length > k ? lead : k
  }

  /// `said_string_trimmer`: drop a leading SMTP code, then while too long drop everything
  /// through the last ` said: [code] `, or, for texts naming a failed SMTP step, through the
  /// first colon; else cut with "...". Not affected by `--colwidth`.
  static func trimSaid(_ input: [UInt8], to maxLength: Int) -> [UInt8] {
    var s = input
    if let n = smtpCodePrefix(s, at: 0) { s.removeFirst(n) }
    while s.count > maxLength {
      if let (at, end) = lastSaid(s) {
        _ = at
        s.removeFirst(end)
      } else if containsFailedStep(s), let colon = s.firstIndex(of: ASCII.colon) {
        var e = colon + 1
        while e < s.count, s[e] == ASCII.space { e += 1 }
        s.removeFirst(e)
      } else {
        s = Array(s[..<characterBoundary(s, atMost: Swift.max(maxLength - 3, 0))]) + "..."
        break
      }
    }
    return s
  }

  /// `\d{3}([ -]#?\d\.\d\.\d)? ` at i: the length to drop, or nil.
  static func smtpCodePrefix(_ s: [UInt8], at i: Int) -> Int? {
    guard s.hasThreeDigits(at: i) else { return nil }
    var j = i + 3
    if j < s.count, s[j] == ASCII.space || s[j] == ASCII.dash {
      var k = j + 1
      if k < s.count, s[k] == 0x23 /* # */ { k += 1 }
      if s.hasStatusCode(at: k), k + 5 < s.count, s[k + 5] == ASCII.space {
        j = k + 5
      }
    }
    guard j < s.count, s[j] == ASCII.space else { return nil }
    return j + 1 - i
  }

  /// The last ` said:` followed by an optional ` NNN[ -]X.Y.Z` and a space: (start, end).
  private static func lastSaid(_ s: [UInt8]) -> (Int, Int)? {
    var to = s.count
    while let at = s.lastIndex(of: " said:", to: to) {
      to = at + 5
      let after = at + 6
      // Optional group " NNN([ -]#?X.Y.Z)?" followed by a space (greedy first).
      if after < s.count, s[after] == ASCII.space, s.hasThreeDigits(at: after + 1) {
        var j = after + 4
        if j < s.count, s[j] == ASCII.space || s[j] == ASCII.dash {
          var k = j + 1
          if k < s.count, s[k] == 0x23 { k += 1 }
          if s.hasStatusCode(at: k), k + 5 < s.count, s[k + 5] == ASCII.space { j = k + 5 }
        }
        if j < s.count, s[j] == ASCII.space { return (at, j + 1) }
      }
      if after < s.count, s[after] == ASCII.space { return (at, after + 1) }
    }
    return nil
  }

  private static func containsFailedStep(_ s: [UInt8]) -> Bool {
    for phrase: StaticString in ["delivery error:", "Requested action not taken:", "Transaction failed:", "RCPT TO:"]
    where s.firstIndex(of: phrase) != nil {
      return true
    }
    return false
  }
}

extension StaticString {
  /// The literal's UTF-8 bytes (static storage: the view stays valid).
  var bytes: Bytes { Bytes(start: utf8Start, count: utf8CodeUnitCount) }
}
