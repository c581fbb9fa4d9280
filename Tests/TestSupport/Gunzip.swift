import CZlib

/// Decompresses a whole gzip file in memory with the system zlib (goldens are stored gzipped
/// to keep `Fixtures/` small; git's diffs of them are made readable with `zcat`).
public enum Gunzip {
  /// nil when the data is not complete, valid gzip.
  public static func decompress(_ input: [UInt8]) -> [UInt8]? {
    var stream = z_stream()
    guard postsumm_inflateInit2(&stream, 15 + 32) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var status = Z_OK
    input.withUnsafeBufferPointer { inBuf in
      stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
      stream.avail_in = UInt32(inBuf.count)
      repeat {
        chunk.withUnsafeMutableBufferPointer { outBuf in
          stream.next_out = outBuf.baseAddress
          stream.avail_out = UInt32(outBuf.count)
          status = inflate(&stream, Z_NO_FLUSH)
          output.append(contentsOf: outBuf[0..<(outBuf.count - Int(stream.avail_out))])
        }
      } while status == Z_OK
    }
    return status == Z_STREAM_END ? output : nil
  }
}
