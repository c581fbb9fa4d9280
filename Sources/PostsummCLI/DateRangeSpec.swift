import ReportModel

/// `-d`/`--date-range`: `today`, `yesterday`, `this week`, `last week`, `this month`,
/// `last month`, `YYYY-MM`, `YYYY-MM-DD`, and ranges `A B`, `A to B`, `A - B` of those dates
/// (a month stands for all its days). Underscores may replace spaces (`last_week`). Weeks start
/// on Sunday, or Monday with `--dow0mon`.
enum DateRangeSpec {
  enum Failure: Error, Equatable {
    case invalid(String)
    case reversed(String)
  }

  static func parse(_ text: String, today: Day, weekStartsMonday: Bool) throws -> ClosedRange<Day> {
    let spec = text.replacingOccurrences(of: "_", with: " ")
    switch spec {
    case "today":
      return today...today
    case "yesterday":
      let d = today.adding(days: -1)
      return d...d
    case "this week", "last week":
      // isoWeekday: 1 = Monday ... 7 = Sunday.
      let sinceStart = weekStartsMonday ? today.isoWeekday - 1 : today.isoWeekday % 7
      let start = today.adding(days: -sinceStart - (spec == "last week" ? 7 : 0))
      return start...start.adding(days: 6)
    case "this month":
      let start = Day(year: today.year, month: today.month, day: 1)
      return start...Day(year: today.year, month: today.month, day: Day.daysInMonth(year: today.year, month: today.month))
    case "last month":
      let (y, m) = today.month == 1 ? (today.year - 1, 12) : (today.year, today.month - 1)
      return Day(year: y, month: m, day: 1)...Day(year: y, month: m, day: Day.daysInMonth(year: y, month: m))
    default:
      break
    }
    if let single = dateOrMonth(spec) {
      return single
    }
    // Ranges: "A B", "A to B", "A - B".
    let words = spec.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    var parts: [String] = []
    if words.count == 2 {
      parts = words
    } else if words.count == 3, words[1] == "to" || words[1] == "-" {
      parts = [words[0], words[2]]
    }
    guard parts.count == 2, let a = dateOrMonth(parts[0]), let b = dateOrMonth(parts[1]) else {
      throw Failure.invalid(text)
    }
    guard b.upperBound >= a.lowerBound else { throw Failure.reversed(text) }
    return a.lowerBound...b.upperBound
  }

  /// `YYYY-MM-DD` → that day; `YYYY-MM` → the whole month.
  private static func dateOrMonth(_ s: String) -> ClosedRange<Day>? {
    if let d = Day(iso: s) { return d...d }
    let parts = s.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
      (1...12).contains(m)
    else { return nil }
    return Day(year: y, month: m, day: 1)...Day(year: y, month: m, day: Day.daysInMonth(year: y, month: m))
  }
}
