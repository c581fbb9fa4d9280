import ReportModel

/// The lines of a run of shards cut at day changes: one summary per calendar day, in log order
/// (`--save-daily`, the archive). Without cutting (`ShardParser`'s normal path) a run is one
/// segment of no day, and merging runs is merging their summaries.
///
/// **The day of a line** is the latest date read so far, not the line's own date: the day only
/// moves forward. syslog writes lines slightly out of order around midnight (`Nov 24 23:59:59`
/// after `Nov 25 00:00:01`); such a late line stays with the day being read, so it neither
/// starts a day again (no extra cut) nor is lost. A day's summary therefore holds every line
/// from the first one dated that day up to the first one dated later. Undated lines belong to
/// the day being read; before any dated line, to the first day.
///
/// **Exactness.** Cutting the line stream at day changes is cutting it into shards: every day
/// after a cut starts with `hasPredecessor` (histories begun earlier wait, in order, for the
/// merge with the days before it) and keeps its own in-flight state, so merging the days in
/// order is one pass over all the lines (the merge law, ARCHITECTURE.md). A run read by a
/// thread only knows the latest date of its own lines; `merge` applies the rule across runs:
/// the later run's leading segments whose day is not after the earlier run's last day are that
/// day's lines, and are merged into it.
///
/// **Skipped days** (the archive: days already archived) are cut like the others but not
/// parsed; the line is only dated. If a run's leading lines were skipped as an archived day but
/// the merge puts them into a day that is parsed (lines out of order across a run boundary), they
/// are missing from it: `lostSkippedLines` tells the caller to read again without skipping.
public struct DaySegments: Sendable {
  /// The lines of one day (or of no day yet).
  public struct Segment: Sendable {
    /// nil: no dated line yet (the normal path, or undated lines only).
    public var day: Day?
    /// nil when the day's lines were skipped, or when the day is kept `encoded`.
    public var summary: Summary?
    /// A complete day kept as its aggregate file's bytes (`encodeCompleted`) instead of its
    /// summary: what saving it writes, several times smaller.
    public var encoded: [UInt8]?

    /// Whether the day's lines were skipped (`DayCutRule.skipped`).
    public var isSkipped: Bool { summary == nil && encoded == nil }

    /// The day's summary, read back if it is kept encoded; nil for a skipped day.
    public mutating func takeSummary() -> Summary? {
      if let summary = summary.take() { return summary }
      guard let bytes = encoded.take() else { return nil }
      do {
        return try Summary(aggregateBytes: bytes)
      } catch {
        preconditionFailure("a day encoded by this run does not read back: \(error)")
      }
    }

    /// The bytes of the day's aggregate file (encoded now if it is kept as a summary); nil for
    /// a skipped day.
    public func aggregateBytes() -> [UInt8]? { encoded ?? summary?.aggregateBytes() }

    /// The time of the day's first dated line (`Summary.firstLineSeconds`).
    public var firstLineSeconds: Int64? {
      if let summary { return summary.firstLineSeconds }
      return encoded.flatMap { try? AggregateHeader(prefix: $0).span?.lowerBound }
    }
  }

  public internal(set) var segments: [Segment]
  /// Lines of skipped days (dated, not parsed; and undated lines among them).
  public internal(set) var skippedLines = 0
  /// Lines were skipped that belong to a day that is parsed: the result is incomplete.
  public internal(set) var lostSkippedLines = false

  init(segments: [Segment]) {
    self.segments = segments
  }

  /// The one summary of a run read without cutting.
  public init(_ summary: consuming Summary) {
    segments = [Segment(day: nil, summary: summary)]
  }

  /// One day open, whose lines read so far `summary` holds (the archive's growing day, saved
  /// by the run before): the lines read next continue it as a later run does (`merge`).
  public init(day: Day, summary: consuming Summary) {
    segments = [Segment(day: day, summary: summary)]
  }

  /// Nothing read yet.
  public static var empty: DaySegments { DaySegments(segments: []) }

