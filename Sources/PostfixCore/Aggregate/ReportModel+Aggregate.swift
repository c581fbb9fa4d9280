import ReportModel

// The values of `ReportModel` that sections keep as they are (days, line counts, traffic
// columns), saved as the sections save their own fields.

extension Day: AggregateCodable {
  /// Years a log stamp can carry (four digits at most).
  static let savedYears = 1...9999
  static let savedOrdinals = Day(year: 1, month: 1, day: 1).ordinal...Day(year: 9999, month: 12, day: 31).ordinal

  /// Days since 1970 (every day the parser makes is a valid date, so the ordinal gives it back).
  func encode(to out: inout AggregateWriter) { out.number(ordinal) }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(ordinal: try input.number(in: Self.savedOrdinals, "day"))
  }
}

extension LineStats: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    for n in [total, undated, outOfRange, otherPrograms, postfix, unprocessed, overlong, evictedMessages, evictedConnections] {
      out.count(n)
    }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    total = try input.count()
    undated = try input.count()
    outOfRange = try input.count()
    otherPrograms = try input.count()
    postfix = try input.count()
    unprocessed = try input.count()
    overlong = try input.count()
    evictedMessages = try input.count()
    evictedConnections = try input.count()
  }
}

extension TrafficCounts: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    for n in [received, delivered, deferred, bounced, rejected] { out.count(n) }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(
      received: try input.count(), delivered: try input.count(), deferred: try input.count(), bounced: try input.count(),
      rejected: try input.count())
  }
}

extension InputSummary: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.string(name)
    out.bool(compressed)
    out.count(lines)
    out.amount(bytes)
    out.list(problems) { $0.string($1) }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(
      name: try input.string(), compressed: try input.bool(), lines: try input.count(), bytes: try input.amount(),
      problems: try input.list { r throws(AggregateError) in try r.string() })
  }
}
