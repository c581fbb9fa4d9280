import LogInput
import PostfixCore
import ReportModel

/// Reads logs into an archive's days (`DayStore`): one pass cut at day changes
/// (`Pipeline.DayOutput`), each complete day saved as it completes.
///
/// What is read: every day not yet archived, and the newest archived day again (it was still
/// growing when it was saved). The lines of the other archived days are skipped: dated, not
/// parsed (`DayCutRule.skipped`); a file whose lines all fall on such days — by its first line
/// and its modification time, the latest time its lines can carry — is not read at all (only
/// the oldest files of a rotated set can be; not with `--reference-date`, which replaces file
/// times).
///
/// **The growing day continued.** When the last run read the newest day up to the end of a plain
/// file and that file is given again with the same bytes up to there (`GrowingDay`: renamed to
/// `mail.log.1` by logrotate, or still `mail.log`), that file is read from where the last run
/// stopped, the files before it not at all, and the lines read continue the day as saved
/// (`Pipeline.DayOutput.openDay`). Only for one rotated set of files (one server's log: another
/// set's lines of the day would be missed).
///
/// An archived day read again replaces the saved one only if its lines start no later than the
/// saved ones do: logs given without the file that holds the start of the day would otherwise
/// shrink it. If lines skipped as an archived day's turn out to belong to a day that is read
/// (lines out of order across two threads' parts, `DaySegments.lostSkippedLines`), the logs
/// are read again without skipping.
struct ArchiveUpdate {
  var settings: Settings
  var store: any DayStore
  var progress: ProgressMeter?

  struct Outcome {
    /// Files not opened for parsing: all their lines are on archived days.
    var skippedFiles: [String] = []
    var skippedLines = 0
    /// Days read (complete or not), oldest first.
    var readDays: [Day] = []
    /// Days whose saved data changed.
    var changedDays: [Day] = []
    /// Archived days read again from a later start than saved: kept as saved.
    var keptDays: [Day] = []
    /// The logs were read a second time without skipping.
    var readAgain = false
    /// The file the newest day was continued from, and the byte it was read from.
    var continued: (file: String, offset: Int64)?
    var problems: [InputProblem] = []
    var failures: [OutputFailure] = []
  }

  /// Collects what the pipeline's day callback did (the callback cannot capture a `var`).
  private final class Saver {
    let store: any DayStore
    let archived: [Day: Bool]
    var outcome = Outcome()

    init(store: any DayStore, archived: [Day]) {
      self.store = store
      self.archived = Dictionary(uniqueKeysWithValues: archived.map { ($0, true) })
    }

    func complete(_ day: Day, _ segment: DaySegments.Segment) {
      outcome.readDays.append(day)
      if archived[day] != nil, let first = segment.firstLineSeconds,
        let saved = try? store.load(day), let savedFirst = saved.firstLineSeconds, first > savedFirst
      {
        outcome.keptDays.append(day)
        return
      }
      guard let bytes = segment.aggregateBytes() else { return }
      do {
        if try store.save(day, aggregateBytes: bytes) { outcome.changedDays.append(day) }
      } catch {
        outcome.failures.append(error)
      }
    }
  }

  func run() -> Outcome {
    let archived: [Day]
    do {
      archived = try store.days()
    } catch {
      var outcome = Outcome()
      outcome.failures.append(error)
      return outcome
    }
    var skipped = Set(archived)
    if let newest = archived.last { skipped.remove(newest) }
    var earlier: Outcome?
    if let continuation = continuation(of: archived.last) {
      progress?.newPass(skipped: continuation.skipped.count)
      var outcome = read(continuation.files, skipping: skipped, archived: archived, continuing: continuation)
      if !outcome.readAgain {
        outcome.skippedFiles = continuation.skipped
        outcome.continued = (continuation.files[0], continuation.growing.offset)
        return outcome
      }
      earlier = outcome  // lines out of order across the cut: read as below, whole
    }
    let (files, skippedFiles) = filesToRead(skipping: skipped, newest: archived.last)
    progress?.newPass(skipped: skippedFiles.count)
    var outcome = Outcome()
    if !files.isEmpty {
      outcome = read(files, skipping: skipped, archived: archived)
      if outcome.readAgain {
        let first = outcome
        progress?.newPass(skipped: skippedFiles.count)
        outcome = read(files, skipping: [], archived: archived)
        outcome.readAgain = true
        outcome.changedDays = Array(Set(first.changedDays + outcome.changedDays)).sorted()
        outcome.failures = first.failures + outcome.failures
      }
    }
    if let earlier {
      outcome.readAgain = true
      outcome.changedDays = Array(Set(earlier.changedDays + outcome.changedDays)).sorted()
      outcome.failures = earlier.failures + outcome.failures
    }
    outcome.skippedFiles = skippedFiles
    return outcome
  }

  /// How the newest day goes on where the last run stopped (see the type).
  struct Continuation {
    var growing: GrowingDay
    /// The file the day was read from, as given now, and the files after it, in rotation
    /// order; the files before it.
    var files: [String]
    var skipped: [String]
    /// The day as saved, for the run to take.
    var day: Pipeline.OpenDay
  }

