import Testing

@testable import PostfixCore

/// The payload deflated in pieces on two threads (`AggregateCompression`): one raw deflate
/// stream that inflates to the payload, whatever its length against the pieces, and the same
/// bytes every time.
@Suite("Aggregate payload compression")
struct AggregateCompressionTests {
  /// Text that compresses (repeats within and across pieces) with bytes that do not.
  static func payload(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    let words = Array("recipient@example.com sender@example.org 250 2.0.0 Ok: queued as ".utf8)
    while bytes.count < count {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      if state >> 61 == 0 {
        bytes.append(UInt8(truncatingIfNeeded: state >> 33))
      } else {
        bytes += words[Int(state >> 40) % 20..<words.count]
      }
    }
    return Array(bytes.prefix(count))
  }

  @Test(
    "inflates to the payload: empty, inside one piece, at and around piece boundaries, several pieces",
    arguments: [0, 1, 1000, AggregateCompression.pieceSize - 1, AggregateCompression.pieceSize, AggregateCompression.pieceSize + 1,
      2 * AggregateCompression.pieceSize, 5 * AggregateCompression.pieceSize / 2])
  func roundTrip(_ count: Int) throws {
    let payload = Self.payload(count, seed: UInt64(count) + 7)
    let deflated = AggregateCompression.deflate(payload)
    #expect(try AggregateCompression.inflate(deflated[...], count: payload.count) == payload)
    #expect(AggregateCompression.deflate(payload) == deflated, "the same bytes again")
    if count > 1000 { #expect(deflated.count < payload.count / 2, "still compresses: \(deflated.count) of \(payload.count)") }
  }

  @Test("a piece's matches reach into the piece before: a payload repeated across a boundary costs about nothing the second time")
  func dictionaryAcrossPieces() {
    // 20 KB of bytes that do not compress, then the same 20 KB again, straddling the first
    // boundary: with the piece before as its dictionary, the repeat is a few back-references.
    var state: UInt64 = 3
    let noise = (0..<20_000).map { _ -> UInt8 in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
    let start = AggregateCompression.pieceSize - 10_000
    var payload = Self.payload(start, seed: 5)
    payload += noise
    let once = AggregateCompression.deflate(payload).count
    payload += noise
    let twice = AggregateCompression.deflate(payload).count
    #expect(twice - once < 1_000, "the repeat took \(twice - once) bytes")
  }
}
