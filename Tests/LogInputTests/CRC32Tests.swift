import CZlib
import Testing

@testable import LogInput

@Suite("gzip's CRC-32")
struct CRC32Tests {
  /// zlib's crc32, the reference.
  private func zlibCRC(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    UInt32(crc32_z(uLong(crc), bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), z_size_t(bytes.count)))
  }

  private func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
  }

  @Test("folding agrees with zlib for every length up to 600, at every alignment, from any CRC")
  func foldingAgreesWithZlib() throws {
    try #require(CRC32.canFold, "this CPU has no carry-less multiply: only zlib's crc32 is used")
    let data = randomBytes(600 + 16, seed: 7)
    data.withUnsafeBytes { all in
      var mismatches = 0
      for offset in 0..<16 {
        for length in 0...600 {
          let piece = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
          let start = UInt32(truncatingIfNeeded: length &* 2_654_435_761)
          if CRC32.update(start, piece, folding: true) != zlibCRC(start, piece) { mismatches += 1 }
        }
      }
      #expect(mismatches == 0)
    }
  }

  @Test("a large buffer in uneven pieces gives the CRC of the whole")
  func piecesMakeTheWhole() {
    let data = randomBytes(3 << 20, seed: 11)
    data.withUnsafeBytes { all in
      let whole = zlibCRC(0, all)
      #expect(CRC32.update(0, all) == whole)
      var crc: UInt32 = 0
      var at = 0
      var step = 1
      while at < all.count {
        let end = min(all.count, at + step)
        crc = CRC32.update(crc, UnsafeRawBufferPointer(rebasing: all[at..<end]))
        at = end
        step = step * 7 % 100_003 + 13
      }
      #expect(crc == whole)
    }
  }

  @Test("known values: the check value of \"123456789\", and nothing changes nothing")
  func knownValues() {
    let digits = Array("123456789".utf8)
    digits.withUnsafeBytes { #expect(CRC32.update(0, $0) == 0xCBF4_3926) }
    #expect(CRC32.update(0x1234_5678, UnsafeRawBufferPointer(start: nil, count: 0)) == 0x1234_5678)
    // 64 zero bytes and more: the folded path from the start value 0.
    let zeros = [UInt8](repeating: 0, count: 4096)
    zeros.withUnsafeBytes { #expect(CRC32.update(0, $0) == zlibCRC(0, $0)) }
  }
}
