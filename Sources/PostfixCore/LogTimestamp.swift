import ReportModel

/// A line's timestamp as written: wall-clock local time. Traditional syslog stamps have no year;
/// `YearResolver` supplies it.
struct LogTimestamp: Equatable, Sendable {
  /// From RFC 3339 stamps only.
  var year: Int?
  var month: Int
  var day: Int
  var hour: Int
  var minute: Int
  var second: Int

  /// Seconds within the day.
  var secondOfDay: Int { hour * 3600 + minute * 60 + second }
}

/// A fully resolved point in (local wall-clock) time.
struct LogTime: Comparable, Sendable {
  let date: Day
  let secondOfDay: Int
  /// Seconds since 1970-01-01 00:00 of the same wall clock (for durations and ordering);
  /// computed once, since every line compares times.
  let seconds: Int64

  init(date: Day, secondOfDay: Int) {
    self.init(date: date, secondOfDay: secondOfDay, dayOrdinal: date.ordinal)
  }

  init(date: Day, secondOfDay: Int, dayOrdinal: Int) {
    self.date = date
    self.secondOfDay = secondOfDay
    self.seconds = Int64(dayOrdinal) * 86_400 + Int64(secondOfDay)
  }

  /// The same day at another time of day.
  func sameDay(secondOfDay s: Int) -> LogTime {
    LogTime(date: date, secondOfDay: s, dayOrdinal: Int((seconds - Int64(secondOfDay)) / 86_400))
  }

  static func < (a: LogTime, b: LogTime) -> Bool { a.seconds < b.seconds }
  var hour: Int { secondOfDay / 3600 }
}

extension LogTime: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    date.encode(to: &out)
    out.number(secondOfDay)
  }

  /// A day and a second of it (an hour of 24 would index past the per-hour tables).
  init(decoding input: inout AggregateReader) throws(AggregateError) {
    let date = try Day(decoding: &input)
    self.init(date: date, secondOfDay: try input.number(in: 0...86_399, "second of the day"))
  }
}
