import Renderers

/// A `ReportSink` the command owns: once the renderer is done, the output is either finished
/// (flushed, closed, put in place) or, when rendering failed, abandoned (the target left as
/// it was).
protocol OutputSink: ReportSink {
  /// Nil when the output is complete and in place; else why not.
  func finish() -> OutputFailure?
  func abandon()
}
