#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Renderers

/// Where one rendered format goes.
struct OutputTarget: Equatable {
  var format: OutputFormat
  /// nil = standard output.
  var path: String?

  enum Failure: Error, Equatable {
    /// `-o PATH` whose format cannot be told from its name.
    case unknownExtension(String)
    /// A CSV target named like one file (`tables.csv`): CSV is a directory of tables.
    case csvFile(String)
    case badFormat(String)
  }

  /// Standard output gets `--format` (default text; `none`: nothing), then the files asked for,
  /// in the order `-o …`, `--text`, `--html`, `--csv`, `--json`.
  static func targets(
    format: String?, outputs: [String], text: String?, html: String?, csv: String?, json: String?
  ) throws(Failure) -> [OutputTarget] {
    var list: [OutputTarget] = []
    if format == "none" {
      // Files only: nothing on standard output.
    } else if let format {
      guard let f = OutputFormat(rawValue: format) else { throw .badFormat(format) }
      list.append(OutputTarget(format: f, path: nil))
    } else {
      list.append(OutputTarget(format: .text, path: nil))
    }
    for path in outputs { list.append(OutputTarget(format: try Self.format(ofOutput: path), path: path)) }
    if let text { list.append(OutputTarget(format: .text, path: text)) }
    if let html { list.append(OutputTarget(format: .html, path: html)) }
    if let csv {
      if isCSVFileName(csv) && !isDirectory(csv) { throw .csvFile(csv) }
      list.append(OutputTarget(format: .csv, path: csv))
    }
    if let json { list.append(OutputTarget(format: .json, path: json)) }
    return list
  }

  /// The format of `-o PATH`: a path ending in `/` or naming an existing directory is the CSV
  /// directory; otherwise the extension says (`.txt`/`.text`, `.html`/`.htm`, `.json`). A path
  /// ending in `.csv` is refused: CSV output is a directory of tables, not one file.
  static func format(ofOutput path: String) throws(Failure) -> OutputFormat {
    if path.hasSuffix("/") || isDirectory(path) { return .csv }
    let lower = path.lowercased()
    if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
    if lower.hasSuffix(".json") { return .json }
    if lower.hasSuffix(".txt") || lower.hasSuffix(".text") { return .text }
    if isCSVFileName(path) { throw .csvFile(path) }
    throw .unknownExtension(path)
  }

  private static func isCSVFileName(_ path: String) -> Bool { !path.hasSuffix("/") && path.lowercased().hasSuffix(".csv") }

  private static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }
}
