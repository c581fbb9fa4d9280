import Renderers

/// A renderer's output on standard output: the document as is, or (CSV) the files one after
/// the other, each after a `==> name <==` line. In tests, `capture` takes the text instead of
/// descriptor 1 (false from it means the reader went away).
final class StandardOutputSink: OutputSink {
  private let capture: ((String) -> Bool)?
  private var outcome = StandardOutput.Outcome.written
  private var files = 0

  init(capture: ((String) -> Bool)?) {
    self.capture = capture
  }

  func beginFile(named name: String) -> Bool {
    defer { files += 1 }
    return emit((files > 0 ? "\n" : "") + "==> \(name) <==\n")
  }

  func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
    guard outcome == .written else { return false }
    if let capture {
      if !capture(String(decoding: chunk, as: UTF8.self)) { outcome = .closed }
    } else {
      outcome = StandardOutput.write(chunk)
    }
    return outcome == .written
  }

  private func emit(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
  }

  /// Nil when everything was written or the reader went away; else why the output failed.
  func finish() -> OutputFailure? { StandardOutput.failure(outcome) }

  /// What was written stays written.
  func abandon() {}
}
