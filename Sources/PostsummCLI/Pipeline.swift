import Dispatch
import LogInput
import PostfixCore
import ReportModel
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads every shard (in parallel unless `--jobs 1`) and folds the summaries in log order.
///
/// The shards are cut into at most `jobs` runs of consecutive shards of about equal work; each
/// worker thread reads its run into one summary, and the calling thread merges the runs' summaries
/// in log order, so memory holds one summary per thread. With `--jobs 1` one summary flows
/// through every file in turn: the sequential path the parallel one must equal.
///
/// With `days` (`--save-daily`, the archive) the parsers cut their lines at day changes and a
/// run is read into its days (`DaySegments`); the calling thread merges the runs' days in log
/// order as it merges summaries, hands each day to `days.complete` as soon as no later line can
/// belong to it, and merges it into the run's summary. Without, a run is one segment and the
/// merge is the summaries' merge.
struct Pipeline {
  var settings: Settings
  var progress: ProgressMeter?
  var phases: PhaseTimer?
  /// Cutting the lines into days; nil on the normal path.
  var days: DayOutput?
  /// Files read from a byte offset on, not from their start (the archive's growing day,
  /// `DayOutput.openDay`): the offset is a line start.
  var startOffsets: [String: Int64] = [:]

  struct Result {
    /// Everything read (in day mode: the days merged, unless `DayOutput.keepsTotal` is false).
    var summary: Summary
    var inputs: [InputSummary]
    var problems: [InputProblem]
    /// Why `--unprocd-file` could not be written.
    var unprocessedFailure: OutputFailure?
    /// Why `--save-aggregate` could not be written.
    var aggregateSaveFailure: OutputFailure?
    /// Why an aggregate file among the inputs could not be used (then nothing else is either:
    /// the run stops with this message, exit 1, and writes nothing).
    var aggregateFailure: AggregateFile.Failure?
    /// Lines of skipped days (`DayCutRule.skipped`), dated but not parsed.
    var skippedLines = 0
    /// Lines were skipped that belong to a parsed day after all (`DaySegments`): read again
    /// without skipping.
    var lostSkippedLines = false
  }

  /// What a run that cuts its lines into days does with each complete day.
  struct DayOutput {
    var rule = DayCutRule()
    /// Called on the calling thread with each complete day, in log order (before the day is
    /// merged into the run's summary): its summary, or its aggregate bytes (`Segment.encoded`).
    var complete: (Day, DaySegments.Segment) -> Void
    /// Whether the days are merged into one summary for a report (`--save-daily`); the archive
    /// only saves them.
    var keepsTotal = true
    /// A day whose earlier lines were read before (the archive's growing day, as saved): the
    /// first lines read continue it, merged as a later run is (`DaySegments.merge`), never
    /// parsed on top of a decoded summary.
    var openDay: OpenDay?
  }

  /// The summary of `DayOutput.openDay`, in a box the run takes it out of: a copy left behind
  /// would make the merge into it copy the whole day.
  final class OpenDay: @unchecked Sendable {
    // Read and taken on the calling thread only.
    let day: Day
    var summary: Summary?

    init(day: Day, summary: consuming Summary) {
      self.day = day
      self.summary = summary
    }
  }

