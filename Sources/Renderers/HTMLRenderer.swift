import ReportModel

/// Placeholder until the HTML renderer lands.
public struct HTMLRenderer: Renderer {
  public static let format = OutputFormat.html
  public init(templateDirectory: String? = nil) {}
  public func render(_ report: Report) throws -> RenderedOutput { .document("") }
}
