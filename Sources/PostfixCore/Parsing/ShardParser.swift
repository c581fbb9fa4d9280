import ReportModel

/// Reads the lines of one shard (a file, or a byte range of one) into a `Summary`.
///
/// Two layers, as in Lightmeter: `LineHeader` and `PostfixTag` read the syslog header and the
/// program tag; then one small parser per daemon (`Daemons/`) turns the message into an event,
/// which the summary records (`Summary+Record.swift`). The dispatch follows pflogsumm 1.3.0's
/// order: warnings first, then cleanup, master, smtpd/postscreen/pickup, delivery status lines
/// of any daemon, the queue manager, smtp. Lines that are not Postfix's, or that no parser
/// reads, are counted in `LineStats`, never thrown away silently.
public struct ShardParser {
  public private(set) var summary: Summary
  private var context: LineContext
  private var years: YearResolver
  private let syslogNames: [[UInt8]]
  /// `PostfixTag.byteClasses`, held here (see `PostfixTag.parse(_:from:syslogNames:classes:)`).
  private let tagClasses = PostfixTag.byteClasses
  /// The last date added to the traffic section's days (most lines repeat it).
  private var lastDay: Day?
  private var stampCache = LineHeader.StampCache()
  /// What `years` made of the cached stamp, while no other stamp has been resolved since: a
  /// line repeating it gets the same time (see `YearResolver.repeatLast`).
  private var cachedStampTime: LogTime?
  /// Receives each unrecognised Postfix line (for `--unprocd-file`).
  public var unprocessedSink: ((UnsafeBufferPointer<UInt8>) -> Void)?
  /// The options, for the summaries of the days after a cut.
  private let options: ParseOptions
  /// Cutting the lines at day changes (`DaySegments`); nil on the normal path, which then
  /// pays one test of `cutsDays` per dated line.
  private var days: DayCutter?
  private let cutsDays: Bool
  /// The day being read is skipped (`DayCutRule.skipped`): its lines are dated, not parsed.
  private var skippingDay = false

  /// - Parameters:
  ///   - anchor: the latest time a year-less stamp in this shard can mean (the file's
  ///     modification time, or `--reference-date`).
  ///   - startYearAdjustment: years to subtract from the first year-less line's guess (set when
  ///     a first reading showed that the shard spans more than a year).
  ///   - hasPredecessor: whether an earlier shard precedes this one (its message histories are
  ///     then resolved at merge time).
  public init(options: ParseOptions, anchor: LogTimeAnchor, startYearAdjustment: Int = 0, hasPredecessor: Bool) {
    self.init(options: options, anchor: anchor, startYearAdjustment: startYearAdjustment, hasPredecessor: hasPredecessor, days: nil)
  }

  /// A shard whose lines are cut at day changes (`DaySegments`): every day starts with
  /// `hasPredecessor`, the first one too, since the lines before it may be another run's (or
  /// an archived day's); `Summary.merging` resolves what nothing earlier resolves.
  public init(options: ParseOptions, anchor: LogTimeAnchor, startYearAdjustment: Int = 0, cuttingDays rule: DayCutRule) {
    self.init(
      options: options, anchor: anchor, startYearAdjustment: startYearAdjustment, hasPredecessor: true,
      days: DayCutter(rule: rule))
  }

  private init(options: ParseOptions, anchor: LogTimeAnchor, startYearAdjustment: Int, hasPredecessor: Bool, days: DayCutter?) {
    summary = Summary(options: options, hasPredecessor: hasPredecessor)
    self.options = options
    self.days = days
    cutsDays = days != nil
    context = LineContext(options: options)
    years = YearResolver(anchor: anchor.time, startYearAdjustment: startYearAdjustment)
    syslogNames = options.syslogNames.map { Array($0.utf8) }
  }

  /// This shard continues `summary`: everything from the summary's first shard up to this one
  /// was read into it (the sequential path from the first shard on; a `--jobs` thread from the
  /// first shard of its run, whose `hasPredecessor` the summary keeps). Pass the summary over
  /// (`consume`, or `Optional.take()`): a copy still held elsewhere makes the first change copy
  /// every table.
  public init(options: ParseOptions, anchor: LogTimeAnchor, startYearAdjustment: Int = 0, continuing summary: consuming Summary) {
    self.init(options: options, anchor: anchor, startYearAdjustment: startYearAdjustment, hasPredecessor: false)
    self.summary = summary
    self.summary.prepareForReading(with: options)
  }

