#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PostfixCore
import ReportModel

/// `-d` that selects no Postfix line: the report is empty and untitled, so standard error says
/// why — how many lines were read, that none of them is a Postfix line of the range, the range,
/// and the period the logs do cover. The exit status stays 0: nothing went wrong.
enum EmptySelection {
  /// The message (without `postsumm: `), or nil when the range holds Postfix lines.
  /// `logPeriod` is asked for only when it is needed (it reads the logs again).
  static func message(
    stats: LineStats, range: ClosedRange<Day>, spec: String, logPeriod: () -> LogPeriod
  ) -> String? {
    guard stats.postfix == 0 else { return nil }
    let selection = "the date range \(text(range.lowerBound, range.upperBound)) (-d \(spec))"
    guard stats.total > 0 else { return "no lines read, so none in \(selection)" }
    let read = "\(stats.total) \(stats.total == 1 ? "line" : "lines") read"
    let inRange = stats.total - stats.undated - stats.outOfRange
    var message =
      inRange == 0 ? "\(read), none of them in \(selection)" : "\(read), \(inRange) of them in \(selection) but none from Postfix"
    switch logPeriod() {
    case .covers(let first, let last): message += "; the logs cover \(text(first, last))"
    case .undated: message += "; none of them has a date postsumm reads"
    case .unknown: message += "; the period they cover is not known (standard input is read only once)"
    }
    return message
  }

  /// What the logs cover when no date range is applied.
  enum LogPeriod {
    case covers(Day, Day)
    case undated
    /// The input cannot be read a second time (standard input, a pipe).
    case unknown
  }

  private static func text(_ first: Day, _ last: Day) -> String {
    first == last ? first.iso : "\(first.iso) to \(last.iso)"
  }

  /// Whether the inputs can be read again: named regular files (or missing ones, which were
  /// read as nothing), not standard input or a pipe.
  static func canReread(_ files: [String]) -> Bool {
    !files.isEmpty
      && files.allSatisfy { path in
        var info = stat()
        guard path != "-" else { return false }
        return stat(path, &info) != 0 || info.st_mode & S_IFMT == S_IFREG
      }
  }
}
