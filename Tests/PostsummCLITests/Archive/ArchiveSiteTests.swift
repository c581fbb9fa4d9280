import Foundation
import PostfixCore
import ReportModel
import Testing
import TestSupport

@testable import PostsummCLI

/// Issue 16, item 5, in process with the days in memory (`MemoryDayStore`): an archive kept up
/// to date run after run equals one made at once, reads only the days it lacks (and the newest
/// one again), and rewrites only the pages whose data or links changed.
@Suite("Archive site")
struct ArchiveSiteTests {
  typealias Support = ArchiveTestSupport

  static let week = (1...7).map { Day(year: 2026, month: 11, day: 15 + $0) }

  /// One archive run as the command makes it, the clock at `now` (not pinned: years come from
  /// the files' modification times).
  static func archive(
    _ root: String, _ store: MemoryDayStore, _ files: [String], now: String, jobs: Int = 2, progress: ProgressMeter? = nil
  ) throws -> (ArchiveUpdate.Outcome, ArchiveSite.Outcome) {
    let settings = ArchiveCommand.archiveSettings(try Support.settings(["--jobs", "\(jobs)"] + files, now: now))
    let update = ArchiveUpdate(settings: settings, store: store, progress: progress).run()
    let site = ArchiveSite(
      root: root, store: store, parse: settings.parse, report: settings.report,
      meta: ReportMeta(version: "test", generatedAt: now), templateDirectory: nil)
    return (update, site.update())
  }

  static func storeSettings() throws -> Settings {
    ArchiveCommand.archiveSettings(try Support.settings(["--format", "none"]))
  }

  @Test("ISO 8601 weeks, around New Year too")
  func isoWeeks() {
    let cases: [(String, String)] = [
      ("2026-11-16", "2026-W47"), ("2026-11-22", "2026-W47"), ("2026-12-28", "2026-W53"), ("2027-01-03", "2026-W53"),
      ("2027-01-04", "2027-W01"), ("2024-12-30", "2025-W01"), ("2021-01-03", "2020-W53"), ("2026-01-01", "2026-W01"),
    ]
    for (day, week) in cases { #expect(ArchivePeriod.weekID(of: Day(iso: day)!) == week, "\(day)") }
  }

  @Test("kept up to date in two runs, the archive equals one made at once; the second run reads only what it lacks")
  func incrementalEqualsOneRun() throws {
    let logs = try TemporaryDirectory()
    let files = try Support.rotatedCopy(
      of: "real/week", into: logs.path, firstRotation: Day(year: 2026, month: 11, day: 17), current: "2026-11-22T14:32:00")
    let sorted = files.sorted()  // mail.log, mail.log.1, mail.log.2.gz … mail.log.6.gz
    let oldest4 = Array(sorted.suffix(4))  // mail.log.3.gz … mail.log.6.gz
    let site = try TemporaryDirectory()
    let store = MemoryDayStore(settings: try Self.storeSettings())
    let (first, firstPages) = try Self.archive(site.path, store, oldest4, now: "2026-11-20T07:00:00")
    #expect(first.readDays == Array(Self.week.prefix(5)))
    #expect(firstPages.failures.isEmpty)
    let meter = ProgressMeter(totalFiles: files.count)
    let (second, secondPages) = try Self.archive(site.path, store, files, now: "2026-11-23T07:00:00", progress: meter)
    #expect(meter.filesDone == files.count, "the progress line ends at every file, skipped or read, counted once")
    // Old files whose days are all archived are not opened; Nov 20, the newest, is read again.
    #expect(second.skippedFiles.map(Directories.name) == ["mail.log.6.gz", "mail.log.5.gz", "mail.log.4.gz"])
    #expect(second.readDays == Array(Self.week.suffix(3)))
    #expect(second.skippedLines > 0, "mail.log.3.gz's Nov 19 lines are dated, not parsed")
    #expect(second.keptDays.isEmpty && second.failures.isEmpty && !second.readAgain)
    #expect(
      secondPages.written == [
        "days/2026-11-20", "days/2026-11-21", "days/2026-11-22", "weeks/2026-W47", "months/2026-11", "index.html",
      ])

    let once = MemoryDayStore(settings: try Self.storeSettings())
    let onceSite = try TemporaryDirectory()
    _ = try Self.archive(onceSite.path, once, files, now: "2026-11-23T07:00:00")
    let settings = try Self.storeSettings()
    #expect(try store.days() == Self.week)
    #expect(try once.days() == Self.week)
    for day in Self.week {
      let a = Support.json(Support.report(days: [try store.load(day)], settings))
      let b = Support.json(Support.report(days: [try once.load(day)], settings))
      #expect(a == b, "\(day.iso) differs between the archive kept up to date and the one made at once")
    }
    let merged = Support.report(days: try Self.week.map { try store.load($0) }, settings)
    let plainSettings = try Support.settings(["--format", "none", "--jobs", "1"] + files, now: "2026-11-23T07:00:00")
    var wholeRun = settings
    wholeRun.files = plainSettings.files
    let plain = Support.report(Pipeline(settings: wholeRun, progress: nil).run().summary, settings)
    #expect(Support.json(merged) == Support.json(plain), "the archived days merged differ from one run over the logs")
    // The week's page is that report, with its links.
    let weekJSON = try #require(FileManager.default.contents(atPath: site.path("weeks/2026-W47/report.json")))
    let plainJSON = try JSONSerialization.jsonObject(with: Data(Support.json(plain).utf8)) as? [String: Any]
    let weekPage = try JSONSerialization.jsonObject(with: weekJSON) as? [String: Any]
    #expect((weekPage?["totals"] as? NSDictionary) == (plainJSON?["totals"] as? NSDictionary))
  }

