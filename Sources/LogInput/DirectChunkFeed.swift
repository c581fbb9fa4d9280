/// Reads on the caller's thread into one reused buffer: the choice for small plain files, where a second thread
/// would cost more than it overlaps.
final class DirectChunkFeed: ChunkFeed {
  private let producer: any ChunkProducer
  private let buffer: UnsafeMutableRawBufferPointer

  init(producer: any ChunkProducer, chunkSize: Int) {
    self.producer = producer
    buffer = .allocate(byteCount: chunkSize, alignment: 64)
  }

  deinit {
    buffer.deallocate()
  }

  func next() -> FeedChunk {
    switch producer.produce(into: buffer) {
    case .bytes(let count): .bytes(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
    case .end: .end
    case .damaged(let damage): .damaged(damage)
    }
  }

  func finish() {}

  var compressedBytes: Int64 { producer.compressedBytes }
}
