import CZlib
import ForkJoin

/// The payload deflated by the system zlib (raw deflate: the file's own CRC-32 checks it).
/// Level 3: zlib's default (6) made files 3–4 % smaller and took twice as long, half of the
/// time a save takes (BENCHMARKS.md). The same payload gives the same bytes with the same zlib.
///
/// Deflated in pieces of 1 MiB, half of them on each of two threads, joined into one stream, as
/// pigz does: each piece but the last ends in a sync flush (an empty stored block: the next
/// piece starts on a byte), and each is deflated with the 32 KiB of payload before it as its
/// dictionary, so its matches reach back as they would in one stream (the inflater has that
/// history anyway). The pieces are cut by the payload alone: the bytes do not depend on the
/// threads. A week's payload (33 MB) took 0.77 s in one piece, most of a save (BENCHMARKS.md).
enum AggregateCompression {
  static let level: Int32 = 3
  static let pieceSize = 1 << 20
  private static let window = 32 * 1024

  static func deflate(_ input: [UInt8]) -> [UInt8] {
    let pieces = Swift.max(1, (input.count + pieceSize - 1) / pieceSize)
    let half = (pieces + 1) / 2
    let (first, second) = input.withUnsafeBufferPointer { payload in
      ForkJoin.both(
        { deflate(payload, pieces: 0..<half, of: pieces) }, { deflate(payload, pieces: half..<pieces, of: pieces) })
    }
    return first + second
  }

  /// The pieces `range` (of `count`) of `payload`, deflated one after the other.
  private static func deflate(_ payload: UnsafeBufferPointer<UInt8>, pieces range: Range<Int>, of count: Int) -> [UInt8] {
    var out: [UInt8] = []
    for piece in range { deflate(payload, piece: piece, last: piece == count - 1, appendingTo: &out) }
    return out
  }

  private static func deflate(_ payload: UnsafeBufferPointer<UInt8>, piece: Int, last: Bool, appendingTo out: inout [UInt8]) {
    let start = piece * pieceSize
    let end = Swift.min(payload.count, start + pieceSize)
    var stream = z_stream()
    let status = postsumm_deflateInit2(&stream, level, -15)
    precondition(status == Z_OK, "deflateInit2 failed with \(status)")
    defer { deflateEnd(&stream) }
    if start > 0 {
      let from = Swift.max(0, start - window)
      let set = deflateSetDictionary(&stream, payload.baseAddress! + from, uInt(start - from))  // Safe: start > 0.
      precondition(set == Z_OK, "deflateSetDictionary failed with \(set)")
    }
    // Room for the whole piece: deflateBound, and the sync flush's empty stored block.
    let room = Int(deflateBound(&stream, uLong(end - start))) + 16
    let kept = out.count
    out += repeatElement(0, count: room)
    let produced = out.withUnsafeMutableBufferPointer { dst -> Int in
      stream.next_in = UnsafeMutablePointer(mutating: payload.baseAddress.map { $0 + start })
      stream.avail_in = uInt(end - start)
      stream.next_out = dst.baseAddress! + kept  // Safe: room > 0.
      stream.avail_out = uInt(room)
      let s = CZlib.deflate(&stream, last ? Z_FINISH : Z_SYNC_FLUSH)
      precondition(last ? s == Z_STREAM_END : (s == Z_OK && stream.avail_in == 0 && stream.avail_out > 0), "deflate did not finish (\(s))")
      return room - Int(stream.avail_out)
    }
    out.removeSubrange((kept + produced)...)
  }

  /// The payload of `count` bytes that `input` deflates to. The output grows as zlib produces
  /// it, never beyond `count`: a file that claims a huge payload allocates only what its
  /// deflated bytes really make. zlib writes straight into the payload's array (no chunk
  /// buffer copied from, no zero-filling first): the payload is the largest array a read makes.
  ///
  /// `wanted` (at most `count`): only the payload's first `wanted` bytes, inflating no further
  /// (the stream is then not read to its end: what follows is not checked).
  static func inflate(_ input: ArraySlice<UInt8>, count: Int, wanted: Int? = nil) throws(AggregateError) -> [UInt8] {
    let wanted = Swift.min(wanted ?? count, count)
    var stream = z_stream()
    guard postsumm_inflateInit2(&stream, -15) == Z_OK else { throw AggregateError("cannot start inflating the payload") }
    defer { inflateEnd(&stream) }
    var out: [UInt8] = []
    var room = Swift.min(wanted, input.count * 8 + 4096)
    var status: Int32 = Z_OK
    input.withUnsafeBufferPointer { src in
      stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress)
      stream.avail_in = uInt(src.count)
      while true {
        let before = out
        out = [UInt8](unsafeUninitializedCapacity: room) { buffer, made in
          made = 0
          guard let base = buffer.baseAddress else { return }
          if let kept = before.withUnsafeBufferPointer({ $0.baseAddress }), !before.isEmpty {
            base.initialize(from: kept, count: before.count)
            made = before.count
          }
          while made < room && status == Z_OK {
            stream.next_out = base + made
            let offered = Swift.min(room - made, Int(UInt32.max))
            stream.avail_out = uInt(offered)
            status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let produced = offered - Int(stream.avail_out)
            made += produced
            if status == Z_OK && produced == 0 && stream.avail_in == 0 { status = Z_BUF_ERROR }
          }
        }
        guard status == Z_OK, room < wanted else { break }
        room = Swift.min(wanted, room * 2)
      }
      // All `count` bytes made and the stream not ended yet: it must end with no byte more.
      if status == Z_OK && wanted == count {
        var extra: UInt8 = 0
        withUnsafeMutablePointer(to: &extra) { p in
          stream.next_out = p
          stream.avail_out = 1
          status = CZlib.inflate(&stream, Z_NO_FLUSH)
          if stream.avail_out == 0 { status = Z_DATA_ERROR }
        }
      }
    }
    // Stopped short on purpose: the bytes wanted are made, and the stream goes on.
    if wanted < count {
      guard status == Z_OK, out.count == wanted else {
        throw AggregateError("corrupt aggregate: the payload does not inflate to its stated size")
      }
      return out
    }
    guard status == Z_STREAM_END, stream.avail_in == 0, out.count == count else {
      throw AggregateError("corrupt aggregate: the payload does not inflate to its stated size")
    }
    return out
  }
}
