import ReportModel

/// A page of the archive site: one day, one ISO 8601 week or one month, with the archived days
/// it holds. Its directory is `days/2026-11-24`, `weeks/2026-W48` or `months/2026-11`; every
/// page is two levels below the site's root, so links between pages are `../../<directory>/`.
struct ArchivePeriod: Hashable, Sendable {
  enum Kind: String, Sendable {
    case day, week, month

    /// The site's folder of this kind of page.
    var folder: String {
      switch self {
      case .day: "days"
      case .week: "weeks"
      case .month: "months"
      }
    }
  }

  var kind: Kind
  /// `2026-11-24`, `2026-W48`, `2026-11`.
  var id: String
  /// The archived days it holds, oldest first.
  var days: [Day]

  /// Relative to the site's root.
  var directory: String { "\(kind.folder)/\(id)" }

  /// The page's link from another page (all pages are two levels deep).
  var href: String { "../../\(directory)/index.html" }

  /// What links to the page say: `Tue 2026-11-24`, `Week 48 of 2026`, `November 2026`.
  var label: String {
    switch kind {
    case .day:
      let d = days[0]
      return "\(Day.weekdayAbbreviations[d.isoWeekday - 1]) \(d.iso)"
    case .week:
      let (year, week) = Self.isoWeek(of: days[0])
      return "Week \(week) of \(year)"
    case .month:
      let d = days[0]
      return "\(Self.monthNames[d.month - 1]) \(d.year)"
    }
  }

  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
  ]

  /// The ISO 8601 week of `day`: the week (Monday to Sunday) and the year its Thursday is in.
  static func isoWeek(of day: Day) -> (year: Int, week: Int) {
    let thursday = day.adding(days: 4 - day.isoWeekday)
    let january1 = Day(year: thursday.year, month: 1, day: 1)
    return (thursday.year, (thursday.ordinal - january1.ordinal) / 7 + 1)
  }

  /// `2026-W48`.
  static func weekID(of day: Day) -> String {
    let (year, week) = isoWeek(of: day)
    return "\(year)-W\(week < 10 ? "0" : "")\(week)"
  }

  /// `2026-11`.
  static func monthID(of day: Day) -> String { String(day.iso.prefix(7)) }

  /// The days, weeks and months holding `days` (sorted), each list oldest first.
  static func periods(of days: [Day]) -> (days: [ArchivePeriod], weeks: [ArchivePeriod], months: [ArchivePeriod]) {
    func grouped(_ kind: Kind, _ id: (Day) -> String) -> [ArchivePeriod] {
      var periods: [ArchivePeriod] = []
      for day in days {
        let key = id(day)
        if periods.last?.id == key {
          periods[periods.count - 1].days.append(day)
        } else {
          periods.append(ArchivePeriod(kind: kind, id: key, days: [day]))
        }
      }
      return periods
    }
    return (grouped(.day, \.iso), grouped(.week, weekID), grouped(.month, monthID))
  }
}
