/// The formats postsumm can write. The raw value is the `--format` name.
public enum OutputFormat: String, CaseIterable, Sendable {
  case text, html, csv, json

  /// The renderer that writes this format; `templateDirectory` (`--template-dir`) only
  /// matters to HTML.
  public func renderer(templateDirectory: String? = nil) -> any Renderer {
    switch self {
    case .text: TextRenderer()
    case .html: HTMLRenderer(templateDirectory: templateDirectory)
    case .csv: CSVRenderer()
    case .json: JSONRenderer()
    }
  }

  /// Whether the format is a set of files (a directory) rather than one document.
  public var isDirectory: Bool { self == .csv }
}
