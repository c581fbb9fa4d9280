import Foundation
import ReportModel
import Testing
import TestSupport

@testable import Renderers

/// HTML and JSON are written piece by piece (rows by `HTMLTableRows`, values by
/// `JSONStreamEncoder`); these tests hold them to the bytes of the one-piece renderings they
/// replace: Mustache rendering every row, `JSONEncoder` encoding the whole document.
@Suite("Streamed HTML and JSON")
struct StreamedOutputTests {
  /// - Parameter rows: rows of the big tables (`big`); Mustache renders a few hundred a second
  ///   in a debug build.
  static func reports(rows: Int) -> [Report] {
    var quiet = ReportLayout()
    quiet.quiet = true
    return [
      SampleReports.kitchenSink(), SampleReports.kitchenSink(strings: SampleReports.plainStrings),
      SampleReports.kitchenSink(layout: quiet), SampleReports.empty(), big(rows: rows),
    ]
  }

  /// Every kind of string in long tables; with the default row count, past the megabyte at
  /// which a chunk goes to the sink.
  static func big(rows count: Int = 30_000) -> Report {
    var r = SampleReports.kitchenSink()
    // `&` and `<` carrying a combining mark are one character, which Mustache leaves as is.
    let strings = SampleReports.hostileStrings + SampleReports.plainStrings + ["&\u{301}x", "<\u{338}", "&amp;", ""]
    let rows = (0..<count).map { i in UserRow(address: "\(strings[i % strings.count])\(i)", value: Int64(i) * 977) }
    r.recipientsByCount = UserTable(kind: .recipientsByCount, limit: nil, totalRows: rows.count, rows: rows)
    r.sendersBySize = UserTable(kind: .sendersBySize, limit: 40_000, totalRows: 50_000, rows: rows.reversed())
    r.deliveryDomains = DomainTable(
      limit: nil, totalRows: count / 10,
      rows: (0..<count / 10).map { i in
        DeliveryDomain(
          domain: strings[i % strings.count], delivered: i, bytes: Int64(i) << 20, deferrals: i % 7,
          averageDelay: Double(i) / 7, maxDelay: Double(i) * 1.5)
      })
    return r
  }

  /// How many chunks the sink got, and the chunks joined. Each chunk must be whole UTF-8
  /// characters: standard output decodes chunk by chunk.
  static func chunks(_ renderer: any Renderer, _ report: Report) throws -> (count: Int, text: String) {
    let collected = Collected()
    try renderer.write(report, to: collected)
    for chunk in collected.chunks {
      #expect(String(validating: chunk, as: UTF8.self) != nil, "a chunk cuts a character")
    }
    return (collected.chunks.count, String(decoding: collected.chunks.flatMap { $0 }, as: UTF8.self))
  }

