/// Something that fills buffers with the next uncompressed bytes of a source: a plain reader or a gzip inflater.
///
/// Producers work a chunk at a time and know nothing about lines. A producer may be driven from a prefetch thread,
/// but only by one thread at a time.
protocol ChunkProducer: AnyObject {
  /// Fills the start of `buffer` with the next bytes. Returns `.bytes(n)` with `n > 0` until the input ends; then
  /// `.end` or `.damaged`, and the same terminal result for every later call.
  func produce(into buffer: UnsafeMutableRawBufferPointer) -> ChunkResult

  /// Bytes read from the descriptor so far.
  var compressedBytes: Int64 { get }
}

/// One step of a ``ChunkProducer``.
enum ChunkResult: Sendable {
  /// This many bytes were written to the start of the buffer (always more than zero).
  case bytes(Int)
  /// The input ended cleanly.
  case end
  /// The input broke off or carried garbage; nothing more will be produced.
  case damaged(SourceDamage)
}
