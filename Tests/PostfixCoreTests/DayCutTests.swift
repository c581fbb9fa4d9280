import LogInput
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// Issue 16, item 3: a run's lines cut at day changes (`DaySegments`). Merging the days in order
/// is one pass over all the lines; a run split into shards and runs (as `--jobs` reads it) cuts
/// the same days with the same contents; a late line around midnight stays with the day being
/// read; skipped (archived) days are dated, not parsed.
@Suite("Day cuts")
struct DayCutTests {
  typealias Split = SplitMergeTests

  static let fixtures = Split.fixtures

  /// The lines read by one parser that cuts days.
  static func cut(_ lines: ArraySlice<[UInt8]>, skipping skipped: Set<Day> = []) -> DaySegments {
    var parser = ShardParser(options: Split.options().0, anchor: Split.anchor, cuttingDays: DayCutRule(skipped: skipped))
    for line in lines { line.withUnsafeBufferPointer { parser.consume($0) } }
    return parser.takeDays()
  }

  /// The report of one day's summary alone (histories begun before it read as having none).
  static func report(ofDay summary: Summary) -> Report {
    Split.report(Summary.merging([summary], options: Split.options().0))
  }

  static func days(_ segments: DaySegments) -> [Day?] { segments.segments.map(\.day) }

  @Test("merging the days in order gives the report of one pass", arguments: fixtures)
  func daysMergeToOnePass(_ fixture: String) {
    let all = Split.lines(fixture)
    let sequential = Split.report(Split.parse(all[...], hasPredecessor: false))
    let segments = Self.cut(all[...])
    let days = Self.days(segments).compactMap { $0 }
    #expect(days.count == segments.segments.count, "every segment has a day (the fixtures are dated)")
    #expect(days == days.sorted() && Set(days).count == days.count, "days strictly increase: \(days)")
    let merged = Summary.merging(segments.segments.compactMap(\.summary), options: Split.options().0)
    let report = Split.report(merged)
    #expect(report == sequential, "\(fixture): \(Split.differingFields(report, sequential))")
  }

  @Test("the week's fixtures have one day per calendar day", arguments: ["real/week", "real/week-dateext", "real/week-rfc3339"])
  func oneSegmentPerCalendarDay(_ set: String) {
    let all = Split.lines(set)
    let segments = Self.cut(all[...])
    let perDay = Split.report(Split.parse(all[...], hasPredecessor: false)).perDay?.map(\.date) ?? []
    #expect(!perDay.isEmpty)
    #expect(Self.days(segments) == perDay.map { Optional($0) })
  }

  /// How `--jobs` reads: shards at random line boundaries, folded into runs, runs merged in order.
  @Test("shards and runs cut the same days, each with the same contents", arguments: fixtures)
  func splitsCutTheSameDays(_ fixture: String) {
    let all = Split.lines(fixture)
    let whole = Self.cut(all[...])
    let wholeDays = whole.segments.map { ($0.day, Self.report(ofDay: $0.summary!)) }
    var rng = SeededRandomNumberGenerator(seed: 16_003 &+ UInt64(all.count))
    for _ in 0..<6 {
      let cuts = Split.randomCuts(all.count, pieces: 2...8, &rng)
      var merged = DaySegments.empty
      var run = DaySegments.empty
      for k in 0..<(cuts.count - 1) {
        _ = run.merge(Self.cut(all[cuts[k]..<cuts[k + 1]]), options: Split.options().0)
        // As a thread's run does between its shards: the complete days but the first kept encoded.
        if Bool.random(using: &rng) { run.encodeCompleted() }
        if Bool.random(using: &rng) {
          _ = merged.merge(run, options: Split.options().0)
          run = .empty
        }
      }
      _ = merged.merge(run, options: Split.options().0)
      let splitDays = merged.segments.map { segment in
        var segment = segment
        return (segment.day, Self.report(ofDay: segment.takeSummary()!))
      }
      #expect(splitDays.map(\.0) == wholeDays.map(\.0), "cuts \(cuts) of \(fixture): other days")
      for (a, b) in zip(splitDays, wholeDays) where a.1 != b.1 {
        Issue.record("cuts \(cuts) of \(fixture), day \(String(describing: a.0)): \(Split.differingFields(a.1, b.1))")
        return
      }
    }
  }

  @Test("a late line around midnight stays with the day being read: no extra cut, no line lost")
  func outOfOrderMidnight() throws {
    let all = Split.lines(FixturePaths.path("hand/out-of-order.log"))
    let segments = Self.cut(all[...])
    let nov24 = Day(year: 2026, month: 11, day: 24)
    let nov25 = Day(year: 2026, month: 11, day: 25)
    // The file goes back and forth across midnight several times.
    #expect(Self.days(segments) == [nov24, nov25])
    let lines = segments.segments.map { $0.summary!.input.lineStats.total }
    #expect(lines.reduce(0, +) == all.count)
    // The first line dated Nov 25 starts the second day; the later Nov 24 lines stay in it.
    let firstOf25 = try #require(all.firstIndex { $0.starts(with: Array("Nov 25".utf8)) })
    #expect(lines == [firstOf25, all.count - firstOf25])
    #expect(all[firstOf25...].contains { $0.starts(with: Array("Nov 24".utf8)) }, "the fixture has late lines")
  }