  @Test("a run over the same logs rewrites nothing: no day changes, no page, no file")
  func unchangedRunWritesNothing() throws {
    let logs = try TemporaryDirectory()
    let files = try Support.rotatedCopy(
      of: "real/week", into: logs.path, firstRotation: Day(year: 2026, month: 11, day: 17), current: "2026-11-22T14:32:00")
    let site = try TemporaryDirectory()
    let store = MemoryDayStore(settings: try Self.storeSettings())
    let (_, first) = try Self.archive(site.path, store, files, now: "2026-11-23T07:00:00")
    #expect(first.written.count == 7 + 1 + 1 + 1)
    let before = Support.fileStamps(under: site.path)
    #expect(before.keys.contains("days/2026-11-22/index.html") && before.keys.contains("months/2026-11/csv/totals.csv"))
    let (update, pages) = try Self.archive(site.path, store, files, now: "2026-11-23T08:00:00")
    #expect(update.readDays == [Self.week[6]], "only the newest day is read again")
    #expect(update.changedDays.isEmpty)
    #expect(pages.written.isEmpty && pages.kept == 10)
    #expect(Support.fileStamps(under: site.path) == before)
  }

  @Test("every page links to pages that exist: previous, next, up, down")
  func linksResolve() throws {
    let logs = try TemporaryDirectory()
    let files = try Support.rotatedCopy(
      of: "real/week-dateext", into: logs.path, firstRotation: Day(year: 2026, month: 12, day: 29),
      current: "2027-01-03T14:00:00")
    let site = try TemporaryDirectory()
    let store = MemoryDayStore(settings: try Self.storeSettings())
    let (update, pages) = try Self.archive(site.path, store, files, now: "2027-01-04T07:00:00")
    #expect(update.readDays.first == Day(iso: "2026-12-28") && update.readDays.last == Day(iso: "2027-01-03"))
    // Across New Year: one ISO week, two months.
    #expect(pages.written.filter { $0.hasPrefix("weeks/") } == ["weeks/2026-W53"])
    #expect(pages.written.filter { $0.hasPrefix("months/") } == ["months/2026-12", "months/2027-01"])
    var checked = 0
    for page in pages.written {
      let path = page == "index.html" ? site.path("index.html") : site.path("\(page)/index.html")
      let html = try #require(FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) })
      let tags = try HTMLPageScan.tags(html)
      for tag in tags where tag.name == "a" && !tag.isEnd {
        guard let href = tag.attributes["href"], !href.hasPrefix("#") else { continue }
        let target = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(href).standardized.path
        #expect(FileManager.default.fileExists(atPath: target), "\(page): \(href) leads nowhere")
        checked += 1
      }
    }
    #expect(checked > 30)
    let day = try String(contentsOfFile: site.path("days/2026-12-31/index.html"), encoding: .utf8)
    #expect(day.contains("<a rel=\"prev\" href=\"../../days/2026-12-30/index.html\">"))
    #expect(day.contains("<a rel=\"next\" href=\"../../days/2027-01-01/index.html\">"))
    #expect(day.contains("href=\"../../weeks/2026-W53/index.html\">↑ Week 53 of 2026</a>"))
    #expect(day.contains("href=\"../../months/2026-12/index.html\">↑ December 2026</a>"))
    let index = try String(contentsOfFile: site.path("index.html"), encoding: .utf8)
    // Newest first.
    let january = try #require(index.range(of: "months/2027-01/index.html"))
    let december = try #require(index.range(of: "months/2026-12/index.html"))
    #expect(january.lowerBound < december.lowerBound)
    for name in ["report.txt", "report.json", "csv/index.csv", "csv/totals.csv"] {
      #expect(FileManager.default.fileExists(atPath: site.path("weeks/2026-W53/\(name)")), "\(name)")
    }
  }

  @Test("the lock keeps a second run out")
  func lock() throws {
    let site = try TemporaryDirectory()
    do {
      let first = try ArchiveLock(directory: site.path)
      #expect(throws: ArchiveLock.Failure.self) { _ = try ArchiveLock(directory: site.path) }
      withExtendedLifetime(first) {}
    }
    // Released with its holder.
    _ = try ArchiveLock(directory: site.path)
  }
}
