import ReportModel

/// Gives traditional syslog stamps (`Nov 24 08:00:01`, no year) their year.
///
/// pflogsumm takes the year from the clock (a line from a later month than today is last year's),
/// so old logs and logs read after New Year land in the wrong year. Here the year comes from the
/// file: the caller passes an *anchor*, the latest time the file's lines can carry (its
/// modification time, or `--reference-date`). The first line gets the latest year that does not
/// put it after the anchor; every later line gets the year that puts it nearest to the line
/// before it (within half a year), so a Dec→Jan rollover inside the file moves forward one year
/// and lines a little out of order stay in their year. If the file's last line still ends up
/// after the anchor, the file spans more than a year and the caller re-reads it one year
/// earlier (`startYearAdjustment`).
///
/// RFC 3339 stamps carry their year and are taken as written; they also re-seed the tracker.
struct YearResolver {
  let anchor: LogTime
  /// Subtracted from the first line's year (set by the caller on a re-read).
  var startYearAdjustment = 0
  private(set) var previous: LogTime?
  /// The latest resolved traditional (year-less) time, to check against the anchor.
  private(set) var last: LogTime?

  init(anchor: LogTime, startYearAdjustment: Int = 0) {
    self.anchor = anchor
    self.startYearAdjustment = startYearAdjustment
  }

  /// Resolves a stamp; nil when the date does not exist (e.g. Feb 30).
  mutating func resolve(_ ts: LogTimestamp) -> LogTime? {
    let year: Int
    if let y = ts.year {
      year = y
    } else if let prev = previous {
      year = Self.nearestYear(month: ts.month, day: ts.day, to: prev.date)
    } else {
      year = Self.latestYear(month: ts.month, day: ts.day, secondOfDay: ts.secondOfDay, notAfter: anchor)
        - startYearAdjustment
    }
    guard let t = Self.time(year: year, ts) else {
      // Feb 29 in a non-leap year: try the neighbours before giving up.
      if ts.year == nil, ts.month == 2, ts.day == 29 {
        for y in [year - 1, year + 1, year - 2, year - 3] {
          if let t = Self.time(year: y, ts) {
            previous = t
            last = t
            return t
          }
        }
      }
      return nil
    }
    previous = t
    if ts.year == nil { last = t }
    return t
  }

  private static func time(year: Int, _ ts: LogTimestamp) -> LogTime? {
    guard Day.isValid(year: year, month: ts.month, day: ts.day) else { return nil }
    return LogTime(date: Day(year: year, month: ts.month, day: ts.day), secondOfDay: ts.secondOfDay)
  }

  /// The latest year in which month/day/time is not after `anchor`.
  static func latestYear(month: Int, day: Int, secondOfDay: Int, notAfter anchor: LogTime) -> Int {
    let a = anchor.date
    if (month, day, secondOfDay) <= (a.month, a.day, anchor.secondOfDay) { return a.year }
    return a.year - 1
  }

  /// The year that puts month/day nearest to `reference`.
  static func nearestYear(month: Int, day: Int, to reference: Day) -> Int {
    var best = reference.year
    var bestDistance = Int.max
    for y in (reference.year - 1)...(reference.year + 1) {
      let d = Day.isValid(year: y, month: month, day: day)
        ? Day(year: y, month: month, day: day)
        : Day(year: y, month: month, day: min(day, Day.daysInMonth(year: y, month: month)))
      let distance = abs(d.ordinal - reference.ordinal)
      if distance < bestDistance {
        best = y
        bestDistance = distance
      }
    }
    return best
  }

  /// Whether the file's lines fit under the anchor (one day of slack for clock skew and for
  /// lines written in the second the file was closed).
  var fitsAnchor: Bool {
    guard let last else { return true }
    return last.seconds <= anchor.seconds + 86_400
  }
}
