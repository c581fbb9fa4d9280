/// Where a renderer's bytes go: one document, or (CSV) one named file after another.
///
/// Chunks are about a megabyte of whole UTF-8 characters. A sink that cannot write (a full
/// disk, a closed pipe) answers false from then on and keeps the reason for whoever owns it;
/// the renderer stops handing it bytes. Closing, flushing and renaming files are the owner's
/// business, after `Renderer.write` returns.
public protocol ReportSink: AnyObject {
  /// Starts the next file of a format written as several (CSV: `totals.csv` …); later chunks
  /// belong to it. Document formats never call it. False when the file cannot be started.
  func beginFile(named name: String) -> Bool
  /// Appends `chunk` to the document or the current file; false when it could not be written.
  func write(_ chunk: UnsafeRawBufferPointer) -> Bool
}
