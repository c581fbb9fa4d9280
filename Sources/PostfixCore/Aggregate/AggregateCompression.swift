import CZlib

/// The payload deflated by the system zlib (raw deflate: the file's own CRC-32 checks it).
/// Level 3: zlib's default (6) made files 3–4 % smaller and took twice as long, half of the
/// time a save takes (BENCHMARKS.md). The same payload gives the same bytes with the same zlib.
enum AggregateCompression {
  static let level: Int32 = 3

  static func deflate(_ input: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    let status = postsumm_deflateInit2(&stream, level, -15)
    precondition(status == Z_OK, "deflateInit2 failed with \(status)")
    defer { deflateEnd(&stream) }
    var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
    let produced = input.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst -> Int in
        stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress)
        stream.avail_in = uInt(src.count)
        stream.next_out = dst.baseAddress
        stream.avail_out = uInt(dst.count)
        // deflateBound leaves room for everything: one call finishes.
        let s = CZlib.deflate(&stream, Z_FINISH)
        precondition(s == Z_STREAM_END, "deflate did not finish (\(s))")
        return dst.count - Int(stream.avail_out)
      }
    }
    out.removeSubrange(produced...)
    return out
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
