import LogInput
import PostfixCore
import ReportModel

/// One unit of parallel work: a whole file, or a byte range of a large plain file.
struct Shard: Sendable {
  var index: Int
  /// Index of the file in the (rotation-ordered) input list.
  var fileIndex: Int
  var source: LogSource
  var range: ByteRange?
  var anchor: LocalTime
  /// Whether the file may be read again one year earlier (the rare file spanning more than a
  /// year). Not with `--reference-date`: a pinned "now" is the user's word, and lines after it
  /// are simply last year's.
  var rereadable: Bool
  /// About how much work the shard is, for sharing shards among threads (see ``ShardPlanner/runs(_:count:)``).
  var weight: Int64 = 1
}

/// One input file as planned: its name, what `inspect` found, its shards.
struct PlannedInput: Sendable {
  var name: String
  var info: SourceInfo?
  var problem: InputProblem?
  var shards: [Int] = []
  /// An aggregate file (told by its content): merged, not parsed (`Pipeline+Aggregates.swift`).
  var isAggregate = false
  var source: LogSource
}

/// Turns the file arguments into shards: rotation order, the anchor of each file's year-less
/// stamps, and byte ranges for big plain files.
enum ShardPlanner {
  /// Plain files larger than this are split into byte ranges when parsing in parallel.
  static let splitThreshold: Int64 = 64 << 20
  static let targetRangeSize: Int64 = 32 << 20

  /// `starts`: files to read from that byte offset on (a line start), not from their start.
  static func plan(files: [String], jobs: Int, now: LocalTime, pinned: Bool, starts: [String: Int64] = [:])
    -> ([PlannedInput], [Shard])
  {
    let names = RotationOrder.sorted(files.isEmpty ? ["-"] : files)
    var inputs: [PlannedInput] = []
    var shards: [Shard] = []
    for (fileIndex, name) in names.enumerated() {
      let source: LogSource = name == "-" ? .standardInput : .file(name)
      var input = PlannedInput(name: name, source: source)
      switch inspect(source) {
      case .failure(let problem):
        input.problem = problem
      case .success(let info) where Summary.isAggregate(prefix: info.leadingBytes):
        input.info = info
        input.isAggregate = true
      case .success(let info):
        input.info = info
        var anchor = now
        if !pinned, let mtime = info.modificationTime {
          let t = LocalTime.from(epochSeconds: mtime)
          if t.seconds < now.seconds { anchor = t }
        }
        var ranges: [ByteRange?] = [nil]
        let start = starts[name] ?? 0
        if jobs > 1, info.isSplittable, let size = info.byteSize, size - start > splitThreshold {
          let parts = Int(min(Int64(jobs * 4), max(2, (size - start) / targetRangeSize)))
          ranges = splitByteRanges(size: size - start, parts: parts).map {
            ByteRange(lowerBound: start + $0.lowerBound, upperBound: start + $0.upperBound)
          }
        } else if start > 0 {
          // To the end, however far the file has grown since.
          ranges = [ByteRange(lowerBound: start, upperBound: Int64.max)]
        }
        for r in ranges {
          input.shards.append(shards.count)
          shards.append(
            Shard(
              index: shards.count, fileIndex: fileIndex, source: source, range: r, anchor: anchor,
              rereadable: info.isRegularFile && !pinned, weight: weight(of: info, range: r)))
        }
      }
      inputs.append(input)
    }
    return (inputs, shards)
  }

  /// The work of reading a shard: its bytes of log, and half as much again for a gzip file (inflating costs about
  /// half of what parsing does per byte). A pipe is unknown and counts as one byte: it is read wherever it falls.
  static func weight(of info: SourceInfo, range: ByteRange?) -> Int64 {
    if let range {
      let end = min(range.upperBound, max(range.lowerBound, info.byteSize ?? range.lowerBound))
      return max(1, end - range.lowerBound)
    }
    let bytes = max(1, info.expectedLogBytes ?? 1)
    return info.compression == .gzip ? bytes + bytes / 2 : bytes
  }

  /// Cuts the shards into at most `count` runs of consecutive shards whose largest total weight is as small as it
  /// can be. Consecutive, so that each thread folds its run in log order and the runs merge in order; balanced, so
  /// that no thread is left reading while the others wait.
  static func runs(_ shards: [Shard], count: Int) -> [Range<Int>] {
    guard !shards.isEmpty else { return [] }
    let weights = shards.map { max(1, $0.weight) }
    // The smallest capacity that fits in `count` runs, by binary search over the capacity: a greedy cut decides
    // whether a capacity fits.
    var low = weights.max() ?? 1
    var high = weights.reduce(0, &+)
    while low < high {
      let mid = low + (high - low) / 2
      if greedyRuns(weights, capacity: mid).count <= max(1, count) { high = mid } else { low = mid + 1 }
    }
    return greedyRuns(weights, capacity: low)
  }

  private static func greedyRuns(_ weights: [Int64], capacity: Int64) -> [Range<Int>] {
    var runs: [Range<Int>] = []
    var start = 0
    var total: Int64 = 0
    for (i, w) in weights.enumerated() {
      if i > start && total + w > capacity {
        runs.append(start..<i)
        start = i
        total = 0
      }
      total += w
    }
    runs.append(start..<weights.count)
    return runs
  }
}
