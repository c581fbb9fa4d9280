import ReportModel

/// Placeholder until the JSON renderer lands.
public struct JSONRenderer: Renderer {
  public static let format = OutputFormat.json
  public init() {}
  public func render(_ report: Report) throws -> RenderedOutput { .document("") }
}
