import ReportModel
import Testing
import TestSupport

@testable import Renderers

/// HTML, CSV and JSON rendered from one `Report` show the text report's figures, section by
/// section and line by line (`ReportFigures` reads each format back independently).
@Suite("Formats agree with the text report")
struct FormatAgreementTests {
  static let layouts: [(ReportLayout, ReportFigures.Layout)] = [
    (ReportLayout(), ReportFigures.Layout()),
    (ReportLayout(isoDateTime: true, problemsFirst: true, quiet: true), ReportFigures.Layout(iso: true, quiet: true)),
    (ReportLayout(abuseStats: true), ReportFigures.Layout(abuse: true)),
    (ReportLayout(isoDateTime: true, quiet: true, abuseStats: true), ReportFigures.Layout(iso: true, quiet: true, abuse: true)),
    (ReportLayout(serverStats: true), ReportFigures.Layout(servers: true)),
    (ReportLayout(quiet: true, abuseStats: true, serverStats: true), ReportFigures.Layout(quiet: true, abuse: true, servers: true)),
  ]

  @Test("every format shows the text report's figures", arguments: 0..<layouts.count)
  func agree(layoutIndex: Int) throws {
    let (layout, figuresLayout) = Self.layouts[layoutIndex]
    let report = SampleReports.kitchenSink(strings: SampleReports.plainStrings, layout: layout)
    try Self.expectAgreement(report, layout: figuresLayout)
  }

  @Test("agreement holds with empty sections", arguments: [false, true], [false, true])
  func agreeEmpty(abuse: Bool, servers: Bool) throws {
    var report = SampleReports.empty()
    report.layout.abuseStats = abuse
    report.layout.serverStats = servers
    try Self.expectAgreement(report, layout: ReportFigures.Layout(abuse: abuse, servers: servers))
  }

  /// The page's sections that the text report has only with `--abuse-stats` or
  /// `--server-stats` (those it never has `ReportFigures.fromHTML` leaves out itself).
  static func notInTextReport(_ title: String, _ layout: ReportFigures.Layout) -> Bool {
    (!layout.abuse && ReportFigures.isAbuseSection(title)) || (!layout.servers && ReportFigures.isServersSection(title))
  }

  static func expectAgreement(_ report: Report, layout: ReportFigures.Layout) throws {
    let text = ReportFigures.fromText((try TextRenderer().render(report).text))
    #expect(text.count > 1)

    let page = ReportFigures.fromHTML(try HTMLRenderer().render(report).text)
    // Sections that are not pflogsumm's (the text report leaves them out) are the page's own.
    #expect(Set(page.map(\.title)).subtracting(text.map(\.title)).allSatisfy { notInTextReport($0, layout) })
    let html = page.filter { !notInTextReport($0.title, layout) }
    // The page has the Servers table for two hosts or more only; the text report whenever asked.
    #expect(report.servers.count > 1 || !page.contains { ReportFigures.isServersSection($0.title) })
    let pageText = report.servers.count > 1 ? text : text.filter { !ReportFigures.isServersSection($0.title) }
    #expect(html.map(\.title) == pageText.map(\.title), "HTML sections differ from the text report's")
    for (h, t) in zip(html, pageText) where h != t {
      Issue.record("HTML section differs:\n\(h)\ntext:\n\(t)")
    }

    let json = ReportFigures.fromJSON(try JSONValue.parse(try JSONRenderer().render(report).text), layout: layout)
    expectSameSections(json, text, format: "JSON")

    guard case .files(let files) = try CSVRenderer().render(report) else {
      Issue.record("CSV is not a set of files")
      return
    }
    let csv = try ReportFigures.fromCSV(Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.contents) }), layout: layout)
    expectSameSections(csv, text, format: "CSV")
  }

  /// Same sections (in any order: JSON and CSV have no page order) with agreeing lines.
  static func expectSameSections(_ mine: [FigureSection], _ text: [FigureSection], format: String) {
    #expect(Set(mine.map(\.title)) == Set(text.map(\.title)), "\(format) sections differ from the text report's")
    for t in text {
      guard let m = mine.first(where: { $0.title == t.title }) else { continue }
      if !m.agrees(with: t) { Issue.record("\(format) section differs:\n\(m)\ntext:\n\(t)") }
    }
  }
}
