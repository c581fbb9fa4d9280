/// A 64-bit FNV-1a digest of the parts of what a page is made from (its days' stamps, its
/// links, the options and templates): the archive rewrites a page only when the digest
/// changes. Not a defence against anyone: it only has to tell honest changes apart.
struct ContentDigest {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ text: String) {
    for byte in text.utf8 { mix(byte) }
    // A separator no text contains, so that ("ab", "c") and ("a", "bc") differ.
    mix(0xff)
  }

  /// Bytes as they are (no separator: for one run of bytes).
  mutating func add(_ bytes: [UInt8]) {
    for byte in bytes { mix(byte) }
  }

  private mutating func mix(_ byte: UInt8) {
    value ^= UInt64(byte)
    value &*= 0x0000_0100_0000_01b3
  }

  /// 16 hexadecimal digits.
  var hex: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
