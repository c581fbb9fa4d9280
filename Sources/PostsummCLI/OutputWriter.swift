import Renderers
import ReportModel

/// Writes the report in each requested format: asks the format for its renderer and streams
/// it into standard output, a file, or (CSV) a directory of files. Files are written whole or
/// not at all (`AtomicFile`); every write, flush, close and rename is checked, and a failure
/// is one message naming the file and the system's reason.
struct OutputWriter {
  var templateDirectory: String?
  /// Where "standard output" goes in tests; nil: the process's standard output.
  var capture: ((String) -> Bool)?

  /// nil on success (a closed standard output pipe included).
  func write(_ report: Report, to target: OutputTarget) -> OutputFailure? {
    let renderer = target.format.renderer(templateDirectory: templateDirectory)
    let sink: any OutputSink
    do {
      sink = try self.sink(for: target)
    } catch {
      return error
    }
    do {
      try renderer.write(report, to: sink)
    } catch {
      // The report could not be rendered (HTML templates that cannot be used): a file keeps
      // its previous contents.
      sink.abandon()
      return OutputFailure(message: "cannot render \(target.format.rawValue): \(error)", status: .ioError)
    }
    return sink.finish()
  }

  /// The report rendered in memory (on any thread), for `write(_:to:)` later: the archive
  /// renders a page's HTML and JSON at once and writes every file from one thread, where a file
  /// that outgrows the size limit (SIGXFSZ) stops the run as any write does
  /// (`ArchiveFileTests.killedRun`). The failure is the one `write(_:to:)` reports when the
  /// format cannot render the report.
  func render(_ report: Report, as format: OutputFormat) -> Result<CollectedOutput, OutputFailure> {
    let rendered = CollectedOutput()
    do {
      try format.renderer(templateDirectory: templateDirectory).write(report, to: rendered)
    } catch {
      return .failure(OutputFailure(message: "cannot render \(format.rawValue): \(error)", status: .ioError))
    }
    return .success(rendered)
  }

  /// A report rendered by `render`, written to `target` as `write(_:to:)` writes one.
  func write(_ rendered: CollectedOutput, to target: OutputTarget) -> OutputFailure? {
    let sink: any OutputSink
    do {
      sink = try self.sink(for: target)
    } catch {
      return error
    }
    _ = rendered.replay(into: sink)  // a refused part: `finish` says why
    return sink.finish()
  }

  private func sink(for target: OutputTarget) throws(OutputFailure) -> any OutputSink {
    guard let path = target.path else { return StandardOutputSink(capture: capture) }
    return target.format.isDirectory ? try DirectorySink(directory: path) : try FileSink(path: path)
  }
}
