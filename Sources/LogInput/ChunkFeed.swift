/// Hands the line splitter one chunk of uncompressed bytes at a time, either by calling the producer directly or from
/// a prefetch thread (``PrefetchingChunkFeed``).
protocol ChunkFeed: AnyObject {
  /// The next chunk. Its bytes stay valid until the next call to `next()` or `finish()`.
  func next() -> FeedChunk
  /// Stops producing and waits until the producer is idle; idempotent. Must be called before the feed is dropped
  /// when reading stops early, and before ``compressedBytes`` is read.
  func finish()
  /// Bytes read from disk; final once `finish()` has returned.
  var compressedBytes: Int64 { get }
}

/// One step of a ``ChunkFeed``.
enum FeedChunk {
  case bytes(UnsafeRawBufferPointer)
  case end
  case damaged(SourceDamage)
}
