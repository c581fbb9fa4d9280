import CZlib

/// Compresses bytes into gzip format with the system zlib, for building test inputs in-process (tests, fuzzers and
/// benchmarks share it). Each writer produces one gzip member; concatenate outputs for multi-member files.
///
///     var writer = GzipWriter()
///     writer.write("line one\nline two\n")
///     let member = writer.finish()
///
/// For large outputs, call ``takeOutput()`` now and then to move the compressed bytes out as they are produced.
public final class GzipWriter {
  /// Heap-allocated because zlib keeps a pointer back to the stream: a z_stream must never move.
  private let stream: UnsafeMutablePointer<z_stream>
  private var output: [UInt8] = []
  private var finished = false
  private static let outputStep = 64 * 1024

  /// - Parameter level: zlib compression level, 0 (stored) to 9; `gzip`'s default is 6.
  public init(level: Int32 = 6) {
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    // windowBits 15 + 16: a 32 KiB window with a gzip header and trailer instead of zlib's.
    let status = postsumm_deflateInit2(stream, level, 15 + 16)
    precondition(status == Z_OK, "deflateInit2 failed with \(status)")
  }

  deinit {
    deflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  /// Compresses more input.
  public func write(_ bytes: some Collection<UInt8>) {
    precondition(!finished, "GzipWriter used after finish()")
    let contiguous = Array(bytes)
    contiguous.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      stream.pointee.next_in = UnsafeMutablePointer(mutating: base)
      stream.pointee.avail_in = UInt32(buffer.count)
      run(flush: Z_NO_FLUSH)
    }
  }

  /// Compresses the UTF-8 bytes of a string.
  public func write(_ text: String) {
    write(Array(text.utf8))
  }

  /// Returns the compressed bytes produced so far and forgets them (the member is not complete until ``finish()``).
  public func takeOutput() -> [UInt8] {
    defer { output = [] }
    return output
  }

  /// Ends the member (final block, CRC-32 and length trailer) and returns the remaining compressed bytes.
  public func finish() -> [UInt8] {
    precondition(!finished, "GzipWriter finished twice")
    stream.pointee.next_in = nil
    stream.pointee.avail_in = 0
    run(flush: Z_FINISH)
    finished = true
    return takeOutput()
  }

  /// One complete gzip member holding `bytes`.
  public static func compress(_ bytes: some Collection<UInt8>, level: Int32 = 6) -> [UInt8] {
    let writer = GzipWriter(level: level)
    writer.write(bytes)
    return writer.finish()
  }

  /// One complete gzip member holding the UTF-8 bytes of `text`.
  public static func compress(_ text: String, level: Int32 = 6) -> [UInt8] {
    compress(Array(text.utf8), level: level)
  }

  private func run(flush: Int32) {
    while true {
      let start = output.count
      output.append(contentsOf: repeatElement(0, count: Self.outputStep))
      let status = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
        // Safe: the buffer was just grown by outputStep bytes, so it is not empty.
        stream.pointee.next_out = buffer.baseAddress! + start
        stream.pointee.avail_out = UInt32(Self.outputStep)
        return deflate(stream, flush)
      }
      let unused = Int(stream.pointee.avail_out)
      output.removeLast(unused)
      precondition(status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR, "deflate failed with \(status)")
      if flush == Z_FINISH ? status == Z_STREAM_END : (stream.pointee.avail_in == 0 && unused > 0) {
        return
      }
    }
  }
}
