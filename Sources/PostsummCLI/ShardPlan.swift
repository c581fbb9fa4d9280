import LogInput
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
}

/// One input file as planned: its name, what `inspect` found, its shards.
struct PlannedInput: Sendable {
  var name: String
  var info: SourceInfo?
  var problem: InputProblem?
  var shards: [Int] = []
}

/// Turns the file arguments into shards: rotation order, the anchor of each file's year-less
/// stamps, and byte ranges for big plain files.
enum ShardPlanner {
  /// Plain files larger than this are split into byte ranges when parsing in parallel.
  static let splitThreshold: Int64 = 64 << 20
  static let targetRangeSize: Int64 = 32 << 20

  static func plan(files: [String], jobs: Int, now: LocalTime, pinned: Bool) -> ([PlannedInput], [Shard]) {
    let names = RotationOrder.sorted(files.isEmpty ? ["-"] : files)
    var inputs: [PlannedInput] = []
    var shards: [Shard] = []
    for (fileIndex, name) in names.enumerated() {
      let source: LogSource = name == "-" ? .standardInput : .file(name)
      var input = PlannedInput(name: name)
      switch inspect(source) {
      case .failure(let problem):
        input.problem = problem
      case .success(let info):
        input.info = info
        var anchor = now
        if !pinned, let mtime = info.modificationTime {
          let t = LocalTime.from(epochSeconds: mtime)
          if t.seconds < now.seconds { anchor = t }
        }
        var ranges: [ByteRange?] = [nil]
        if jobs > 1, info.isSplittable, let size = info.byteSize, size > splitThreshold {
          let parts = Int(min(Int64(jobs * 4), max(2, size / targetRangeSize)))
          ranges = splitByteRanges(size: size, parts: parts)
        }
        for r in ranges {
          input.shards.append(shards.count)
          shards.append(
            Shard(index: shards.count, fileIndex: fileIndex, source: source, range: r, anchor: anchor, rereadable: info.isRegularFile && !pinned))
        }
      }
      inputs.append(input)
    }
    return (inputs, shards)
  }
}
