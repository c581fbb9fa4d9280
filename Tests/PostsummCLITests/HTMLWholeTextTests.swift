import Foundation
import Testing
import TestSupport

/// Issue 17, item 6: the page is not a terminal. Warning and cleanup texts that the text report
/// cuts at `--colwidth` are whole on the page (CSS wraps them), whether the page is the only
/// output or one of several (then the lines also go through a second parser that keeps them
/// whole); the text report keeps cutting them.
@Suite("HTML shows whole texts")
struct HTMLWholeTextTests {
  static let log = FixturePaths.path("hand/appendix-a.log")
  static let common = ["--reference-date", "2026-11-27", "--generated-at", "none", "--no-progress"]
  static let whole = "header_checks: regexp map /etc/postfix/header_checks, line 3: ignoring unrecognized request"
  static let cut = "header_checks: regexp map /etc/postfix/header_checks, line 3: i..."

  @Test("with other outputs, alone, and on standard output: the same page, with the whole text; the text report cuts it")
  func wholeTexts() throws {
    let dir = try TemporaryDirectory()
    for jobs in ["1", "2"] {
      let withText = try PostsummProcess.run(
        Self.common + ["--jobs", jobs, "--html", dir.path("page.html"), "--json", dir.path("report.json"), Self.log])
      #expect(withText.status == 0)
      #expect(withText.output.contains(Self.cut) && !withText.output.contains(Self.whole))
      let json = String(decoding: try #require(FileManager.default.contents(atPath: dir.path("report.json"))), as: UTF8.self)
      #expect(json.contains(Self.cut))
      let page = String(decoding: try #require(FileManager.default.contents(atPath: dir.path("page.html"))), as: UTF8.self)
      #expect(page.contains(Self.whole) && !page.contains(Self.cut))

      let alone = try PostsummProcess.run(Self.common + ["--jobs", jobs, "--format", "html", Self.log])
      #expect(alone.output == page)
      let wide = try PostsummProcess.run(Self.common + ["--jobs", jobs, "--format", "html", "--colwidth", "0", Self.log])
      #expect(wide.output == page)
    }
  }

  @Test("the cleanup reject texts are whole on the page too, and the rest of the page is the text report's")
  func restUnchanged() throws {
    let dir = try TemporaryDirectory()
    let r = try PostsummProcess.run(Self.common + ["--html", dir.path("page.html"), Self.log])
    let page = String(decoding: try #require(FileManager.default.contents(atPath: dir.path("page.html"))), as: UTF8.self)
    let text = ReportFigures.fromText(r.output)
    // The page's abuse tables are its own (the text report has them with --abuse-stats).
    let html = ReportFigures.fromHTML(page).filter { !ReportFigures.isAbuseSection($0.title) }
    #expect(html.map(\.title) == text.map(\.title))
    let differing = zip(html, text).filter { $0 != $1 }.map(\.0.title)
    #expect(differing == ["message reject detail", "Warnings"])
  }
}
