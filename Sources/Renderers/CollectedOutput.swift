/// A `ReportSink` that keeps everything in memory, for `Renderer.render`.
final class CollectedOutput: ReportSink {
  private var document: [UInt8] = []
  private var files: [(name: String, bytes: [UInt8])] = []

  func beginFile(named name: String) -> Bool {
    files.append((name, []))
    return true
  }

  func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
    if files.isEmpty {
      document.append(contentsOf: chunk)
    } else {
      files[files.count - 1].bytes.append(contentsOf: chunk)
    }
    return true
  }

  /// A renderer that began files produced files; any other produced a document.
  var output: RenderedOutput {
    if files.isEmpty { return .document(String(decoding: document, as: UTF8.self)) }
    return .files(files.map { (name: $0.name, contents: String(decoding: $0.bytes, as: UTF8.self)) })
  }
}