  func run() -> Result {
    FreedMemory.prepare()
    let (planned, shards) = ShardPlanner.plan(
      files: settings.files, jobs: settings.jobs, now: settings.now, pinned: settings.nowIsPinned, starts: startOffsets)
    // Aggregate files: their headers checked before any log is read (the options they were
    // made with, the period against -d); a run that reads them collects what they collected.
    var options = settings.parse
    var aggregates: [AggregateUnit] = []
    if planned.contains(where: \.isAggregate) {
      options = options.preparedForAggregates
      // Who is sending only when the run shows it (or saves it: then `settings.parse` is
      // prepared already): the aggregates' parts of it are passed over, and logs among them
      // are read without it, as they would be alone.
      options.trackSubmitters = settings.parse.trackSubmitters
      switch Pipeline.aggregateHeaders(planned.filter(\.isAggregate), options: options) {
      case .success(let units): aggregates = units
      case .failure(let failure): return Result(summary: Summary(), inputs: [], problems: [], aggregateFailure: failure)
      }
    }
    // Logs read with a summary to merge before them (or saved for one to come later) keep
    // what they cannot resolve alone, as every shard but the first does.
    let keepsHistory = !aggregates.isEmpty || settings.saveAggregate != nil
    var outcomes = [ReadOutcome?](repeating: nil, count: shards.count)
    let unprocessed = settings.unprocdFile.map { UnprocessedWriter(path: $0) }

    // A run's summary, once merged, is freed on another thread while `finish` runs: releasing
    // its hundreds of thousands of table entries and open messages on the main thread kept the
    // other core waiting for the merge.
    let releasing = DispatchGroup()
    var skippedLines = 0
    var lostSkippedLines = false
    var summary = parseLogs(
      shards, mode: ReadMode(options: options, keepsHistory: keepsHistory, days: days?.rule), outcomes: &outcomes,
      unprocessed: unprocessed, releasing: releasing, skippedLines: &skippedLines, lostSkippedLines: &lostSkippedLines)
    phases?.lap("read and parse (merge included)")

    // Per input: counts and problems, in input order.
    var inputs: [InputSummary] = []
    var problems: [InputProblem] = []
    for input in planned where !input.isAggregate {
      if let problem = input.problem {
        problems.append(problem)
        inputs.append(InputSummary(name: input.name, compressed: false, lines: 0, bytes: 0, problems: [problem.description]))
        continue
      }
      let outcome = ReadOutcome.concatenating(input.shards.compactMap { outcomes[$0] })
      problems.append(contentsOf: outcome.problems)
      summary.addOverlongLines(outcome.overlongLines)
      inputs.append(
        InputSummary(
          name: input.name, compressed: input.info?.compression == .gzip, lines: outcome.lines + outcome.overlongLines,
          bytes: outcome.bytes, problems: outcome.problems.map(\.description)))
    }
    var saveFailure: OutputFailure?
    if keepsHistory {
      summary.inputFiles = inputs
      // Handed over, not copied: a summary still held here would be copied whole by the merge.
      var logs: Summary?
      if !inputs.isEmpty {
        logs = summary
        summary = Summary()
      }
      switch combine(logs.take(), aggregates, options: options, releasing: releasing) {
      case .success(let (combined, failure)):
        summary = combined
        saveFailure = failure
        inputs = summary.inputFiles
      case .failure(let failure):
        releasing.wait()
        return Result(summary: Summary(), inputs: [], problems: problems, aggregateFailure: failure)
      }
      phases?.lap("merged for the report")
    }
    summary.finish()
    let unprocessedFailure = unprocessed?.close()
    releasing.wait()
    // What the threads freed (their runs' summaries once merged, the open state `finish` let
    // go) goes back to the system before the caller builds the report.
    if settings.jobs > 1 || keepsHistory { FreedMemory.release() }
    phases?.lap("finish")
    return Result(
      summary: summary, inputs: inputs, problems: problems,
      unprocessedFailure: unprocessedFailure, aggregateSaveFailure: saveFailure, skippedLines: skippedLines,
      lostSkippedLines: lostSkippedLines)
  }

  /// How the shards are read: the options, whether the first shard starts after other lines
  /// (`keepsHistory`: aggregates merge before it or it is saved for later ones), and the day
  /// cuts (nil on the normal path).
  struct ReadMode: Sendable {
    var options: ParseOptions
    var keepsHistory: Bool
    var days: DayCutRule?
  }

