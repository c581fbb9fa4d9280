import ReportModel

/// What the abuse tables are called and how their cells read (and the submitter table's
/// submitter), shared by the text report and the page (the CSV index and JSON carry the same
/// titles and raw values).
public enum AbuseTitles {
  public static let authFailures = "SASL Authentication Failures by Client"
  public static let relayDenied = "Relay Access Denied by Client"
  public static let rejectClasses = "Reject Classes"

  /// `Oct  5 2026 07:05:00` (the day padded as in the per-day tables when `padded`), or
  /// `2026-10-05 07:05:00` with `--iso-date-time`.
  static func moment(_ t: WallClockTime, iso: Bool, padded: Bool) -> String {
    let d = t.day
    let day =
      iso || !padded ? DayText.short(d, iso: iso) : "\(Day.monthAbbreviations[d.month - 1]) \(NumberFormat.pad(d.day, 2)) \(d.year)"
    return day + " " + t.timeOfDay
  }

  /// The client as Postfix logs it: `host[ip]` (just the address when no name was logged).
  static func client(_ row: AbuseClientRow) -> String {
    row.host.isEmpty ? row.client : "\(row.host)[\(row.client)]"
  }

  /// A submitter as the submitter tables show it: an unauthenticated client as Postfix logs
  /// it, `host[ip]` (its name is its IP; the host name beside it), the others by name.
  static func submitter(_ row: SubmitterRow) -> String {
    row.host.map { "\($0)[\(row.name)]" } ?? row.name
  }
}
