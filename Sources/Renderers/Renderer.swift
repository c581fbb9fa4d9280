import ReportModel

/// One output format. Every renderer reads only the `Report` and writes through one entry
/// point, `write(_:to:)`, into a `ReportSink`: the command's files and standard output, and
/// the tests' collected strings (`render`), all go that way. Adding a format means one new
/// file with a type conforming to this protocol and one case in `OutputFormat`.
public protocol Renderer: Sendable {
  static var format: OutputFormat { get }
  /// Streams the report into `sink`, in chunks of about a megabyte. Throws when the report
  /// cannot be rendered (HTML templates that cannot be read or parsed: before anything is
  /// written); a sink that fails to write keeps the reason itself.
  func write(_ report: Report, to sink: any ReportSink) throws
}

extension Renderer {
  /// The whole output in memory: one document, or (CSV) the named files. For tests and small
  /// reports; the command streams with `write(_:to:)`.
  public func render(_ report: Report) throws -> RenderedOutput {
    let collected = CollectedOutput()
    try write(report, to: collected)
    return collected.output
  }
}

/// What a renderer produces: one document, or (CSV) a set of named files.
public enum RenderedOutput: Sendable, Equatable {
  case document(String)
  case files([(name: String, contents: String)])

  public static func == (a: RenderedOutput, b: RenderedOutput) -> Bool {
    switch (a, b) {
    case (.document(let x), .document(let y)): return x == y
    case (.files(let x), .files(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.name == $1.name && $0.contents == $1.contents }
    default: return false
    }
  }

  /// The single document (for `.files`, all files concatenated with headers, as `--format csv`
  /// prints them on standard output).
  public var text: String {
    switch self {
    case .document(let s): return s
    case .files(let files): return files.map { "==> \($0.name) <==\n\($0.contents)" }.joined(separator: "\n")
    }
  }
}
