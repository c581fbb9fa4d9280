import ReportModel

/// One output format. Every renderer reads only the `Report`; adding a format means one new
/// file with a type conforming to this protocol and one case in `OutputFormat`.
public protocol Renderer: Sendable {
  static var format: OutputFormat { get }
  /// The whole document. Text renderers return exactly the bytes to write.
  func render(_ report: Report) throws -> RenderedOutput
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

  /// The single document (for `.files`, all files concatenated with headers; for tests).
  public var text: String {
    switch self {
    case .document(let s): return s
    case .files(let files): return files.map { "==> \($0.name) <==\n\($0.contents)" }.joined(separator: "\n")
    }
  }
}

/// The formats postsumm can write. The raw value is the `--format` name.
public enum OutputFormat: String, CaseIterable, Sendable {
  case text, html, csv, json

  /// Guesses the format from an output path's extension (`-o report.html`).
  public init?(pathExtension path: String) {
    let lower = path.lowercased()
    if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
      self = .html
    } else if lower.hasSuffix(".json") {
      self = .json
    } else if lower.hasSuffix(".csv") || lower.hasSuffix("/") {
      self = .csv
    } else if lower.hasSuffix(".txt") || lower.hasSuffix(".text") {
      self = .text
    } else {
      return nil
    }
  }
}
