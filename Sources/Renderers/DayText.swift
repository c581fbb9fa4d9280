import ReportModel

/// Dates and hours as the reports name them, for the outputs that show them to people.
enum DayText {
  /// As in the title: `Tue, Nov 24 2026`.
  static func long(_ d: Day) -> String {
    "\(Day.weekdayAbbreviations[d.isoWeekday - 1]), \(Day.monthAbbreviations[d.month - 1]) \(d.day) \(d.year)"
  }

  /// `Nov 24 2026`, `Nov 3 2026`, or `2026-11-24` with `--iso-date-time`: a table's date
  /// without the text report's column padding.
  static func short(_ d: Day, iso: Bool) -> String {
    iso ? d.iso : "\(Day.monthAbbreviations[d.month - 1]) \(d.day) \(d.year)"
  }

  /// An hour slot: `0800-0900`, or `08:00-09:00` with `--iso-date-time`.
  static func hour(_ h: Int, iso: Bool) -> String {
    let (a, b) = (NumberFormat.zero2(h), NumberFormat.zero2(h + 1))
    return iso ? "\(a):00-\(b):00" : "\(a)00-\(b)00"
  }

  /// The report's title line: `Postfix Log Summaries for Tue, Nov 24 2026 through …`.
  static func title(_ period: ReportPeriod?) -> String {
    var t = "Postfix Log Summaries"
    if let p = period {
      t += " for " + long(p.first)
      if p.first != p.last { t += " through " + long(p.last) }
    }
    return t
  }
}
