import Renderers

/// Where one rendered format goes.
struct OutputTarget: Equatable {
  var format: OutputFormat
  /// nil = standard output.
  var path: String?

  enum Failure: Error, Equatable {
    case unknownExtension(String)
    case badFormat(String)
  }

  /// Standard output gets `--format` (default text) unless only files were asked for with
  /// `--format` unset; then text still goes to stdout (pflogsumm's habit: the report is on
  /// stdout), as the "text still goes to stdout unless told otherwise".
  static func targets(
    format: String?, outputs: [String], text: String?, html: String?, csv: String?, json: String?
  ) throws -> [OutputTarget] {
    var list: [OutputTarget] = []
    if format == "none" {
      // Files only: nothing on standard output.
    } else if let format {
      guard let f = OutputFormat(rawValue: format) else { throw Failure.badFormat(format) }
      list.append(OutputTarget(format: f, path: nil))
    } else {
      list.append(OutputTarget(format: .text, path: nil))
    }
    for path in outputs {
      guard let f = OutputFormat(pathExtension: path) else { throw Failure.unknownExtension(path) }
      list.append(OutputTarget(format: f, path: path))
    }
    if let text { list.append(OutputTarget(format: .text, path: text)) }
    if let html { list.append(OutputTarget(format: .html, path: html)) }
    if let csv { list.append(OutputTarget(format: .csv, path: csv)) }
    if let json { list.append(OutputTarget(format: .json, path: json)) }
    return list
  }
}
