/// Produces the bytes of an uncompressed source exactly as they are read.
final class PlainChunkProducer: ChunkProducer {
  private let file: InputFile
  private var terminal: ChunkResult?

  init(file: InputFile) {
    self.file = file
  }

  var compressedBytes: Int64 { file.bytesRead }

  func produce(into buffer: UnsafeMutableRawBufferPointer) -> ChunkResult {
    if let terminal { return terminal }
    let result: ChunkResult
    switch file.read(into: buffer) {
    case .success(let count) where count > 0:
      return .bytes(count)
    case .success:
      result = .end
    case .failure(let error):
      result = .damaged(.readError(error))
    }
    terminal = result
    return result
  }
}