  /// This shard continues what was read before it: the days so far, the last of them the day
  /// being read, when `rule` cuts days; else the one summary (`continuing:` above; none read
  /// yet: the first shard). Pass the days over (`consume`, or `take()`).
  public init(
    options: ParseOptions, anchor: LogTimeAnchor, startYearAdjustment: Int = 0, cuttingDays rule: DayCutRule?,
    continuing earlier: consuming DaySegments
  ) {
    guard let rule else {
      let summary = earlier.segments.popLast()?.summary ?? Summary(options: options, hasPredecessor: false)
      self.init(options: options, anchor: anchor, startYearAdjustment: startYearAdjustment, continuing: summary)
      return
    }
    self.init(options: options, anchor: anchor, startYearAdjustment: startYearAdjustment, cuttingDays: rule)
    guard var open = earlier.segments.popLast() else { return }
    days!.done = earlier.takeAll()  // Safe: set by the initialiser above.
    days!.current = open.day
    days!.skippedLines = earlier.skippedLines
    days!.lostSkippedLines = earlier.lostSkippedLines
    if let continued = open.summary.take() {
      summary = continued
      summary.prepareForReading(with: options)
    } else {
      skippingDay = true
    }
  }

  /// The day of the lines being read, when cutting days (nil before the first dated line).
  public var dayBeingRead: Day? { days?.current }

  /// What the parser read: its days when it cuts them, else its summary as one segment.
  public consuming func takeDays() -> DaySegments {
    guard var days else { return DaySegments(summary) }
    days.done.append(DaySegments.Segment(day: days.current, summary: skippingDay ? nil : summary))
    var result = DaySegments(segments: days.done)
    result.skippedLines = days.skippedLines
    result.lostSkippedLines = days.lostSkippedLines
    return result
  }

  /// Whether the year-less stamps read so far fit under the anchor (else re-read the shard one
  /// year earlier).
  public var yearsFitAnchor: Bool { years.fitsAnchor }

  /// Reads one line (without its line terminator).
  public mutating func consume(_ line: UnsafeBufferPointer<UInt8>) {
    // A crash can leave NUL bytes before the next line's text.
    var start = 0
    while start < line.count, line[start] == 0 { start += 1 }
    guard let (time, restStart, hostStart) = lineTime(line, from: start) else {
      if skippingDay {
        days!.skippedLines += 1  // Safe: only a parser cutting days skips.
        return
      }
      summary.input.lineStats.total += 1
      summary.input.lineStats.undated += 1
      return
    }
    if cutsDays && !keepsLine(of: time.date) { return }
    summary.input.lineStats.total += 1
    if let range = context.options.dateRange, !range.contains(time.date) {
      summary.input.noteOutOfRange(time)
      return
    }
    summary.now = time.seconds
    summary.input.noteTime(time)
    let match = tagClasses.withUnsafeBufferPointer {
      PostfixTag.parse(line, from: restStart, syslogNames: syslogNames, classes: $0)
    }
    switch match {
    case .otherProgram:
      summary.input.lineStats.otherPrograms += 1
    case .malformedPostfix:
      summary.input.lineStats.postfix += 1
      unprocessed(line)
    case .postfix(let tag):
      summary.input.lineStats.postfix += 1
      summary.countServerLine(host: UnsafeBufferPointer(rebasing: line[hostStart..<(restStart - 1)]))
      if time.date != lastDay {
        summary.traffic.days.insert(time.date)
        lastDay = time.date
      }
      if !dispatch(line, tag, time) { unprocessed(line) }
    }
  }

  /// Cuts at a day change (see `DaySegments` for the rule); false when the line's day is skipped.
  @inline(never)
  private mutating func keepsLine(of date: Day) -> Bool {
    guard let current = days!.current else {  // Safe: only called when cutting days.
      // The first dated line: its day is the day of the lines so far.
      days!.current = date
      skippingDay = days!.rule.skipped.contains(date)
      return dayKeeps()
    }
    if date > current {
      days!.done.append(DaySegments.Segment(day: current, summary: skippingDay ? nil : summary))
      summary = Summary(options: options, hasPredecessor: true)
      // The caches that hold ids of the summary's tables, and the traffic section's last day.
      context.domainCaches = DomainSection.Caches()
      lastDay = nil
      days!.current = date
      skippingDay = days!.rule.skipped.contains(date)
    }
    return dayKeeps()
  }

