import Renderers

/// A report rendered into memory (`OutputWriter.render`), byte for byte, to be written later by
/// `OutputWriter.write(_:to:)`. The archive renders a page's HTML and JSON at once, each on a
/// thread of its own, and writes every file from one thread: there a file that outgrows the
/// size limit (SIGXFSZ) stops the run, as any other write does (`ArchiveFileTests.killedRun`).
final class RenderedBytes: ReportSink {
  /// The document (the first part, unnamed), or the files begun (CSV), in order.
  private var parts: [(name: String?, bytes: [UInt8])] = [(nil, [])]

  func beginFile(named name: String) -> Bool {
    parts.append((name, []))
    return true
  }

  func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
    parts[parts.count - 1].bytes.append(contentsOf: chunk)
    return true
  }

  /// Everything again, in order, into `sink`; false as soon as the sink refuses a part (it keeps
  /// the reason, as when a renderer streams into it).
  func replay(into sink: some ReportSink) -> Bool {
    for part in parts {
      if let name = part.name {
        guard sink.beginFile(named: name) else { return false }
      } else if part.bytes.isEmpty {
        continue  // a set of files writes nothing before its first
      }
      guard part.bytes.withUnsafeBytes({ sink.write($0) }) else { return false }
    }
    return true
  }
}
