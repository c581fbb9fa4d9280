import Renderers

/// The CSV tables written into a directory (made if missing), one file per table. Every file
/// is written to a temporary file first (`AtomicFile`) and all of them are put in place only
/// once every one is complete, `index.csv` last: a run that fails leaves the previous set of
/// files as it was. Files of earlier runs that this run does not write are left alone
/// (`index.csv` says which files belong to the run).
final class DirectorySink: OutputSink {
  private let directory: String
  private var files: [AtomicFile] = []
  private var failure: OutputFailure?

  init(directory: String) throws(OutputFailure) {
    self.directory = Directories.trimmingTrailingSlashes(directory)
    try Directories.create(self.directory)
  }

  func beginFile(named name: String) -> Bool {
    guard failure == nil else { return false }
    if let last = files.last, let closing = last.close() {
      failure = closing
      return false
    }
    do {
      files.append(try AtomicFile(replacing: directory + "/" + name))
      return true
    } catch {
      failure = error
      return false
    }
  }

  func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
    guard failure == nil, let file = files.last else { return false }
    return file.write(chunk)
  }

  /// Puts every file in place, or none of them; nil on success.
  func finish() -> OutputFailure? {
    if failure == nil, let last = files.last { failure = last.close() }
    if failure == nil { failure = files.lazy.compactMap { $0.close() }.first }
    guard failure == nil else {
      abandon()
      return failure
    }
    // `index.csv` last, so that it never lists files not yet in place.
    let isIndex = { (file: AtomicFile) in Directories.name(of: file.path) == "index.csv" }
    for file in files.filter({ !isIndex($0) }) + files.filter(isIndex) {
      if let failed = file.publish() {
        abandon()
        return failed
      }
    }
    return nil
  }

  /// Removes the temporary files; the directory's files stay as they were.
  func abandon() {
    for file in files { file.discard() }
  }
}
