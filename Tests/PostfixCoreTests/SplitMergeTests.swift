import Foundation
import LogInput
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// The parallel path's promise: a log cut into shards at any line, each parsed on its own and
/// merged in order, gives exactly the report of one sequential pass — for every fixture, with
/// every stateful report switched on (messages crossing shards, smtpd and postscreen
/// connections, `-e`, deferrals that become deliveries, held mail released later).
@Suite("Split and merge")
struct SplitMergeTests {
  static let fixtures: [String] = {
    var list = FixturePaths.files(in: "hand").filter { $0.hasSuffix(".log") }
    for set in [
      "real/day", "real/week", "real/week-dateext", "real/week-rfc3339", "real/actors", "real/actors-filter", "real/servers",
      "real/servers-central", "real/servers-twins",
    ] {
      let files = FixturePaths.files(in: set)
      if !files.isEmpty { list.append(set) }
    }
    return list
  }()

  static func options() -> (ParseOptions, ReportOptions) {
    var p = ParseOptions()
    p.trackSubmitters = true
    p.extendedDetail = true
    p.smtpdStats = true
    var r = ReportOptions()
    r.extendedDetail = true
    r.smtpdStats = true
    r.postscreenStats = true
    r.tlsStats = true
    return (p, r)
  }

  /// All lines of a fixture (a file, a rotated set oldest first, or a folder of such sets —
  /// one per server — one set after the other), read through LogInput.
  static func lines(_ fixture: String) -> [[UInt8]] {
    let files: [String]
    if fixture.hasPrefix("/") {
      files = [fixture]
    } else {
      files = logFiles(fixture)
    }
    var all: [[UInt8]] = []
    for f in files {
      _ = LineReader(source: .file(f), prefetch: false).forEachLine { all.append(Array($0)) }
    }
    return all
  }

  /// The log files of a fixture folder, each set oldest first; the sets of its subfolders (one
  /// per server) in name order.
  static func logFiles(_ folder: String) -> [String] {
    var isFolder: ObjCBool = false
    let entries = FixturePaths.files(in: folder)
    let sets = entries.filter { FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && isFolder.boolValue }
    if !sets.isEmpty { return sets.flatMap { RotationOrder.sorted(FixturePaths.files(in: folder + "/" + ($0 as NSString).lastPathComponent)) } }
    return RotationOrder.sorted(entries.filter { ($0 as NSString).lastPathComponent.hasPrefix("mail.log") })
  }

  static let anchor = LogTimeAnchor(date: Day(year: 2027, month: 1, day: 10), secondOfDay: 0)

