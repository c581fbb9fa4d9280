#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A borrowed run of log bytes. Parsing works on bytes, not `String`s: Perl (and so pflogsumm)
/// treats log lines as bytes, and bytes are what keep the hot path fast. Views are only valid
/// while the line they come from is being parsed.
typealias Bytes = UnsafeBufferPointer<UInt8>

enum ASCII {
  static let space: UInt8 = 0x20
  static let tab: UInt8 = 0x09
  static let colon: UInt8 = 0x3A
  static let semicolon: UInt8 = 0x3B
  static let comma: UInt8 = 0x2C
  static let dot: UInt8 = 0x2E
  static let slash: UInt8 = 0x2F
  static let at: UInt8 = 0x40
  static let lt: UInt8 = 0x3C
  static let gt: UInt8 = 0x3E
  static let lbracket: UInt8 = 0x5B
  static let rbracket: UInt8 = 0x5D
  static let lparen: UInt8 = 0x28
  static let rparen: UInt8 = 0x29
  static let dash: UInt8 = 0x2D
  static let equals: UInt8 = 0x3D
  static let bang: UInt8 = 0x21
  static let underscore: UInt8 = 0x5F

  @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
  /// Perl's `\s`: space, \t, \n, \v, \f, \r.
  @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
  /// Perl's `\h`: horizontal whitespace (space and tab; we ignore non-ASCII blanks).
  @inline(__always) static func isHSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
  @inline(__always) static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
  @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
  /// Perl's `\w` on bytes: [A-Za-z0-9_].
  @inline(__always) static func isWord(_ c: UInt8) -> Bool { isAlnum(c) || c == 0x5F }
  @inline(__always) static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20) &- 0x61 < 6 }
  @inline(__always) static func isUpperHex(_ c: UInt8) -> Bool { isDigit(c) || c &- 0x41 < 6 }
  @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c &- 0x41 < 26 ? c | 0x20 : c }
}

extension UnsafeBufferPointer where Element == UInt8 {
  /// Whether the bytes at `i` spell `literal`.
  @inline(__always)
  func matches(_ literal: StaticString, at i: Int) -> Bool {
    let n = literal.utf8CodeUnitCount
    guard i >= 0, i + n <= count else { return false }
    guard n > 0, let base = baseAddress else { return true }
    // Eight bytes at a time (the long message prefixes), then byte by byte.
    let a = UnsafeRawPointer(base + i)
    let b = UnsafeRawPointer(literal.utf8Start)
    var k = 0
    while k + 8 <= n {
      if a.loadUnaligned(fromByteOffset: k, as: UInt64.self) != b.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
      k += 8
    }
    while k < n {
      if a.load(fromByteOffset: k, as: UInt8.self) != b.load(fromByteOffset: k, as: UInt8.self) { return false }
      k += 1
    }
    return true
  }

  /// Case-insensitive (ASCII) variant of `matches`.
  func matchesIgnoringCase(_ literal: StaticString, at i: Int) -> Bool {
    let n = literal.utf8CodeUnitCount
    guard i >= 0, i + n <= count else { return false }
    let p = literal.utf8Start
    for k in 0..<n where ASCII.lower(self[i + k]) != ASCII.lower(p[k]) { return false }
    return true
  }

  /// First index of `byte` in `from..<to`.
  @inline(__always)
  func index(of byte: UInt8, from: Int, to: Int? = nil) -> Int? {
    let end = Swift.min(to ?? count, count)
    guard from < end, let base = baseAddress else { return nil }
    guard let hit = memchr(base + from, Int32(byte), end - from) else { return nil }
    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
  }

  /// Last index of `byte` in `from..<to`.
  func lastIndex(of byte: UInt8, from: Int = 0, to: Int? = nil) -> Int? {
    var i = Swift.min(to ?? count, count) - 1
    while i >= from {
      if self[i] == byte { return i }
      i -= 1
    }
    return nil
  }

  /// First index where `literal` starts, searching `from..<to`.
  @inline(__always)
  func index(of literal: StaticString, from: Int, to: Int? = nil) -> Int? {
    let n = literal.utf8CodeUnitCount
    let end = Swift.min(to ?? count, count)
    guard n > 0, from + n <= end, let base = baseAddress else { return nil }
    let needle = literal.utf8Start
    // memchr for one byte of the needle, then compare the whole. The byte is the last one when
    // the first is common in log text and the last is not: ", status=deferred (" would
    // otherwise stop at every comma of the line.
    let a = isCommonInText(needle[0]) && !isCommonInText(needle[n - 1]) ? n - 1 : 0
    let anchor = Int32(needle[a])
    var i = from + a
    let lastAnchor = end - n + a
    while i <= lastAnchor {
      guard let hit = memchr(base + i, anchor, lastAnchor - i + 1) else { return nil }
      let k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - a
      if n == 1 || memcmp(base + k, needle, n) == 0 { return k }
      i = k + a + 1
    }
    return nil
  }

  /// Bytes that occur on every log line many times over: lower-case letters, digits, space,
  /// comma.
  @inline(__always)
  private func isCommonInText(_ c: UInt8) -> Bool {
    c &- 0x61 < 26 || ASCII.isDigit(c) || c == ASCII.space || c == ASCII.comma
  }

  /// Last index where `literal` starts, with the whole literal inside `from..<to`.
  func lastIndex(of literal: StaticString, from: Int = 0, to: Int? = nil) -> Int? {
    let n = literal.utf8CodeUnitCount
    var i = Swift.min(to ?? count, count) - n
    while i >= from {
      if matches(literal, at: i) { return i }
      i -= 1
    }
    return nil
  }

  /// Whether the whole buffer from `i` to the end equals `literal`.
  @inline(__always)
  func isExactly(_ literal: StaticString, from i: Int) -> Bool {
    count - i == literal.utf8CodeUnitCount && matches(literal, at: i)
  }

  func hasSuffix(_ literal: StaticString) -> Bool {
    matches(literal, at: count - literal.utf8CodeUnitCount)
  }

  /// The bytes as a `String`; invalid UTF-8 becomes U+FFFD (see docs/DIFFERENCES.md).
  @inline(__always)
  func string(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
  }

  func string(from: Int) -> String { string(from..<count) }

  /// Parses an unsigned decimal integer at `i`; returns value and end index.
  func decimal(at i: Int) -> (value: Int64, end: Int)? {
    var j = i
    var v: Int64 = 0
    while j < count, ASCII.isDigit(self[j]) {
      if v < Int64.max / 10 - 10 { v = v * 10 + Int64(self[j] &- 0x30) }
      j += 1
    }
    return j > i ? (v, j) : nil
  }

  /// Skips Perl `\s+`-style whitespace starting at i; returns the first non-space index.
  @inline(__always)
  func skipSpaces(from i: Int) -> Int {
    var j = i
    while j < count, ASCII.isSpace(self[j]) { j += 1 }
    return j
  }
}

extension Array where Element == UInt8 {
  /// Runs `body` with a borrowed view of the array (for the rare paths that build new text).
  @inline(__always)
  func withBytes<R>(_ body: (Bytes) throws -> R) rethrows -> R {
    try withUnsafeBufferPointer(body)
  }
}

extension String {
  /// The string's UTF-8 bytes as an array.
  var bytes: [UInt8] { Array(utf8) }
}
