import Foundation
import LogInput
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// Warning and cleanup texts are counted either whole (for an HTML page) or already trimmed to
/// the text report's `--colwidth`; the report trims whole ones. Both must give the same report,
/// also at widths where trimming twice would cut again (Perl's negative `substr`).
@Suite("Texts kept whole or trimmed")
struct KeptTextWidthTests {
  static let fixtures = ["hand/appendix-a.log", "hand/hostile-strings.log", "hand/crlf.log", "hand/multi-instance.log"]

  static func report(_ fixture: String, keptWidth: Int, columnWidth: Int, verbose: Bool = false) -> Report {
    var p = ParseOptions()
    p.textWidth = keptWidth
    p.verbose = verbose
    var r = ReportOptions()
    r.columnWidth = columnWidth
    var parser = ShardParser(
      options: p, anchor: LogTimeAnchor(date: Day(year: 2026, month: 12, day: 31), secondOfDay: 0), hasPredecessor: false)
    _ = LineReader(source: .file(FixturePaths.path(fixture)), prefetch: false).forEachLine { parser.consume($0) }
    var s = parser.summary
    s.finish()
    return ReportBuilder.build(s, options: r, meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
  }

  @Test("counted whole and trimmed by the report = trimmed when counted", arguments: fixtures, [80, 120, 40, 1, 0])
  func sameReport(fixture: String, width: Int) {
    #expect(Self.report(fixture, keptWidth: 0, columnWidth: width) == Self.report(fixture, keptWidth: width, columnWidth: width))
  }

  @Test("the page's whole texts: the report of texts kept whole, at --colwidth 0")
  func wholeTexts() {
    for fixture in Self.fixtures {
      var p = ParseOptions()
      p.textWidth = 0
      var parser = ShardParser(
        options: p, anchor: LogTimeAnchor(date: Day(year: 2026, month: 12, day: 31), secondOfDay: 0), hasPredecessor: false)
      _ = LineReader(source: .file(FixturePaths.path(fixture)), prefetch: false).forEachLine { parser.consume($0) }
      var s = parser.summary
      s.finish()
      var o = ReportOptions()
      o.columnWidth = 80
      let trimmed = ReportBuilder.build(s, options: o, meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
      let page = ReportBuilder.withWholeTexts(trimmed, from: s, options: o)
      #expect(page == Self.report(fixture, keptWidth: 0, columnWidth: 0), "\(fixture)")
    }
  }
}
