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
  /// deflated bytes really make.
  static func inflate(_ input: ArraySlice<UInt8>, count: Int) throws(AggregateError) -> [UInt8] {
    var stream = z_stream()
    guard postsumm_inflateInit2(&stream, -15) == Z_OK else { throw AggregateError("cannot start inflating the payload") }
    defer { inflateEnd(&stream) }
    var out: [UInt8] = []
    out.reserveCapacity(Swift.min(count, input.count * 8 + 4096))
    let chunk = 1 << 20
    var buffer = [UInt8](repeating: 0, count: Swift.min(chunk, Swift.max(count, 1)))
    var finished = false
    var failed: Int32 = Z_OK
    input.withUnsafeBufferPointer { src in
      stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress)
      stream.avail_in = uInt(src.count)
      while !finished && failed == Z_OK {
        let (status, made) = buffer.withUnsafeMutableBufferPointer { dst -> (Int32, Int) in
          stream.next_out = dst.baseAddress
          stream.avail_out = uInt(dst.count)
          let s = CZlib.inflate(&stream, Z_NO_FLUSH)
          return (s, dst.count - Int(stream.avail_out))
        }
        if made > 0 {
          guard out.count + made <= count else {
            failed = Z_DATA_ERROR
            break
          }
          out.append(contentsOf: buffer[..<made])
        }
        switch status {
        case Z_STREAM_END: finished = true
        case Z_OK: if made == 0 && stream.avail_in == 0 { failed = Z_BUF_ERROR }
        default: failed = status == Z_BUF_ERROR ? Z_BUF_ERROR : Z_DATA_ERROR
        }
      }
    }
    guard finished, stream.avail_in == 0, out.count == count else {
      throw AggregateError("corrupt aggregate: the payload does not inflate to its stated size")
    }
    return out
  }
}