  /// Appends the segments of the run that comes right after this one in log order, merging its
  /// leading segments into this run's last day where the day rule says they belong. Returns the
  /// later run's summaries that were merged away, for the caller to free where it likes (their
  /// tables are large; the pipeline frees them on another thread).
  public mutating func merge(_ later: consuming DaySegments, options: ParseOptions) -> [Summary] {
    skippedLines += later.skippedLines
    lostSkippedLines = lostSkippedLines || later.lostSkippedLines
    var incoming: [Segment] = []
    swap(&incoming, &later.segments)
    guard !segments.isEmpty else {
      segments = incoming
      return []
    }
    var spent: [Summary] = []
    var i = 0
    while i < incoming.count {
      let last = segments.count - 1
      let current = segments[last].day
      // The later run's day, as the whole stream reads it, is the later of the two.
      guard let day = incoming[i].day, let current, day > current else {
        fold(&incoming[i], into: last, options: options, spent: &spent)
        i += 1
        continue
      }
      break
    }
    segments.append(contentsOf: incoming[i...])
    return spent
  }

  /// Keeps the complete days of a run but its first as their aggregate files' bytes: a thread's
  /// run holds its days until the runs before it are merged, and with one run per thread that
  /// was half the logs' days (a week's: 267 MiB; a month's, three times more). The first may
  /// still be merged into the earlier run's last day; the last is being read. Saving writes
  /// these bytes as they are, and the encoding is done on the reading thread.
  public mutating func encodeCompleted() {
    guard segments.count > 2 else { return }
    for i in 1..<(segments.count - 1) {
      if let summary = segments[i].summary.take() { segments[i].encoded = summary.aggregateBytes() }
    }
  }

  /// Merges `segment` into segment `index` (the lines of one day, `segment` after it).
  private mutating func fold(_ segment: inout Segment, into index: Int, options: ParseOptions, spent: inout [Summary]) {
    if segments[index].day == nil, let day = segment.day {
      // The earlier part had no dated line: it belongs to the first day read after it.
      segments[index].day = day
      if segment.isSkipped { segments[index].summary = nil }
    }
    guard !segments[index].isSkipped else { return }  // a skipped day: the lines go with it
    if segments[index].summary == nil { segments[index].summary = segments[index].takeSummary() }
    guard let laterSummary = segment.takeSummary() else {
      lostSkippedLines = true
      return
    }
    // Handed over: the merge frees some of its tables as it goes (`Summary.merge`).
    spent.append(segments[index].summary!.merge(consume laterSummary, options: options))  // Safe: checked above.
  }

  /// Removes and returns the complete days: every segment but the last (no later line goes back
  /// to an earlier day).
  public mutating func takeCompleted() -> [Segment] {
    guard segments.count > 1 else { return [] }
    let done = Array(segments[..<(segments.count - 1)])
    segments.removeFirst(segments.count - 1)
    return done
  }

  /// Removes and returns every segment: the end of the input completes the last day too.
  public mutating func takeAll() -> [Segment] {
    var all: [Segment] = []
    swap(&all, &segments)
    return all
  }
}

/// How a parser cuts its lines into days (`ShardParser(options:anchor:cuttingDays:)`).
public struct DayCutRule: Sendable {
  /// Days whose lines are dated and counted (`DaySegments.skippedLines`) but not parsed: the
  /// archive's days already archived.
  public var skipped: Set<Day>

  public init(skipped: Set<Day> = []) {
    self.skipped = skipped
  }
}

/// A parser's state while cutting days: the day being read and the days it finished.
struct DayCutter {
  let rule: DayCutRule
  /// The latest date read (nil before the first dated line).
  var current: Day?
  /// The days finished, in order.
  var done: [DaySegments.Segment] = []
  var skippedLines = 0
  var lostSkippedLines = false
}

extension Summary {
  /// The time of the earliest dated line read, in seconds of the log's wall clock (nil when
  /// none was dated): the archive compares a day read again with the day archived.
  public var firstLineSeconds: Int64? { input.firstTime?.seconds }

  /// The summaries `days` merged in order, from the start of the log: the histories the first
  /// of them kept for earlier lines are resolved as having none, as a run that starts there
  /// resolves them (`first(options:)`).
  public static func merging(_ days: some Sequence<Summary>, options: ParseOptions) -> Summary {
    var total = first(options: options)
    for day in days { total.merge(day, options: options) }
    return total
  }
}
