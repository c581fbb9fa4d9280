/// A `ReportSink` that keeps everything in memory, byte for byte: for `Renderer.render` (the
/// tests' strings), and for a rendering made on one thread and written on another
/// (`replay(into:)`: the archive renders a page's HTML and JSON at once).
public final class CollectedOutput: ReportSink {
  private var document: [UInt8] = []
  private var files: [(name: String, bytes: [UInt8])] = []

  public init() {}

  public func beginFile(named name: String) -> Bool {
    files.append((name, []))
    return true
  }

  public func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
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

  /// Everything again, in order, into `sink`, the same bytes and files as the renderer wrote;
  /// false as soon as the sink refuses a part (it keeps the reason, as when a renderer streams
  /// into it).
  public func replay(into sink: some ReportSink) -> Bool {
    if files.isEmpty { return document.withUnsafeBytes { sink.write($0) } }
    for file in files {
      guard sink.beginFile(named: file.name), file.bytes.withUnsafeBytes({ sink.write($0) }) else { return false }
    }
    return true
  }
}
