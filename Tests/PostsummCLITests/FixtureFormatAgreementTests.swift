import Foundation
import Testing
import TestSupport

@testable import PostsummCLI

/// One run of the command writes text, HTML, CSV and JSON; on every fixture, the figures of
/// CSV (read back with an RFC 4180 reader) and JSON equal the text report's, those of the HTML
/// page equal the text report's with `--colwidth 0` (the page has the texts whole, and exact
/// figures, read back as the text report scales them), and the JSON validates against
/// `docs/report.schema.json`.
@Suite("Every format agrees with the text report on the fixtures")
struct FixtureFormatAgreementTests {
  struct Case: Sendable, CustomStringConvertible {
    var id: String
    var inputs: [String]
    var arguments: [String] = []
    var referenceDate = FormatFixtureRuns.referenceDate
    var layout = ReportFigures.Layout()
    var description: String { id }
  }

  /// The hand-made fixtures with default options, two option-heavy runs, and every rotated
  /// set under `Fixtures/real/` that is present.
  static let cases: [Case] = {
    var list = FixturePaths.files(in: "hand").filter { $0.hasSuffix(".log") }.map {
      Case(id: "hand/" + ($0 as NSString).lastPathComponent, inputs: [$0])
    }
    let appendix = FixturePaths.path("hand/appendix-a.log")
    list.append(
      Case(
        id: "appendix-a, every section, ISO, quiet, top-N", inputs: [appendix],
        arguments: [
          "--smtpd-stats", "--pscrn-stats", "--ssl-tls-stats", "-e", "--iso-date-time", "--problems-first", "-q", "-h", "2",
          "-u", "3", "--detail", "1", "--zero-fill", "--abuse-stats",
        ],
        layout: ReportFigures.Layout(iso: true, quiet: true, abuse: true)))
    list.append(
      Case(
        id: "appendix-a, one day, sections suppressed", inputs: [appendix],
        arguments: ["-d", "2026-11-24", "--suppress", "per-hour", "--no-no-msg-size", "-h", "0", "--smtpd-stats"]))
    for set in ((try? FileManager.default.contentsOfDirectory(atPath: FixturePaths.path("real"))) ?? []).sorted() {
      // Only the logs: some sets also hold their ground truth and notes (expected.json, README.md).
      let files = FixturePaths.files(in: "real/" + set).filter { ($0 as NSString).lastPathComponent.hasPrefix("mail.log") }
      if files.isEmpty { continue }
      // Late enough for every set's year-less stamps to resolve within 2026/2027 as recorded.
      list.append(
        Case(
          id: "real/" + set, inputs: files, arguments: ["--smtpd-stats", "--abuse-stats"], referenceDate: "2027-06-30",
          layout: ReportFigures.Layout(abuse: true)))
    }
    // Three servers' rotated sets in one run, the text report with the Servers table.
    let servers = ["mx1", "mx2", "mx3"].flatMap { FixturePaths.files(in: "real/servers/" + $0) }
    if !servers.isEmpty {
      list.append(
        Case(
          id: "real/servers (three servers, --server-stats)", inputs: servers, arguments: ["--smtpd-stats", "--abuse-stats", "--server-stats", "-e"],
          referenceDate: "2027-06-30", layout: ReportFigures.Layout(abuse: true, servers: true)))
    }
    return list
  }()

  @Test("HTML, CSV and JSON show the text report's figures", arguments: cases)
  func agree(_ c: Case) throws {
    let out = try FormatFixtureRuns.writeAllFormats(c.inputs, arguments: c.arguments, referenceDate: c.referenceDate)
    #expect(out.status == .success)
    let text = ReportFigures.fromText(out.text)
    #expect(text.first?.title == "Grand Totals")

    // The page always has the abuse tables, and the Servers table for several hosts; the text
    // report with --abuse-stats, --server-stats.
    let html = ReportFigures.fromHTML(out.html).filter {
      (c.layout.abuse || !ReportFigures.isAbuseSection($0.title)) && (c.layout.servers || !ReportFigures.isServersSection($0.title))
    }
    let wholeText = ReportFigures.fromText(out.wholeText)
    #expect(html.map(\.title) == wholeText.map(\.title), "HTML sections differ")
    for (h, t) in zip(html, wholeText) where h != t { Issue.record("HTML section differs:\n\(h)\ntext (--colwidth 0):\n\(t)") }
    #expect(try HTMLPageScan.foreignMarkup(out.html) == [])

    let json = try JSONValue.parse(out.json)
    let schema = JSONSchemaValidator(schema: try JSONValue.parse(try #require(FixturePaths.read("../docs/report.schema.json"))))
    #expect(schema.errors(json) == [])
    compare(ReportFigures.fromJSON(json, layout: c.layout), text, "JSON")
    compare(try ReportFigures.fromCSV(out.csv, layout: c.layout), text, "CSV")
  }

  func compare(_ mine: [FigureSection], _ text: [FigureSection], _ format: String) {
    #expect(Set(mine.map(\.title)) == Set(text.map(\.title)), "\(format) sections differ")
    for t in text {
      guard let m = mine.first(where: { $0.title == t.title }) else { continue }
      if !m.agrees(with: t) { Issue.record("\(format) section differs:\n\(m)\ntext:\n\(t)") }
    }
  }

  @Test("an unreadable --template-dir fails the run with a message, other formats still written")
  func badTemplateDirectory() throws {
    let out = try FormatFixtureRuns.writeAllFormats(
      [FixturePaths.path("hand/appendix-a.log")], arguments: ["--template-dir", "/nonexistent/templates"])
    #expect(out.status == .ioError)
    #expect(out.html.isEmpty)
    #expect(out.text.hasPrefix("Postfix Log Summaries"))
    #expect(!out.json.isEmpty && out.csv["totals.csv"] != nil)
  }
}
