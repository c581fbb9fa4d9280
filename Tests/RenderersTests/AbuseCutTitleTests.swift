import ReportModel
import Testing

@testable import Renderers

/// The abuse tables cut by `-h` (`AbuseClientTable.limit`): the titles say how many there
/// were, as the host tables' do; `-h 0` leaves the tables out of the text report and the page.
@Suite("Abuse tables cut by -h")
struct AbuseCutTitleTests {
  @Test("(top N of M) when cut, (M) when not, nothing at -h 0", arguments: [nil, 0, 1, 2, 5] as [Int?])
  func titles(limit: Int?) throws {
    var report = SampleReports.kitchenSink(strings: ["x"])
    report.layout.abuseStats = true
    let all = report.authFailures.rows
    #expect(all.count == 2)
    report.authFailures = AbuseClientTable(limit: limit, totalRows: all.count, rows: Array(all.prefix(limit ?? all.count)))
    let text = try TextRenderer().render(report).text
    let page = try HTMLRenderer().render(report).text
    let title = AbuseTitles.authFailures
    switch limit {
    case 0:
      #expect(!text.contains(title) && !page.contains(title))
    case 1:
      #expect(text.contains("\(title) (top 1 of 2)") && page.contains("\(title) (top 1 of 2)"))
    default:
      #expect(text.contains("\(title) (2)") && page.contains("\(title) (2)") && !text.contains("\(title) (top"))
    }
  }
}