  /// Every log shard read (in parallel unless `--jobs 1`) and folded in log order; in day mode
  /// the complete days go to `days` as soon as they are complete, and into the summary returned
  /// unless `DayOutput.keepsTotal` is false. Also: lines of skipped days, and whether skipped
  /// lines were lost (`DaySegments`).
  private func parseLogs(
    _ shards: [Shard], mode: ReadMode, outcomes: inout [ReadOutcome?], unprocessed: UnprocessedWriter?,
    releasing: DispatchGroup, skippedLines: inout Int, lostSkippedLines: inout Bool
  ) -> Summary {
    let options = mode.options
    // Everything read so far, in log order (in day mode, the days not complete yet). The
    // sequential path's first shard continues an empty summary that says whether lines come
    // before it; the parallel path's first run is taken as it is, never merged into one.
    var read = DaySegments.empty
    // The growing day read before: the first shard's lines are merged into it, not parsed on it.
    var continuesOpenDay = false
    if let open = days?.openDay, let summary = open.summary.take() {
      read = DaySegments(day: open.day, summary: consume summary)
      continuesOpenDay = true
    }
    var total: Summary?
    func dayCompleted(_ segments: consuming [DaySegments.Segment]) {
      guard let days else { return }
      for i in segments.indices where !segments[i].isSkipped {
        if let day = segments[i].day { days.complete(day, segments[i]) }
        guard days.keepsTotal else { continue }
        // Taken out, so that the thread that frees it frees its tables.
        guard let summary = segments[i].takeSummary() else { continue }
        if total == nil { total = Summary(options: options, hasPredecessor: mode.keepsHistory) }
        total!.merge(summary, options: options)  // Safe: set above.
        Pipeline.release(summary, in: releasing)
      }
    }
    if settings.jobs <= 1 {
      // Without days, the summary is handed from shard to shard without a copy (a copy kept for
      // a re-read made the next shard's first change to each table copy it: on the bench week
      // a second summary of six days, 140 of the peak's 226 MiB with the submitters), so a
      // shard whose year-less stamps do not fit its anchor cannot be re-read from the state
      // before it: the read starts over from the first shard, each shard with the years
      // found for it so far. With days, what is carried is only the days still open: a copy
      // of those is kept and the shard re-read from it.
      var adjustments = [Int](repeating: 0, count: shards.count)
      var told = 0  // The shards the progress meter has been told of (read again after a start over).
      var k = 0
      if days == nil { read = DaySegments(Summary(options: options, hasPredecessor: mode.keepsHistory)) }
      while k < shards.count {
        let shard = shards[k]
        let meter = k < told ? nil : progress
        let retries = shard.rereadable && adjustments[k] < 2 && unprocessed == nil
        var parser: ShardParser
        if days == nil {
          var earlier = DaySegments.empty
          swap(&earlier, &read)  // (`read` itself cannot be consumed: the parallel path's closure captures it.)
          parser = Pipeline.sequentialParser(shard, adjustment: adjustments[k], mode: mode, continuing: consume earlier)
        } else if continuesOpenDay {
          parser = Pipeline.parser(for: shard, mode: mode, adjustment: adjustments[k])
        } else {
          parser = Pipeline.sequentialParser(shard, adjustment: adjustments[k], mode: mode, continuing: read)
        }
        if let unprocessed { parser.unprocessedSink = { unprocessed.write($0) } }
        let outcome = Pipeline.feed(shard, to: &parser, meter: meter)
        if retries && !parser.yearsFitAnchor {
          adjustments[k] += 1
          told = max(told, k)
          if days == nil {
            read = DaySegments(Summary(options: options, hasPredecessor: mode.keepsHistory))
            k = 0
          }
          continue
        }
        if continuesOpenDay {
          for spent in read.merge(parser.takeDays(), options: options) { Pipeline.release(spent, in: releasing) }
          continuesOpenDay = false
        } else {
          read = parser.takeDays()
        }
        dayCompleted(read.takeCompleted())
        outcomes[shard.index] = outcome
        if k >= told && Pipeline.endsFile(shard.index, of: shards) { progress?.fileDone() }
        k += 1
      }
    } else {
      let parallel = runParallel(shards, mode: mode, unprocessed: unprocessed) { (run: consuming DaySegments) in
        for spent in read.merge(consume run, options: options) { Pipeline.release(spent, in: releasing) }
        dayCompleted(read.takeCompleted())
      }
      for (i, outcome) in parallel.enumerated() { outcomes[i] = outcome }
      unprocessed?.append(parts: shards.count)
    }
    skippedLines = read.skippedLines
    lostSkippedLines = read.lostSkippedLines
    if days != nil {
      dayCompleted(read.takeAll())
      return total.take() ?? Summary(options: options, hasPredecessor: mode.keepsHistory)
    }
    return read.takeAll().first?.summary ?? Summary(options: options, hasPredecessor: mode.keepsHistory)
  }

  /// Lets `summary` go on a thread of its own; `group` tells when it is gone.
  static func release(_ summary: consuming Summary, in group: DispatchGroup) {
    let box = Box(summary)
    group.enter()
    DispatchQueue.global().async {
      box.value = nil
      group.leave()
    }
  }

