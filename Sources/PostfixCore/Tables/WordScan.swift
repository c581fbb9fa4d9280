/// Eight bytes at a time (SWAR): whether a 64-bit word holds a byte of a kind, and a scan that
/// skips whole words holding none, for the loops over every delivery's address (the domain's
/// fold and its capitals: 4 % of the bench's parse went byte by byte through them).
///
/// Contract: each `has…` is exact as a yes/no for the word's eight bytes (the flag bits it
/// returns are not a per-byte answer: one byte can make a neighbour's bit show too);
/// `zeroBytes` and `bytes(_:equalTo:)` flag exactly the matching bytes; `skip` returns an index
/// `i ≥ from` such that no whole word in `from..<i` holds a flagged byte — the caller goes on
/// byte by byte from `i` for at least eight bytes (or to the end).
enum WordScan {
  private static let ones: UInt64 = 0x0101_0101_0101_0101
  private static let highs: UInt64 = 0x8080_8080_8080_8080
  private static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

  @inline(__always)
  static func repeated(_ byte: UInt8) -> UInt64 { ones &* UInt64(byte) }

  /// A byte with its top bit set (≥ 0x80).
  @inline(__always)
  static func hasHighByte(_ w: UInt64) -> UInt64 { w & highs }

  /// A zero byte.
  @inline(__always)
  static func hasZero(_ w: UInt64) -> UInt64 { (w &- ones) & ~w & highs }

  /// Exactly the bytes of `w` that are zero, each as its top bit (slower than `hasZero` by two
  /// operations, and exact per byte: for walking the matches with `trailingZeroBitCount`).
  @inline(__always)
  static func zeroBytes(_ w: UInt64) -> UInt64 { ~(((w & lows) &+ lows) | w | lows) }

  /// Exactly the bytes of `w` equal to `byte`, each as its top bit (`zeroBytes`).
  @inline(__always)
  static func bytes(_ w: UInt64, equalTo byte: UInt8) -> UInt64 { zeroBytes(w ^ repeated(byte)) }

  /// The word of `bytes` at `i` (at least eight bytes there), its first byte lowest.
  @inline(__always)
  static func word(_ bytes: Bytes, at i: Int) -> UInt64 {
    UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self))  // Safe: i + 8 <= count.
  }

  /// A byte equal to `byte`.
  @inline(__always)
  static func has(_ w: UInt64, _ byte: UInt8) -> UInt64 { hasZero(w ^ repeated(byte)) }

  /// A byte below `n` (n ≤ 0x80).
  @inline(__always)
  static func hasBelow(_ w: UInt64, _ n: UInt8) -> UInt64 { (w &- repeated(n)) & ~w & highs }

  /// A byte strictly between `m` and `n` (m < n ≤ 0x80).
  @inline(__always)
  static func hasBetween(_ w: UInt64, _ m: UInt8, _ n: UInt8) -> UInt64 {
    let low7 = w & lows
    return (repeated(127 &+ n) &- low7) & ~w & (low7 &+ repeated(127 &- m)) & highs
  }

  /// A capital ASCII letter (`A`–`Z`).
  @inline(__always)
  static func hasCapital(_ w: UInt64) -> UInt64 { hasBetween(w, 0x40, 0x5B) }

  /// From `from`, past every whole word of `bytes` for which `flags` is zero.
  @inline(__always)
  static func skip(_ bytes: Bytes, from: Int, _ flags: (UInt64) -> UInt64) -> Int {
    var i = from
    while i + 8 <= bytes.count {
      if flags(word(bytes, at: i)) != 0 { return i }
      i += 8
    }
    return i
  }

  /// Whether `bytes` holds a capital ASCII letter from `from` to its end.
  @inline(__always)
  static func hasCapital(_ bytes: Bytes, from: Int) -> Bool {
    var k = skip(bytes, from: from, hasCapital)
    while k < bytes.count {
      if bytes[k] &- 0x41 < 26 { return true }
      k += 1
    }
    return false
  }
}