  /// The continuation of the newest archived day, if its reading was recorded, the day is the
  /// one then saved, and its file is among the logs (one rotated set) with the same bytes.
  func continuation(of newest: Day?) -> Continuation? {
    guard let newest, let growing = store.growingDay(), growing.day == newest, store.stamp(newest) == growing.dayStamp,
      !settings.files.contains("-"), RotationOrder.isOneSet(settings.files)
    else { return nil }
    let files = RotationOrder.sorted(settings.files)
    guard let i = files.firstIndex(where: growing.matches), let day = try? store.load(newest) else { return nil }
    return Continuation(
      growing: growing, files: Array(files[i...]), skipped: Array(files[..<i]), day: Pipeline.OpenDay(day: newest, summary: day))
  }

  /// Records where the newest day's reading stopped (`GrowingDay`) after a read of `files`
  /// whose last input was read from byte `start` on; forgets it when the newest day was not
  /// read to the end of a plain file of one rotated set, without a problem.
  private func recordGrowingDay(_ outcome: Outcome, files: [String], last: InputSummary?, start: Int64) {
    var growing: GrowingDay?
    if outcome.problems.isEmpty, outcome.failures.isEmpty, RotationOrder.isOneSet(files), !files.contains("-"),
      let last, last.name == files.last, !last.compressed, let newest = (try? store.days())?.last,
      outcome.readDays.last == newest, !outcome.keptDays.contains(newest)
    {
      growing = GrowingDay.record(day: newest, path: last.name, offset: start + last.bytes, dayStamp: store.stamp(newest))
    }
    do {
      try store.setGrowingDay(growing)
    } catch {
      // Not fatal: the next run reads the day whole.
      Diagnostics.warn(error.message)
    }
  }

  /// One pass over `files` (the first from where the newest day stopped, when `continuing`);
  /// `readAgain` set when skipped lines were lost (see the type). Where the newest day's reading
  /// stopped is recorded unless they were.
  private func read(_ files: [String], skipping skipped: Set<Day>, archived: [Day], continuing: Continuation? = nil) -> Outcome {
    var settings = self.settings
    settings.files = files
    let saver = Saver(store: store, archived: archived)
    var days = Pipeline.DayOutput(
      rule: DayCutRule(skipped: skipped), complete: { saver.complete($0, $1) }, keepsTotal: false)
    var pipeline = Pipeline(settings: settings, progress: progress, phases: nil)
    if let continuing {
      days.openDay = continuing.day
      pipeline.startOffsets = [continuing.files[0]: continuing.growing.offset]
    }
    pipeline.days = days
    let result = pipeline.run()
    var outcome = saver.outcome
    outcome.skippedLines = result.skippedLines
    outcome.readAgain = result.lostSkippedLines
    outcome.problems = result.problems
    if !outcome.readAgain {
      let last = result.inputs.last
      recordGrowingDay(outcome, files: files, last: last, start: last.flatMap { pipeline.startOffsets[$0.name] } ?? 0)
    }
    return outcome
  }

  /// The files to parse, in rotation order, and the oldest ones left out: each a regular file
  /// whose first dated line and modification time bound its days, all of them archived and
  /// before the newest archived day.
  func filesToRead(skipping skipped: Set<Day>, newest: Day?) -> (read: [String], skipped: [String]) {
    let files = RotationOrder.sorted(settings.files)
    guard let newest, !settings.nowIsPinned else { return (files, []) }
    var left = 0
    for name in files {
      guard name != "-", case .success(let info) = inspect(.file(name)), info.isRegularFile,
        let mtime = info.modificationTime
      else { break }
      var latest = LocalTime.from(epochSeconds: mtime)
      if latest.seconds > settings.now.seconds { latest = settings.now }
      guard latest.day < newest, let first = Self.firstDay(of: name, anchor: latest, options: settings.parse),
        first <= latest.day
      else { break }
      let span = (first.ordinal...latest.day.ordinal).map { Day(ordinal: $0) }
      guard span.allSatisfy({ skipped.contains($0) }) else { break }
      left += 1
    }
    return (Array(files[left...]), Array(files[..<left]))
  }

  /// The date of the file's first dated line, as the pipeline reads it (the year from
  /// `anchor`): the first few thousand lines are looked at, no more.
  static func firstDay(of path: String, anchor: LocalTime, options: ParseOptions) -> Day? {
    struct Found: Error {}
    var parser = ShardParser(
      options: options, anchor: LogTimeAnchor(date: anchor.day, secondOfDay: anchor.secondOfDay), cuttingDays: DayCutRule())
    var lines = 0
    _ = try? LineReader(source: .file(path), prefetch: false).forEachLine { line in
      parser.consume(line)
      lines += 1
      if parser.dayBeingRead != nil || lines >= 4096 { throw Found() }
    }
    return parser.dayBeingRead
  }
}
