import Renderers

/// A renderer's document written to one file, all or nothing (`AtomicFile`).
final class FileSink: OutputSink {
  private let file: AtomicFile

  init(path: String) throws(OutputFailure) {
    file = try AtomicFile(replacing: path)
  }

  func beginFile(named name: String) -> Bool { false }

  func write(_ chunk: UnsafeRawBufferPointer) -> Bool { file.write(chunk) }

  /// Puts the file in place; nil on success.
  func finish() -> OutputFailure? { file.publish() }

  /// The rendering failed: the target stays as it was.
  func abandon() { file.discard() }
}
