import ReportModel

/// The JSON report: one pretty-printed document with sorted snake_case keys and raw numbers.
///
/// The shape is `JSONReportDocument` and is specified by `docs/report.schema.json`; the output
/// is byte-stable for a given report (sorted keys, no clock read here: `generated_at` comes
/// from the report's injected `ReportMeta`).
public struct JSONRenderer: Renderer {
  public static let format = OutputFormat.json

  public init() {}

  /// Streams the document (ending with a newline) to `sink` in chunks of about a megabyte.
  /// A week's report has a million table rows: `JSONEncoder` held them several times over.
  public func write(_ report: Report, to sink: any ReportSink) throws {
    let encoder = JSONStreamEncoder(sink: { sink.write($0) })
    try write(report, with: encoder)
    _ = encoder.finish()
  }

  private func write(_ report: Report, with encoder: JSONStreamEncoder) throws {
    try encoder.write(JSONReportDocument(report), depth: 0)
    encoder.newline()
  }

  /// Foundation pretty-prints an empty array as `[`, a blank line and `]`; this writes `[]`
  /// (and `{}`). Safe on the whole text because a JSON string never contains a raw newline
  /// (the encoder escapes it as `\n`), so a bracket followed by a line break is structure.
  static func compactingEmptyContainers(_ json: String) -> String {
    var out = ""
    out.reserveCapacity(json.utf8.count)
    var scalars = Array(json.unicodeScalars)[...]
    while let c = scalars.first {
      scalars = scalars.dropFirst()
      out.unicodeScalars.append(c)
      guard c == "[" || c == "{", scalars.first == "\n" else { continue }
      let close: Unicode.Scalar = c == "[" ? "]" : "}"
      let rest = scalars.drop { $0 == "\n" || $0 == " " }
      if rest.first == close {
        out.unicodeScalars.append(close)
        scalars = rest.dropFirst()
      }
    }
    return out
  }
}