  @Test("skipped days are dated and counted, not parsed; the other days are as without skipping")
  func skippedDays() {
    let all = Split.lines("real/week")
    let whole = Self.cut(all[...])
    let days = Self.days(whole).compactMap { $0 }
    let skipped = Set(days.prefix(3))
    let partial = Self.cut(all[...], skipping: skipped)
    #expect(Self.days(partial) == Self.days(whole))
    for (a, b) in zip(partial.segments, whole.segments) {
      if skipped.contains(a.day!) {
        #expect(a.summary == nil)
      } else {
        #expect(Self.report(ofDay: a.summary!) == Self.report(ofDay: b.summary!))
      }
    }
    let skippedLines = whole.segments.filter { skipped.contains($0.day!) }.map { $0.summary!.input.lineStats.total }
    #expect(partial.skippedLines == skippedLines.reduce(0, +))
    #expect(!partial.lostSkippedLines)
  }

  @Test("lines skipped at a run's start that belong to a parsed day are reported lost")
  func lostSkippedLines() {
    let line = { (s: String) in Array(s.utf8) }
    let earlier: [[UInt8]] = [
      line("Nov 24 23:59:58 mail postfix/smtpd[1]: connect from unknown[127.0.0.1]"),
      line("Nov 25 00:00:01 mail postfix/smtpd[1]: disconnect from unknown[127.0.0.1]"),
    ]
    let later: [[UInt8]] = [
      line("Nov 24 23:59:59 mail postfix/smtpd[2]: connect from unknown[127.0.0.2]"),
      line("Nov 25 00:00:02 mail postfix/smtpd[2]: disconnect from unknown[127.0.0.2]"),
    ]
    let nov24 = Day(year: 2026, month: 11, day: 24)
    var read = Self.cut(earlier[...], skipping: [nov24])
    _ = read.merge(Self.cut(later[...], skipping: [nov24]), options: Split.options().0)
    #expect(read.lostSkippedLines, "the late Nov 24 line belongs to Nov 25, which is parsed")
    #expect(Self.days(read) == [nov24, Day(year: 2026, month: 11, day: 25)])
    // Read as one run, nothing is lost.
    let one = Self.cut((earlier + later)[...], skipping: [nov24])
    #expect(!one.lostSkippedLines)
    #expect(one.segments.last?.summary?.input.lineStats.total == 3)
  }

  @Test("complete days kept encoded read back as they were, also where a later run's days fold into an earlier run's last day")
  func encodedDays() throws {
    let line = { (day: Int, n: Int) in
      Array("Nov \(day) 12:00:0\(n) mail postfix/smtpd[\(day)\(n)]: connect from unknown[127.0.\(day).\(n)]".utf8)
    }
    // The earlier run reads Nov 24 to 26; the later one (files out of order) goes back to Nov 25.
    let earlier = [24, 25, 26].flatMap { d in (1...2).map { line(d, $0) } }
    let later = [25, 26, 27, 28].flatMap { d in (1...3).map { line(d, $0) } }
    func merged(encoding: Bool) -> DaySegments {
      var read = Self.cut(earlier[...])
      var run = Self.cut(later[...])
      if encoding {
        run.encodeCompleted()
        #expect(run.segments.map { $0.encoded != nil } == [false, true, true, false], "the first and last stay summaries")
        #expect(run.segments.allSatisfy { !$0.isSkipped })
        #expect(run.segments[1].firstLineSeconds == run.segments[1].encoded.flatMap { try? Summary(aggregateBytes: $0).firstLineSeconds })
      }
      _ = read.merge(run, options: Split.options().0)
      return read
    }
    let plain = merged(encoding: false)
    let encoded = merged(encoding: true)
    let nov = { Day(year: 2026, month: 11, day: $0) }
    #expect(Self.days(encoded) == [nov(24), nov(25), nov(26), nov(27), nov(28)])
    #expect(Self.days(encoded) == Self.days(plain))
    for (a, b) in zip(encoded.segments, plain.segments) {
      var (a, b) = (a, b)
      let (sa, sb) = (a.takeSummary(), b.takeSummary())
      let (x, y) = (try #require(sa), try #require(sb))
      #expect(x.input.lineStats.total == y.input.lineStats.total)
      #expect(Self.report(ofDay: x) == Self.report(ofDay: y), "\(String(describing: a.day))")
    }
    // Nov 26 of the later run (encoded) went into the earlier run's Nov 26: 2 + 3 + 3 lines.
    var nov26 = encoded.segments[2]
    #expect(nov26.takeSummary()?.input.lineStats.total == 8)
  }
}