  private mutating func dayKeeps() -> Bool {
    guard skippingDay else { return true }
    days!.skippedLines += 1  // Safe: only a parser cutting days skips.
    return false
  }

  /// The line's resolved time, where its program tag starts and where its host does; nil when
  /// it has no valid header. Many lines in a row share a stamp: those after the first reuse
  /// its time.
  private mutating func lineTime(_ line: Bytes, from start: Int) -> (LogTime, Int, Int)? {
    guard let header = LineHeader.parse(line, from: start, cache: &stampCache) else {
      // The cache may hold a stamp that was read but not resolved.
      cachedStampTime = nil
      return nil
    }
    if header.stamp == .repeated, let time = cachedStampTime {
      years.repeatLast()
      return (time, header.restStart, header.hostStart)
    }
    let time = years.resolve(header.timestamp)
    cachedStampTime = header.stamp == .uncached ? nil : time
    return time.map { ($0, header.restStart, header.hostStart) }
  }

  private mutating func unprocessed(_ line: Bytes) {
    summary.input.lineStats.unprocessed += 1
    unprocessedSink?(line)
  }

  // MARK: - Dispatch

  /// Hands the line to its daemon's parser and the event to the summary; false when no parser
  /// read the line (nor is it a known line without news: `KnownNoise`).
  private mutating func dispatch(_ line: Bytes, _ tag: PostfixTag, _ time: LogTime) -> Bool {
    let p = tag.payloadStart
    let service = tag.service.kind
    if let w = WarningLine.parse(line, at: p) {
      summary.record(w, line, tag, &context)
      return true
    }
    switch service {
    case .cleanup:
      guard let c = CleanupLine.parse(line, at: p) else { return KnownNoise.matches(line, at: p) }
      summary.record(c, line, tag, time, &context)
      return true
    case .master:
      summary.recordMasterMessage(line, from: p)
      return true
    case .smtpd, .postscreen, .pickup:
      return smtpdFamilyLine(line, p, tag, time)
    default:
      break
    }
    if let d = DeliveryLine.parse(line, at: p) {
      return summary.record(d, line, tag, time, &context)
    }
    switch service {
    case .qmgr:
      guard let q = QmgrLine.parse(line, at: p) else { return KnownNoise.matches(line, at: p) }
      summary.record(q, line, tag, &context)
      return true
    case .smtp:
      guard let s = SmtpLine.parse(line, at: p) else { return KnownNoise.matches(line, at: p) }
      summary.record(s, line)
      return true
    default:
      return KnownNoise.matches(line, at: p)
    }
  }

  /// smtpd, postscreen and pickup share receipts and SMTP-time verdicts (as in pflogsumm);
  /// then each has lines of its own.
  private mutating func smtpdFamilyLine(_ line: Bytes, _ p: Int, _ tag: PostfixTag, _ time: LogTime) -> Bool {
    let service = tag.service.kind
    if let r = ReceiptLine.parse(line, at: p, service: service) {
      summary.record(r, line, tag, time, &context)
      return true
    }
    if let r = RejectLine.parse(line, at: p) {
      summary.record(r, line, at: p, tag, time, &context)
      return true
    }
    switch service {
    case .smtpd:
      guard let s = SmtpdLine.parse(line, at: p) else { return KnownNoise.matches(line, at: p) }
      summary.record(s, line, tag, time, &context)
      return true
    case .postscreen:
      guard context.options.postscreen else { return KnownNoise.matches(line, at: p) }
      if let m = PostscreenLine.parseCommon(line, at: p) {
        summary.record(m, in: line, fromLine: true, time, context.options)
        return true
      }
      // The other shapes: the rule list reads a copy of the message.
      let text = Array(UnsafeBufferPointer(rebasing: line[p...]))
      guard let m = PostscreenLine.parse(text) else { return KnownNoise.matches(line, at: p) }
      text.withBytes { summary.record(m, in: $0, fromLine: false, time, context.options) }
      return true
    default:
      return KnownNoise.matches(line, at: p)
    }
  }
}

/// The latest time year-less stamps of a shard may carry.
public struct LogTimeAnchor: Sendable {
  var time: LogTime

  /// - Parameters: date and second of day in local wall-clock time.
  public init(date: Day, secondOfDay: Int) {
    time = LogTime(date: date, secondOfDay: secondOfDay)
  }
}
