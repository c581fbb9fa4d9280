import ReportModel

/// What was read: the first and last dated line, and how every line was classified
/// (`LineStats`; not part of pflogsumm's text report).
struct InputAccounting: Sendable {
  var firstTime: LogTime?
  var lastTime: LogTime?
  /// The first and last dated line outside `-d`'s range (lines in it are `firstTime` …
  /// `lastTime`): with them, the period the logs cover, which a range that selects nothing
  /// is told against.
  var firstOutOfRange: LogTime?
  var lastOutOfRange: LogTime?
  var lineStats = LineStats()

  /// A dated line of the selected range.
  @inline(__always)
  mutating func noteTime(_ time: LogTime) {
    if firstTime.map({ time < $0 }) ?? true { firstTime = time }
    if lastTime.map({ time > $0 }) ?? true { lastTime = time }
  }

  /// A dated line outside `-d`'s range.
  mutating func noteOutOfRange(_ time: LogTime) {
    lineStats.outOfRange += 1
    if firstOutOfRange.map({ time < $0 }) ?? true { firstOutOfRange = time }
    if lastOutOfRange.map({ time > $0 }) ?? true { lastOutOfRange = time }
  }

  /// The days of every dated line read, in `-d`'s range or not.
  var datesRead: ClosedRange<Day>? {
    let firsts = [firstTime, firstOutOfRange].compactMap { $0 }
    let lasts = [lastTime, lastOutOfRange].compactMap { $0 }
    guard let first = firsts.min(), let last = lasts.max() else { return nil }
    return first.date...last.date
  }

  mutating func merge(_ later: InputAccounting) {
    if let t = later.firstTime, firstTime.map({ t < $0 }) ?? true { firstTime = t }
    if let t = later.lastTime, lastTime.map({ t > $0 }) ?? true { lastTime = t }
    if let t = later.firstOutOfRange, firstOutOfRange.map({ t < $0 }) ?? true { firstOutOfRange = t }
    if let t = later.lastOutOfRange, lastOutOfRange.map({ t > $0 }) ?? true { lastOutOfRange = t }
    lineStats.total += later.lineStats.total
    lineStats.undated += later.lineStats.undated
    lineStats.outOfRange += later.lineStats.outOfRange
    lineStats.otherPrograms += later.lineStats.otherPrograms
    lineStats.postfix += later.lineStats.postfix
    lineStats.unprocessed += later.lineStats.unprocessed
    lineStats.overlong += later.lineStats.overlong
    lineStats.evictedMessages += later.lineStats.evictedMessages
    lineStats.evictedConnections += later.lineStats.evictedConnections
  }

  /// The period covered and the line counts; `evictedConnections` are the sections' own.
  func build(into report: inout Report, evictedConnections: Int) {
    if let f = firstTime, let l = lastTime { report.period = ReportPeriod(first: f.date, last: l.date) }
    report.lineStats = lineStats
    report.lineStats.evictedConnections += evictedConnections
  }
}

// MARK: Aggregate file

extension InputAccounting: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    for time in [firstTime, lastTime, firstOutOfRange, lastOutOfRange] {
      out.bool(time != nil)
      time?.encode(to: &out)
    }
    lineStats.encode(to: &out)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    func time(_ r: inout AggregateReader) throws(AggregateError) -> LogTime? {
      try r.bool() ? try LogTime(decoding: &r) : nil
    }
    self.init()
    firstTime = try time(&input)
    lastTime = try time(&input)
    firstOutOfRange = try time(&input)
    lastOutOfRange = try time(&input)
    guard (firstTime == nil) == (lastTime == nil), (firstOutOfRange == nil) == (lastOutOfRange == nil) else {
      throw input.failure("a period with one end")
    }
    for case let (first?, last?) in [(firstTime, lastTime), (firstOutOfRange, lastOutOfRange)] where last < first {
      throw input.failure("a period that ends before it starts")
    }
    lineStats = try LineStats(decoding: &input)
  }
}
