import LogInput

/// Why an output could not be written: one line for standard error (`postsumm: ` is added)
/// that names the file and the system's reason, and the exit status it earns.
struct OutputFailure: Error, Equatable {
  var message: String
  var status: ExitStatus

  /// A file or directory that could not be made (exit 73): `out: cannot create directory: …`.
  static func cannotCreate(_ path: String, _ what: String? = nil, _ error: SystemError) -> OutputFailure {
    OutputFailure(message: "\(path): \(what.map { $0 + ": " } ?? "")\(error.message)", status: .cannotCreateOutput)
  }

  /// Writing, flushing, closing or putting a file in place failed (exit 74):
  /// `report.html: No space left on device`.
  static func cannotWrite(_ path: String, _ error: SystemError) -> OutputFailure {
    OutputFailure(message: "\(path): \(error.message)", status: .ioError)
  }
}