  static func report(_ summary: Summary) -> Report {
    var s = summary
    s.finish()
    return ReportBuilder.build(s, options: options().1, meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
  }

  static func parse(_ lines: ArraySlice<[UInt8]>, hasPredecessor: Bool) -> Summary {
    var parser = ShardParser(options: options().0, anchor: anchor, hasPredecessor: hasPredecessor)
    for line in lines { line.withUnsafeBufferPointer { parser.consume($0) } }
    return parser.summary
  }

  /// The names of the report's top-level fields that differ (the whole dump is unreadable).
  static func differingFields(_ a: Report, _ b: Report) -> String {
    let ma = Mirror(reflecting: a).children.map { ($0.label ?? "?", String(describing: $0.value)) }
    let mb = Mirror(reflecting: b).children.map { String(describing: $0.value) }
    return zip(ma, mb).filter { $0.0.1 != $0.1 }.map { "\($0.0.0): \($0.0.1.prefix(300)) vs \($0.1.prefix(300))" }
      .joined(separator: "; ")
  }

  /// `pieces` (drawn from the range) consecutive slices of `count` lines, as cut points from 0
  /// to `count`; the cuts are random, so slices can be empty.
  static func randomCuts(_ count: Int, pieces range: ClosedRange<Int>, _ rng: inout SeededRandomNumberGenerator) -> [Int] {
    let pieces = Int.random(in: range, using: &rng)
    return [0] + (0..<(pieces - 1)).map { _ in Int.random(in: 0...count, using: &rng) }.sorted() + [count]
  }

  /// Each slice between consecutive cuts parsed as a shard of its own.
  static func shards(_ all: [[UInt8]], _ cuts: [Int]) -> [Summary] {
    (0..<(cuts.count - 1)).map { k in parse(all[cuts[k]..<cuts[k + 1]], hasPredecessor: k > 0) }
  }

  /// The tests below can only see a section that some fixture fills: a new section needs one.
  @Test("the fixtures give every section some content")
  func everySectionHasAFixture() {
    var filled: Set<ReportSection> = []
    for fixture in Self.fixtures {
      let report = Self.report(Self.parse(Self.lines(fixture)[...], hasPredecessor: false))
      for section in ReportSection.allCases where report.hasContent(section) { filled.insert(section) }
    }
    // `--mailq` prints what `mailq` says, not what a log holds.
    let empty = ReportSection.allCases.filter { !filled.contains($0) && $0 != .mailQueue }
    #expect(empty.isEmpty, "no fixture fills \(empty)")
  }

  @Test("random splits give the sequential report", arguments: fixtures)
  func randomSplits(_ fixture: String) {
    let all = Self.lines(fixture)
    let sequential = Self.report(Self.parse(all[...], hasPredecessor: false))
    var rng = SeededRandomNumberGenerator(seed: 20261126 &+ UInt64(all.count))
    for _ in 0..<12 {
      let cuts = Self.randomCuts(all.count, pieces: 2...7, &rng)
      let shards = Self.shards(all, cuts)
      var merged = shards[0]
      for shard in shards.dropFirst() { merged.merge(shard, options: Self.options().0) }
      let split = Self.report(merged)
      if split != sequential {
        Issue.record("cuts \(cuts) of \(fixture) change: \(Self.differingFields(split, sequential))")
        return
      }
    }
  }

  /// How `--jobs` runs use `merge`: each thread folds a run of consecutive shards (which, but for
  /// the first, starts after other shards), and the runs are folded in order. So `merge` must be
  /// associative: a history the run cannot resolve on its own must wait for the runs before it.
  @Test("shards folded in runs, then the runs folded, give the sequential report", arguments: fixtures)
  func runsOfShards(_ fixture: String) {
    let all = Self.lines(fixture)
    let sequential = Self.report(Self.parse(all[...], hasPredecessor: false))
    var rng = SeededRandomNumberGenerator(seed: 20261127 &+ UInt64(all.count))
    for _ in 0..<12 {
      let cuts = Self.randomCuts(all.count, pieces: 3...9, &rng)
      let shards = Self.shards(all, cuts)
      let pieces = shards.count
      // Run boundaries: shard indices where a new run starts (the first run starts at 0).
      let starts = [0] + (1..<pieces).filter { _ in Bool.random(using: &rng) }
      var runs: [Summary] = []
      for (r, start) in starts.enumerated() {
        let end = r + 1 < starts.count ? starts[r + 1] : pieces
        var run = shards[start]
        for k in (start + 1)..<end { run.merge(shards[k], options: Self.options().0) }
        runs.append(run)
      }
      var merged = runs[0]
      for run in runs.dropFirst() { merged.merge(run, options: Self.options().0) }
      let split = Self.report(merged)
      if split != sequential {
        Issue.record("cuts \(cuts), runs from \(starts), of \(fixture) change: \(Self.differingFields(split, sequential))")
        return
      }
    }
  }

  @Test("every single cut point gives the sequential report", arguments: fixtures.filter { $0.hasPrefix("/") })
  func everyCut(_ fixture: String) {
    let all = Self.lines(fixture)
    let sequential = Self.report(Self.parse(all[...], hasPredecessor: false))
    for cut in 0...all.count {
      var merged = Self.parse(all[..<cut], hasPredecessor: false)
      merged.merge(Self.parse(all[cut...], hasPredecessor: true), options: Self.options().0)
      let split = Self.report(merged)
      if split != sequential {
        Issue.record("a cut before line \(cut + 1) of \(fixture) changes: \(Self.differingFields(split, sequential))")
        return
      }
    }
  }
}
