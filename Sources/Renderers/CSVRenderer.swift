import ReportModel

/// Placeholder until the CSV renderer lands.
public struct CSVRenderer: Renderer {
  public static let format = OutputFormat.csv
  public init() {}
  public func render(_ report: Report) throws -> RenderedOutput { .document("") }
}
