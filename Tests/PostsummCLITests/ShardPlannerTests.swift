import LogInput
import ReportModel
import Testing
import TestSupport

@testable import PostsummCLI

/// How shards are shared among threads: consecutive runs, at most one per job, with the largest run as small as
/// any cut into that many consecutive runs can make it.
@Suite("Sharing shards among threads")
struct ShardPlannerTests {
  static func shards(_ weights: [Int64]) -> [Shard] {
    weights.enumerated().map { i, w in
      Shard(
        index: i, fileIndex: i, source: .file("mail.log.\(i)"), range: nil, anchor: LocalTime(day: Day(year: 2026, month: 11, day: 24), secondOfDay: 0), rereadable: false,
        weight: w)
    }
  }

  /// The smallest possible largest run, by trying every cut (small inputs only).
  static func bestLargestRun(_ weights: [Int64], runs: Int) -> Int64 {
    if runs == 1 || weights.count <= 1 { return weights.reduce(0, +) }
    var best = Int64.max
    for cut in 1..<weights.count {
      let head = weights[..<cut].reduce(0, +)
      best = min(best, max(head, bestLargestRun(Array(weights[cut...]), runs: runs - 1)))
    }
    return best
  }

  @Test("runs are consecutive, cover every shard once, and are optimally balanced", arguments: 0..<200)
  func balancedRuns(_ seed: Int) {
    var random = SeededRandomNumberGenerator(seed: UInt64(seed))
    let count = Int.random(in: 1...9, using: &random)
    // Log sizes spread like a rotated week: a few big plain files, many small compressed ones.
    let weights = (0..<count).map { _ in Int64.random(in: 1...(Bool.random(using: &random) ? 1000 : 50), using: &random) }
    let jobs = Int.random(in: 1...6, using: &random)
    let runs = ShardPlanner.runs(Self.shards(weights), count: jobs)
    #expect(runs.count >= 1 && runs.count <= jobs)
    #expect(runs.first?.lowerBound == 0)
    #expect(runs.last?.upperBound == count)
    for (a, b) in zip(runs, runs.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
    #expect(runs.allSatisfy { !$0.isEmpty })
    let largest = runs.map { r in weights[r].reduce(0, +) }.max()
    #expect(largest == Self.bestLargestRun(weights, runs: jobs), "weights \(weights), jobs \(jobs), runs \(runs)")
  }

  @Test("no shards, no runs; more jobs than shards, one shard per run")
  func edges() {
    #expect(ShardPlanner.runs([], count: 4).isEmpty)
    #expect(ShardPlanner.runs(Self.shards([5, 5, 5]), count: 8) == [0..<1, 1..<2, 2..<3])
    #expect(ShardPlanner.runs(Self.shards([5, 5, 5]), count: 1) == [0..<3])
  }

  @Test("a gzip file weighs half as much again as its log bytes; a byte range weighs its length")
  func weights() {
    let gz = SourceInfo(compression: .gzip, modificationTime: nil, byteSize: 100, isRegularFile: true, gzipTrailerSize: 800)
    #expect(ShardPlanner.weight(of: gz, range: nil) == 1200)
    let plain = SourceInfo(compression: .none, modificationTime: nil, byteSize: 800, isRegularFile: true)
    #expect(ShardPlanner.weight(of: plain, range: nil) == 800)
    #expect(ShardPlanner.weight(of: plain, range: ByteRange(lowerBound: 100, upperBound: 350)) == 250)
    let pipe = SourceInfo(compression: .none, modificationTime: nil, byteSize: nil, isRegularFile: false)
    #expect(ShardPlanner.weight(of: pipe, range: nil) == 1)
  }

  @Test("progress counts a file when its last byte range is done, not every range")
  func fileEnds() {
    let files = [0, 0, 0, 1, 2, 2]
    let shards = files.enumerated().map { i, f in
      Shard(
        index: i, fileIndex: f, source: .file("mail.log.\(f)"), range: nil,
        anchor: LocalTime(day: Day(year: 2026, month: 11, day: 24), secondOfDay: 0), rereadable: false, weight: 1)
    }
    #expect(shards.indices.map { Pipeline.endsFile($0, of: shards) } == [false, false, true, true, false, true])
  }
}
