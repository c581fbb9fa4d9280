import ReportModel

/// Gives traditional syslog stamps (`Nov 24 08:00:01`, no year) their year.
///
/// pflogsumm takes the year from the clock (a line from a later month than today is last
/// year's), so old logs and logs read after New Year land in the wrong year. Here the year
/// comes from the file: the caller passes an *anchor*, the latest time the file's lines can
/// carry (its modification time, or `--reference-date`).
///
/// - The first line gets the latest year that does not put it after the anchor.
/// - Every later line gets the year that puts it nearest to the line before it (within half a
///   year), so a Dec→Jan rollover inside the file moves forward one year and lines a little
///   out of order keep their year.
/// - A line whose date would still fall after the anchor's date (a stray line from last
///   December in a November file) is taken from the year before: a log cannot contain the
///   future. Dates, not times, are compared: a line from later on the anchor's day is fine.
/// - If the file's last line and at least one other fall after the anchor, the first guess was
///   a year too late (the file spans more than a year): `fitsAnchor` turns false and the
///   caller re-reads the file one year earlier (`startYearAdjustment`).
///
/// RFC 3339 stamps carry their year and are taken as written; they also re-seed the tracker.
struct YearResolver {
  let anchor: LogTime
  /// Subtracted from the first line's year (set by the caller on a re-read).
  var startYearAdjustment = 0
  /// The previous line as tracked (before any pull-back below the anchor).
  private(set) var previous: LogTime?
  private var lastTraditionalBeyondAnchor = false
  private var beyondAnchor = 0

  init(anchor: LogTime, startYearAdjustment: Int = 0) {
    self.anchor = anchor
    self.startYearAdjustment = startYearAdjustment
  }

  /// Resolves a stamp; nil when the date does not exist in any nearby year (e.g. Feb 30).
  mutating func resolve(_ ts: LogTimestamp) -> LogTime? {
    if let y = ts.year {
      guard let t = Self.time(year: y, ts) else { return nil }
      previous = t
      return t
    }
    // Most lines share the previous line's date: same day, same year, nothing to compute.
    if let prev = previous, prev.date.month == ts.month, prev.date.day == ts.day {
      let t = prev.sameDay(secondOfDay: ts.secondOfDay)
      lastTraditionalBeyondAnchor = t.date > anchor.date
      guard lastTraditionalBeyondAnchor else { return t }
      beyondAnchor += 1
      return Self.time(year: t.date.year - 1, ts) ?? Self.leapDay(t.date.year - 1, ts) ?? t
    }
    let year: Int
    if let prev = previous {
      year = Self.nearestYear(month: ts.month, day: ts.day, to: prev.date)
    } else {
      year = Self.latestYear(month: ts.month, day: ts.day, notAfter: anchor)
        - startYearAdjustment
    }
    guard let tracked = Self.time(year: year, ts) ?? Self.leapDay(year, ts) else { return nil }
    previous = tracked
    lastTraditionalBeyondAnchor = tracked.date > anchor.date
    guard lastTraditionalBeyondAnchor else { return tracked }
    beyondAnchor += 1
    return Self.time(year: tracked.date.year - 1, ts) ?? Self.leapDay(tracked.date.year - 1, ts) ?? tracked
  }

  /// What `resolve` does for the same traditional stamp as the last one it resolved (the
  /// same-day path, same second): the result is the last one's, only the count of lines
  /// beyond the anchor moves.
  mutating func repeatLast() {
    if lastTraditionalBeyondAnchor { beyondAnchor += 1 }
  }

  private static func time(year: Int, _ ts: LogTimestamp) -> LogTime? {
    guard Day.isValid(year: year, month: ts.month, day: ts.day) else { return nil }
    return LogTime(date: Day(year: year, month: ts.month, day: ts.day), secondOfDay: ts.secondOfDay)
  }

  /// Feb 29 in a non-leap year: the nearest leap year before.
  private static func leapDay(_ year: Int, _ ts: LogTimestamp) -> LogTime? {
    guard ts.month == 2, ts.day == 29 else { return nil }
    for y in stride(from: year - 1, through: year - 4, by: -1) {
      if let t = time(year: y, ts) { return t }
    }
    return nil
  }

  /// The latest year in which month/day is not after `anchor`'s date. Whole days: the time
  /// of day is left out so that clock skew and time zones around midnight cannot move a line
  /// into another year, and so that lines written later on the anchor's own day stay in it.
  static func latestYear(month: Int, day: Int, notAfter anchor: LogTime) -> Int {
    let a = anchor.date
    if (month, day) <= (a.month, a.day) { return a.year }
    return a.year - 1
  }

  /// The year that puts month/day nearest to `reference`.
  static func nearestYear(month: Int, day: Int, to reference: Day) -> Int {
    var best = reference.year
    var bestDistance = Int.max
    for y in (reference.year - 1)...(reference.year + 1) {
      let d = Day(year: y, month: month, day: min(day, Day.daysInMonth(year: y, month: month)))
      let distance = abs(d.ordinal - reference.ordinal)
      if distance < bestDistance {
        best = y
        bestDistance = distance
      }
    }
    return best
  }

  /// False when the file evidently started a year earlier than first guessed.
  var fitsAnchor: Bool { !(lastTraditionalBeyondAnchor && beyondAnchor >= 2) }
}