  /// Holds a summary for another thread to drop (a closure cannot capture a `var` it then consumes).
  private final class Box: @unchecked Sendable {
    var value: Summary?
    init(_ value: consuming Summary) { self.value = value }
  }

  // MARK: - One shard

  private static func anchor(_ shard: Shard) -> LogTimeAnchor {
    LogTimeAnchor(date: shard.anchor.day, secondOfDay: shard.anchor.secondOfDay)
  }

  /// The sequential path: the shard continues what was read before it (`adjustment` years earlier).
  private static func sequentialParser(
    _ shard: Shard, adjustment: Int, mode: ReadMode, continuing earlier: consuming DaySegments
  ) -> ShardParser {
    ShardParser(
      options: mode.options, anchor: anchor(shard), startYearAdjustment: adjustment, cuttingDays: mode.days,
      continuing: earlier)
  }

  /// A parser for a shard read on its own, or first of its run: it starts after other shards
  /// unless it is the first one and nothing comes before the logs (in day mode every day does:
  /// see `ShardParser(cuttingDays:)`).
  private static func parser(for shard: Shard, mode: ReadMode, adjustment: Int = 0) -> ShardParser {
    if let rule = mode.days {
      return ShardParser(options: mode.options, anchor: anchor(shard), startYearAdjustment: adjustment, cuttingDays: rule)
    }
    return ShardParser(
      options: mode.options, anchor: anchor(shard), startYearAdjustment: adjustment,
      hasPredecessor: shard.index > 0 || mode.keepsHistory)
  }

  /// Feeds the shard's lines to `parser`, telling the progress meter about every MiB read.
  private static func feed(_ shard: Shard, to parser: inout ShardParser, meter: ProgressMeter?) -> ReadOutcome {
    var pendingBytes = 0
    let outcome = LineReader(source: shard.source, range: shard.range).forEachLine { line in
      parser.consume(line)
      pendingBytes += line.count + 1
      if pendingBytes > 1 << 20 {
        meter?.add(bytes: pendingBytes)
        pendingBytes = 0
      }
    }
    meter?.add(bytes: pendingBytes)
    return outcome
  }

  /// `feed`, with the shard's unrecognised lines written to its own part file (parallel path;
  /// the parts are joined in order afterwards).
  private static func feed(_ shard: Shard, to parser: inout ShardParser, unprocessed: UnprocessedWriter?, meter: ProgressMeter?)
    -> ReadOutcome
  {
    let writer = unprocessed?.part(shard.index)
    if let writer { parser.unprocessedSink = { writer.write($0) } }
    defer { writer?.close() }
    return feed(shard, to: &parser, meter: meter)
  }

  /// A shard on its own (parallel path, when a run must be read shard by shard).
  private static func parseAlone(
    _ shard: Shard, mode: ReadMode, unprocessed: UnprocessedWriter?, meter: ProgressMeter?
  ) -> (days: DaySegments, outcome: ReadOutcome) {
    var adjustment = 0
    while true {
      var parser = parser(for: shard, mode: mode, adjustment: adjustment)
      let outcome = feed(shard, to: &parser, unprocessed: unprocessed, meter: meter)
      if parser.yearsFitAnchor || !shard.rereadable || adjustment >= 2 {
        return (parser.takeDays(), outcome)
      }
      adjustment += 1
    }
  }

  /// A run of consecutive shards read into one summary, each shard continuing the summary of the
  /// ones before it as the sequential path does: nothing is merged inside a run (merging a run
  /// of 32 MiB ranges of one big file cost a large share of the parsing; BENCHMARKS.md). The summary is handed from
  /// shard to shard without a copy, so a shard whose year-less stamps do not fit its anchor
  /// cannot be re-read from the state before it: then the run starts over shard by shard, each
  /// read on its own (re-read a year earlier if need be) and merged.
  private static func readRun(
    _ run: Range<Int>, of shards: [Shard], mode: ReadMode, unprocessed: UnprocessedWriter?,
    meter: ProgressMeter?
  )
    -> (days: DaySegments, outcomes: [ReadOutcome])
  {
    // The first shard whose file's end the progress meter has not been told of.
    var reported = run.lowerBound
    if let read = continuedRun(
      run, of: shards, mode: mode, unprocessed: unprocessed, meter: meter, reported: &reported)
    {
      return read
    }
    var read = DaySegments.empty
    var outcomes: [ReadOutcome] = []
    for i in run {
      let out = parseAlone(shards[i], mode: mode, unprocessed: unprocessed, meter: meter)
      _ = read.merge(out.days, options: mode.options)
      if mode.days != nil { read.encodeCompleted() }
      outcomes.append(out.outcome)
      if i >= reported && endsFile(i, of: shards) { meter?.fileDone() }
    }
    return (read, outcomes)
  }

