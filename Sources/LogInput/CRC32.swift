import CCRC32
import CZlib

/// gzip's CRC-32 of decompressed bytes, the check `GzipChunkProducer` makes on every member.
///
/// zlib can check it while it inflates, but its table-driven CRC is a visible share of a week's
/// run (BENCHMARKS.md, "Why the tables look the way they do"). On a CPU with a carry-less multiply, the bulk of the bytes
/// is folded 64 at a time (`postsumm_crc32_fold`, in C because Swift has no such instruction)
/// and zlib's crc32 finishes the last few; elsewhere zlib's crc32 does it all. Aggregate files
/// (PostfixCore) are checked with it too.
public enum CRC32 {
  /// Read once per process: the CPU does not change.
  static let canFold = postsumm_crc32_fold_supported() != 0

  /// The CRC of `bytes` following bytes whose CRC was `crc` (0 before any), as zlib's
  /// `crc32(crc, bytes, count)`.
  public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    update(crc, bytes, folding: canFold)
  }

  /// The CRC of `bytes`.
  public static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bytes.withUnsafeBytes { update(0, $0) }
  }

  /// `update`, choosing the way: the tests compare both ways on any CPU that has both.
  static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer, folding: Bool) -> UInt32 {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), bytes.count > 0 else { return crc }
    let count = bytes.count
    guard folding, count >= 64 else { return UInt32(truncatingIfNeeded: crc32_z(uLong(crc), base, z_size_t(count))) }
    let folded = count & ~15
    var out: (UInt64, UInt64) = (0, 0)
    let partial = withUnsafeMutableBytes(of: &out) { o -> uLong in
      let o16 = o.baseAddress!.assumingMemoryBound(to: UInt8.self)  // Safe: a 16-byte tuple.
      postsumm_crc32_fold(crc, base, folded, o16)
      return crc32_z(0xFFFF_FFFF, o16, 16)
    }
    return UInt32(truncatingIfNeeded: crc32_z(partial, base + folded, z_size_t(count - folded)))
  }
}