  final class Collected: ReportSink, @unchecked Sendable {
    var chunks: [[UInt8]] = []
    func beginFile(named name: String) -> Bool { false }
    func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
      chunks.append(Array(chunk))
      return true
    }
  }

  // MARK: - HTML

  @Test("the page with rows written directly equals the page Mustache renders whole")
  func htmlRowsAsMustacheRendersThem() throws {
    for report in Self.reports(rows: 200) {
      var direct = TextBuffer()
      try HTMLRenderer().writePage(report, into: &direct, rowsByMustache: false)
      var mustache = TextBuffer()
      try HTMLRenderer().writePage(report, into: &mustache, rowsByMustache: true)
      #expect(direct.text == mustache.text)
      #expect(!direct.text.contains(HTMLRenderer.rowsMarker))
    }
  }

  @Test("rows are written directly only when the built-in table template alone uses them")
  func rowsBuiltInOnlyWhenTableIs() throws {
    #expect(try HTMLTemplateSet(overridesFrom: nil).rowsAreBuiltIn)
    let cases = [
      ("styles", "body { color: red; grid-template-rows: auto; }", true),
      ("table", "{{#rows}}{{rowLabel}}{{/rows}}", false),
      ("section", "{{#table}}{{#table.rows}}x{{/table.rows}}{{/table}}", false),
      ("report", "{{#sections}}{{#table}}{{ count(rows) }}{{/table}}{{/sections}}", false),
      ("report", "{{=<% %>=}}<%#sections%><%/sections%>", false),
    ]
    for (name, source, expected) in cases {
      let dir = try TemporaryDirectory()
      try dir.write(source, to: "\(name).mustache")
      #expect(try HTMLTemplateSet(overridesFrom: dir.path).rowsAreBuiltIn == expected, "\(name): \(source)")
    }
  }

  @Test("with custom templates, rows written directly or by Mustache give the same page")
  func customTemplatesRowsAsMustacheRendersThem() throws {
    let dir = try TemporaryDirectory()
    try dir.write("body { color: rebeccapurple; }", to: "styles.mustache")
    // Data inserted unescaped can forge the rows marker: Mustache then renders the rows.
    try dir.write("{{#notices}}<p>{{{.}}}</p>{{/notices}}{{#sections}}{{> section}}{{/sections}}", to: "report.mustache")
    var forged = SampleReports.kitchenSink()
    forged.notices = [HTMLRenderer.rowsMarker]
    for report in [SampleReports.kitchenSink(), forged] {
      let renderer = HTMLRenderer(templateDirectory: dir.path)
      var direct = TextBuffer()
      try renderer.writePage(report, into: &direct, rowsByMustache: false)
      var mustache = TextBuffer()
      try renderer.writePage(report, into: &mustache, rowsByMustache: true)
      #expect(direct.text == mustache.text)
      #expect(direct.text.contains("<td class=\"num\">"))
    }
  }

  @Test("a streamed page is the one-piece page, wherever the chunks are cut")
  func htmlChunks() throws {
    let report = Self.big()
    let whole = try HTMLRenderer().render(report).text
    let streamed = try Self.chunks(HTMLRenderer(), report)
    #expect(streamed.count > 1)
    #expect(streamed.text == whole)
  }

  @Test("with custom templates, the page Mustache renders whole is handed on in whole characters")
  func htmlCustomTemplateChunks() throws {
    let dir = try TemporaryDirectory()
    // A page of three-byte characters only: a cut at 2^20 bytes (not a multiple of 3) would
    // fall inside one.
    try dir.write("{{#sections}}{{#table}}{{#rows}}" + String(repeating: "€", count: 100) + "{{/rows}}{{/table}}{{/sections}}", to: "report.mustache")
    let report = Self.big(rows: 5000)
    let renderer = HTMLRenderer(templateDirectory: dir.path)
    let streamed = try Self.chunks(renderer, report)
    #expect(streamed.count > 1)
    var whole = TextBuffer()
    try renderer.writePage(report, into: &whole, rowsByMustache: true)
    #expect(streamed.text == whole.text)
  }

  // MARK: - JSON

  /// What `JSONRenderer` wrote before it streamed.
  static func foundationJSON(_ report: Report) throws -> String {
    let data = try JSONStreamEncoder.foundationEncoder().encode(JSONReportDocument(report))
    return JSONRenderer.compactingEmptyContainers(String(decoding: data, as: UTF8.self)) + "\n"
  }

  @Test("the streamed document equals JSONEncoder's")
  func jsonAsFoundationWritesIt() throws {
    for report in Self.reports(rows: 30_000) {
      #expect(try JSONRenderer().render(report).text == Self.foundationJSON(report))
    }
  }

  @Test("a streamed document is the one-piece document, wherever the chunks are cut")
  func jsonChunks() throws {
    let report = Self.big()
    let streamed = try Self.chunks(JSONRenderer(), report)
    #expect(streamed.count > 1)
    #expect(streamed.text == (try JSONRenderer().render(report).text))
  }

  /// Strings, numbers and shapes at the edges of what is written directly.
  struct Edges: Encodable {
    var strings: [String]
    var doubles: [Double]
    var integers: [Int64]
    var small: [Int8]
    var flag: Bool
    var optional: String?
    var nothing: String?
    var emptyArray: [Int]
    var emptyObject: Empty
    var nested: [[String: Int]]
    var queueID: String
    var aURLValue: Int
    struct Empty: Encodable {}
  }

  @Test("strings, numbers, keys and empty containers are written as JSONEncoder writes them")
  func jsonEdges() throws {
    var strings = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
    strings += ["\u{2028}\u{2029}", "\u{FFFD}", "ünï/cödé", "a\"b\\c", "e\u{301}", "🇸🇪", ""]
    let doubles: [Double] = [
      0, -0.0, 1, 0.5, 1.2666666666666666, 63000, 1e-5, 1e-7, 123456789012345680, 1e21, 1e16, 0.1 + 0.2, .leastNonzeroMagnitude,
      Double(Int64.max), 3.0e15, 12.25,
    ]
    let value = Edges(
      strings: strings, doubles: doubles, integers: [0, -1, Int64.max, Int64.min, 42], small: [-128, 127], flag: true,
      optional: "x", nothing: nil, emptyArray: [], emptyObject: .init(), nested: [["b": 1, "a": 2], [:]],
      queueID: "q", aURLValue: 1)
    let encoder = JSONStreamEncoder(sink: nil)
    try encoder.write(value, depth: 0)
    let data = try JSONStreamEncoder.foundationEncoder().encode(value)
    #expect(encoder.out.text == JSONRenderer.compactingEmptyContainers(String(decoding: data, as: UTF8.self)))
  }
}
