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

  /// - Parameters:
  ///   - anchor: the latest time a year-less stamp in this shard can mean (the file's
  ///     modification time, or `--reference-date`).
  ///   - startYearAdjustment: years to subtract from the first year-less line's guess (set when
  ///     a first reading showed that the shard spans more than a year).
  ///   - hasPredecessor: whether an earlier shard precedes this one (its message histories are
  ///     then resolved at merge time).
  public init(options: ParseOptions, anchor: LogTimeAnchor, startYearAdjustment: Int = 0, hasPredecessor: Bool) {
    summary = Summary()
    summary.hasPredecessor = hasPredecessor
    summary.limits = options.limits
    summary.details.keptWidth = options.textWidth
    summary.submitters.isTracking = options.trackSubmitters
    summary.aggregateOptions = AggregateOptions(options)
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
    if self.summary.details.isEmptyOfTexts { self.summary.details.keptWidth = options.textWidth }
    self.summary.submitters.isTracking = options.trackSubmitters
    self.summary.aggregateOptions = AggregateOptions(options)
  }

  /// Whether the year-less stamps read so far fit under the anchor (else re-read the shard one
  /// year earlier).
  public var yearsFitAnchor: Bool { years.fitsAnchor }

  /// Reads one line (without its line terminator).
  public mutating func consume(_ line: UnsafeBufferPointer<UInt8>) {
    summary.input.lineStats.total += 1
    // A crash can leave NUL bytes before the next line's text.
    var start = 0
    while start < line.count, line[start] == 0 { start += 1 }
    guard let (time, restStart, hostStart) = lineTime(line, from: start) else {
      summary.input.lineStats.undated += 1
      return
    }
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