  /// `readRun` without re-reading: nil when a shard's years do not fit its anchor.
  private static func continuedRun(
    _ run: Range<Int>, of shards: [Shard], mode: ReadMode, unprocessed: UnprocessedWriter?,
    meter: ProgressMeter?, reported: inout Int
  ) -> (days: DaySegments, outcomes: [ReadOutcome])? {
    var read: DaySegments?
    var outcomes: [ReadOutcome] = []
    for i in run {
      let shard = shards[i]
      var parser =
        if let earlier = read.take() {
          ShardParser(options: mode.options, anchor: anchor(shard), cuttingDays: mode.days, continuing: earlier)
        } else {
          parser(for: shard, mode: mode)
        }
      let outcome = feed(shard, to: &parser, unprocessed: unprocessed, meter: meter)
      if !parser.yearsFitAnchor && shard.rereadable { return nil }
      outcomes.append(outcome)
      read = parser.takeDays()
      if mode.days != nil { read!.encodeCompleted() }  // Safe: set just above.
      if endsFile(i, of: shards) { meter?.fileDone() }
      reported = i + 1
    }
    return read.map { ($0, outcomes) }
  }

  /// Whether shard `i` is the last (or only) byte range of its file: the progress meter counts
  /// files, not shards.
  static func endsFile(_ i: Int, of shards: [Shard]) -> Bool {
    i + 1 == shards.count || shards[i + 1].fileIndex != shards[i].fileIndex
  }

  /// Runs the shards on `jobs` threads and hands each run's summary to `merge`, in log order, on the calling
  /// thread; returns every shard's read outcome. Each shard's unrecognised lines go to a part
  /// file of `unprocessed`.
  ///
  /// The shards are cut into at most `jobs` runs of consecutive shards of about equal work, and each thread reads
  /// its run into one summary (`readRun`): the calling thread merges only one summary per thread (on two cores, a
  /// merge on the main thread after every file took CPU from the parsers).
  private func runParallel(_ shards: [Shard], mode: ReadMode, unprocessed: UnprocessedWriter?, merge: (consuming DaySegments) -> Void)
    -> [ReadOutcome?]
  {
    let count = shards.count
    if count == 0 { return [] }
    let runs = ShardPlanner.runs(shards, count: min(settings.jobs, count))
    let results = Mutex([DaySegments?](repeating: nil, count: runs.count))
    let outcomes = Mutex([ReadOutcome?](repeating: nil, count: count))
    let ready = (0..<runs.count).map { _ in DispatchSemaphore(value: 0) }
    let meter = progress
    let phases = phases
    for (r, run) in runs.enumerated() {
      DispatchQueue.global().async {
        let read = Pipeline.readRun(run, of: shards, mode: mode, unprocessed: unprocessed, meter: meter)
        phases?.mark("run \(r + 1) of \(runs.count) read (shards \(run.lowerBound + 1)-\(run.upperBound) of \(count))")
        // The run's parsers are gone: what they freed (line buffers, memos) goes back now, not
        // after the merge, whose peak it would add to.
        FreedMemory.release()
        outcomes.withLock { all in
          for (i, outcome) in zip(run, read.outcomes) { all[i] = outcome }
        }
        results.withLock { $0[r] = read.days }
        ready[r].signal()
      }
    }
    for r in 0..<runs.count {
      ready[r].wait()
      let folded = results.withLock { rs -> DaySegments? in
        defer { rs[r] = nil }
        return rs[r]
      }
      if let folded {
        merge(consume folded)
        phases?.mark("run \(r + 1) merged")
      }
    }
    return outcomes.withLock { $0 }
  }
}
