import Foundation
import PostfixCore
import ReportModel
import Testing
import TestSupport

@testable import PostsummCLI

/// The archive's newest day continued where the last run stopped reading (`GrowingDay`,
/// `ArchiveUpdate.continuation`): the days it makes equal those of a run over all the logs.
@Suite("Archive: the growing day")
struct GrowingDayTests {
  typealias Support = ArchiveTestSupport

  /// The real week rotated as on a server on Nov 22 (`mail.log.1` plain, rotated that morning),
  /// and `mail.log` as it was the evening before: the first `lines` lines of today's
  /// `mail.log.1`, beside the same older files.
  static func logs(yesterdayLines lines: Int, evening: String = "2026-11-21T20:00:00") throws
    -> (today: TemporaryDirectory, yesterday: TemporaryDirectory, todayFiles: [String], yesterdayFiles: [String])
  {
    let today = try TemporaryDirectory()
    let todayFiles = try Support.rotatedCopy(
      of: "real/week", into: today.path, firstRotation: Day(year: 2026, month: 11, day: 17), current: "2026-11-22T14:32:00")
    let yesterday = try TemporaryDirectory()
    var yesterdayFiles: [String] = []
    for file in todayFiles {
      let name = Directories.name(of: file)
      if name == "mail.log" { continue }
      if name == "mail.log.1" {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let head = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines).joined(separator: "\n") + "\n"
        let live = yesterday.path("mail.log")
        try head.write(toFile: live, atomically: false, encoding: .utf8)
        try Support.setModificationTime(live, LocalTime.parse(evening)!)
        yesterdayFiles.append(live)
        continue
      }
      let copy = yesterday.path(name)
      try FileManager.default.copyItem(atPath: file, toPath: copy)
      yesterdayFiles.append(copy)
    }
    return (today, yesterday, todayFiles, yesterdayFiles)
  }

  static func size(_ path: String) throws -> Int64 {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? -1
  }

  /// Every day of `store` reports as the same day of `other`.
  static func sameDays(_ store: MemoryDayStore, _ other: MemoryDayStore) throws {
    let settings = try ArchiveSiteTests.storeSettings()
    #expect(try store.days() == other.days())
    for day in try other.days() {
      let a = Support.json(Support.report(days: [try store.load(day)], settings))
      let b = Support.json(Support.report(days: [try other.load(day)], settings))
      #expect(a == b, "\(day.iso) differs from the run over all the logs")
    }
  }

  @Test("the day goes on from the byte the last run stopped at, in the file rotated since; the days equal one run over all", arguments: [1, 2])
  func continuedAfterRotation(jobs: Int) throws {
    // The evening's mail.log ends at line 150 (Nov 21, 11:11); this morning it became mail.log.1.
    let (today, yesterday, todayFiles, yesterdayFiles) = try Self.logs(yesterdayLines: 150)
    let site = try TemporaryDirectory()
    let store = MemoryDayStore(settings: try ArchiveSiteTests.storeSettings())
    let (first, _) = try ArchiveSiteTests.archive(site.path, store, yesterdayFiles, now: "2026-11-21T20:00:00")
    let growing = try #require(store.growingDay(), "the first run read the newest day to the end of a plain file")
    #expect(growing.day == first.readDays.last && growing.day == Day(year: 2026, month: 11, day: 21))
    #expect(growing.offset == (try Self.size(yesterday.path("mail.log"))))

    let (second, _) = try ArchiveSiteTests.archive(site.path, store, todayFiles, now: "2026-11-22T14:40:00", jobs: jobs)
    let continued = try #require(second.continued)
    #expect(continued.file == today.path("mail.log.1") && continued.offset == growing.offset)
    #expect(second.skippedFiles.map(Directories.name) == ["mail.log.6.gz", "mail.log.5.gz", "mail.log.4.gz", "mail.log.3.gz", "mail.log.2.gz"])
    #expect(second.readDays == [Day(year: 2026, month: 11, day: 21), Day(year: 2026, month: 11, day: 22)])
    #expect(!second.readAgain && second.failures.isEmpty && second.keptDays.isEmpty)
    // Now where mail.log ends.
    #expect(store.growingDay()?.offset == (try Self.size(today.path("mail.log"))))
    #expect(store.growingDay()?.day == Day(year: 2026, month: 11, day: 22))

    let once = MemoryDayStore(settings: try ArchiveSiteTests.storeSettings())
    _ = try ArchiveSiteTests.archive(try TemporaryDirectory().path, once, todayFiles, now: "2026-11-22T14:40:00")
    try Self.sameDays(store, once)

    // Run again over the same logs: nothing is read but the end of mail.log, nothing changes.
    let (third, pages) = try ArchiveSiteTests.archive(site.path, store, todayFiles, now: "2026-11-22T15:00:00", jobs: jobs)
    #expect(third.continued?.file == today.path("mail.log"))
    #expect(third.changedDays.isEmpty && pages.written.isEmpty)
    try Self.sameDays(store, once)
  }

  /// Cut points of today's `mail.log.1` (lines 1–235 are Nov 21, 236–1252 Nov 22) with the
  /// evening's time of the last line read: the first line, the last of Nov 21, the first of
  /// Nov 22 (the growing day is then Nov 22, begun in that file), all but the last line.
  static let cuts: [(lines: Int, evening: String)] = [
    (1, "2026-11-21T06:30:00"), (235, "2026-11-21T20:00:00"), (236, "2026-11-22T06:01:00"), (1251, "2026-11-22T06:20:00"),
  ]

  @Test("wherever the evening's mail.log ended, before midnight or after, the continued days equal one run over all",
        arguments: 0..<4)
  func continuedFromAnyLine(cut: Int) throws {
    let (lines, evening) = Self.cuts[cut]
    let (today, yesterday, todayFiles, yesterdayFiles) = try Self.logs(yesterdayLines: lines, evening: evening)
    defer { withExtendedLifetime((today, yesterday)) {} }
    let site = try TemporaryDirectory()
    let store = MemoryDayStore(settings: try ArchiveSiteTests.storeSettings())
    _ = try ArchiveSiteTests.archive(site.path, store, yesterdayFiles, now: evening)
    let growing = try #require(store.growingDay(), "cut after line \(lines)")
    #expect(growing.offset == (try Self.size(yesterday.path("mail.log"))))
    #expect(growing.day == Day(year: 2026, month: 11, day: lines <= 235 ? 21 : 22))

    let (second, _) = try ArchiveSiteTests.archive(site.path, store, todayFiles, now: "2026-11-22T14:40:00")
    #expect(second.continued?.file == today.path("mail.log.1") && second.continued?.offset == growing.offset, "cut after line \(lines)")
    #expect(!second.readAgain && second.failures.isEmpty)
    let once = MemoryDayStore(settings: try ArchiveSiteTests.storeSettings())
    _ = try ArchiveSiteTests.archive(try TemporaryDirectory().path, once, todayFiles, now: "2026-11-22T14:40:00")
    try Self.sameDays(store, once)
  }

  @Test("a record that does not fit (other bytes, a day saved since, several sets of logs) reads the day whole, with the same days")
  func notContinued() throws {
    let (today, yesterday, todayFiles, yesterdayFiles) = try Self.logs(yesterdayLines: 150)
    defer { withExtendedLifetime((today, yesterday)) {} }
    let once = MemoryDayStore(settings: try ArchiveSiteTests.storeSettings())
    _ = try ArchiveSiteTests.archive(try TemporaryDirectory().path, once, todayFiles, now: "2026-11-22T14:40:00")
    let cases: [(String, (inout GrowingDay) -> Void)] = [
      ("other first bytes", { $0.headDigest = "0000000000000000" }),
      ("other bytes before the offset", { $0.tailDigest = "0000000000000000" }),
      ("past the end of every file", { $0.offset = 1 << 40 }),
      ("the day saved since", { $0.dayStamp += "0" }),
    ]
    for (name, change) in cases {
      let store = MemoryDayStore(settings: try ArchiveSiteTests.storeSettings())
      let site = try TemporaryDirectory()
      _ = try ArchiveSiteTests.archive(site.path, store, yesterdayFiles, now: "2026-11-21T20:00:00")
      var growing = try #require(store.growingDay())
      change(&growing)
      try store.setGrowingDay(growing)
      let (second, _) = try ArchiveSiteTests.archive(site.path, store, todayFiles, now: "2026-11-22T14:40:00")
      #expect(second.continued == nil, "\(name)")
      #expect(second.skippedFiles.count == 4, "\(name): read whole from mail.log.2.gz (Nov 21's start) on")
      try Self.sameDays(store, once)
    }
    // Logs of two sets: another set's lines of the newest day would be missed.
    let store = MemoryDayStore(settings: try ArchiveSiteTests.storeSettings())
    let site = try TemporaryDirectory()
    _ = try ArchiveSiteTests.archive(site.path, store, yesterdayFiles, now: "2026-11-21T20:00:00")
    let other = try TemporaryDirectory()
    try "".write(toFile: other.path("other.log"), atomically: false, encoding: .utf8)
    let (second, _) = try ArchiveSiteTests.archive(site.path, store, todayFiles + [other.path("other.log")], now: "2026-11-22T14:40:00")
    #expect(second.continued == nil)
    try Self.sameDays(store, once)
  }

  @Test("the record: at a line's end only; a file matches while it keeps those bytes, grown or renamed; its text round-trips")
  func record() throws {
    let dir = try TemporaryDirectory()
    let path = dir.path("mail.log")
    let lines = (0..<400).map { "Nov 21 10:\(String(format: "%02d", $0 % 60)):00 mail postfix/qmgr[1]: line \($0)\n" }.joined()
    try lines.write(toFile: path, atomically: false, encoding: .utf8)
    let size = try Self.size(path)
    let day = Day(year: 2026, month: 11, day: 21)
    #expect(GrowingDay.record(day: day, path: path, offset: size - 3, dayStamp: "s") == nil, "mid-line")
    #expect(GrowingDay.record(day: day, path: path, offset: 0, dayStamp: "s") == nil)
    #expect(GrowingDay.record(day: day, path: path, offset: size + 1, dayStamp: "s") == nil, "past the end")
    let growing = try #require(GrowingDay.record(day: day, path: path, offset: size, dayStamp: "s"))
    #expect(growing.matches(path))
    // Grown, then renamed: still the file read.
    try (lines + "Nov 21 11:00:00 mail postfix/qmgr[1]: more\n").write(toFile: path, atomically: false, encoding: .utf8)
    try FileManager.default.moveItem(atPath: path, toPath: dir.path("mail.log.1"))
    #expect(growing.matches(dir.path("mail.log.1")))
    #expect(!growing.matches(path), "gone")
    // Another first byte, or fewer bytes: another file.
    try ("X" + lines.dropFirst()).write(toFile: path, atomically: false, encoding: .utf8)
    #expect(!growing.matches(path))
    try String(lines.dropLast(10)).write(toFile: path, atomically: false, encoding: .utf8)
    #expect(!growing.matches(path))
    // The short file's record digests what it has.
    try "Nov 21 10:00:00 x\n".write(toFile: path, atomically: false, encoding: .utf8)
    #expect(GrowingDay.record(day: day, path: path, offset: 18, dayStamp: "s")?.matches(path) == true)

    #expect(GrowingDay(text: growing.text) == growing)
    let withoutOffset = growing.text.split(separator: "\n").filter { !$0.hasPrefix("offset") }.joined(separator: "\n")
    for garbage in ["", "day 2026-11-21\n", "day x\noffset 1\nhead a\ntail b\nstamp c\nfile f\n", withoutOffset, "\u{0}\u{1}"] {
      #expect(GrowingDay(text: garbage) == nil, "\(garbage.debugDescription)")
    }
  }
}
