import PostfixCore
import ReportModel

/// `-d` that selects no Postfix line: the report is empty and untitled, so standard error says
/// why — how many lines were read, that none of them is a Postfix line of the range, the range,
/// and the period the logs do cover. The exit status stays 0: nothing went wrong.
enum EmptySelection {
  /// The message (without `postsumm: `), or nil when the range holds Postfix lines;
  /// `datesRead` are the days of every dated line read (`Summary.datesRead`).
  static func message(stats: LineStats, range: ClosedRange<Day>, spec: String, datesRead: ClosedRange<Day>?) -> String? {
    guard stats.postfix == 0 else { return nil }
    let selection = "the date range \(text(range.lowerBound, range.upperBound)) (-d \(spec))"
    guard stats.total > 0 else { return "no lines read, so none in \(selection)" }
    let read = "\(stats.total) \(stats.total == 1 ? "line" : "lines") read"
    let inRange = stats.total - stats.undated - stats.outOfRange
    var message =
      inRange == 0 ? "\(read), none of them in \(selection)" : "\(read), \(inRange) of them in \(selection) but none from Postfix"
    if let datesRead {
      message += "; the logs cover \(text(datesRead.lowerBound, datesRead.upperBound))"
    } else {
      message += "; none of them has a date postsumm reads"
    }
    return message
  }

  private static func text(_ first: Day, _ last: Day) -> String {
    first == last ? first.iso : "\(first.iso) to \(last.iso)"
  }
}
