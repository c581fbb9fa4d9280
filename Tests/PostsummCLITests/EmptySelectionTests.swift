import Foundation
import Testing
import TestSupport

/// Issue 17, item 5: `-d` on logs that hold no such day still prints the (empty) report and
/// exits 0, but standard error says why: how many lines were read, that none fell in the range,
/// the range, and the period the logs cover.
@Suite("Empty selections")
struct EmptySelectionTests {
  static let week = FixturePaths.files(in: "real/week")

  @Test("a range outside the logs: lines read, the range, the period the logs cover; exit 0")
  func rangeOutsideTheLogs() throws {
    let r = try PostsummProcess.run(["--reference-date", "2026-11-30", "--no-progress", "-d", "yesterday"] + Self.week)
    #expect(r.status == 0)
    #expect(
      r.errorLines == [
        "postsumm: 9328 lines read, none of them in the date range 2026-11-29 (-d yesterday); the logs cover 2026-11-16 to 2026-11-22"
      ])
    #expect(r.output.hasPrefix("Postfix Log Summaries\n"))
  }

  @Test("a range of several days, read from a pipe: the period the logs cover is known from the one reading")
  func rangeOnStandardInput() throws {
    let log = try #require(FileManager.default.contents(atPath: FixturePaths.path("hand/appendix-a.log")))
    let r = try PostsummProcess.run(
      ["--reference-date", "2026-12-31", "--no-progress", "-d", "2026-12-01 2026-12-07", "-"],
      input: .generated { write in _ = write([UInt8](log)) })
    #expect(r.status == 0)
    #expect(r.errorLines.count == 1)
    #expect(
      r.errorLines.first?.hasSuffix(
        " lines read, none of them in the date range 2026-12-01 to 2026-12-07 (-d 2026-12-01 2026-12-07); the logs cover 2026-11-24 to 2026-11-25"
      ) == true)
  }

  @Test("lines in the range that are not Postfix's, and logs with no dated line, are told apart")
  func noPostfixLinesOrNoDates() throws {
    let dir = try TemporaryDirectory()
    let other = try dir.write("Nov 24 08:00:01 mx1 sshd[1]: Accepted publickey for root\n", to: "other.log")
    let r = try PostsummProcess.run(["--reference-date", "2026-11-30", "--no-progress", "-d", "2026-11-24", other])
    #expect(r.status == 0)
    #expect(
      r.errorLines == [
        "postsumm: 1 line read, 1 of them in the date range 2026-11-24 (-d 2026-11-24) but none from Postfix; the logs cover 2026-11-24"
      ])
    let junk = try dir.write("no date here\n", to: "junk.log")
    let j = try PostsummProcess.run(["--reference-date", "2026-11-30", "--no-progress", "-d", "2026-11-24", junk])
    #expect(
      j.errorLines == [
        "postsumm: 1 line read, none of them in the date range 2026-11-24 (-d 2026-11-24); none of them has a date postsumm reads"
      ])
  }

  @Test("a range that holds Postfix lines, or no range at all: nothing on stderr")
  func selectionNotEmpty() throws {
    let r = try PostsummProcess.run(["--reference-date", "2026-11-30", "--no-progress", "-d", "2026-11-20"] + Self.week)
    #expect(r.status == 0 && r.standardError == "")
    let empty = try PostsummProcess.run(["--reference-date", "2026-11-30", "--no-progress", FixturePaths.path("hostile/empty.log")])
    #expect(empty.status == 0 && empty.standardError == "")
  }
}
