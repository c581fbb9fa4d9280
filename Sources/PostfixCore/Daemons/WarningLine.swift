/// `warning: TEXT`, `fatal: TEXT`, `panic: TEXT` from any daemon — read before anything else,
/// as pflogsumm does, so a warning from smtpd is never taken for one of smtpd's own lines.
struct WarningLine: Equatable {
  enum Severity: Equatable {
    case warning, fatal, panic
  }

  var severity: Severity
  /// Where the text starts (after the word and its white space); it runs to the end of the line.
  var textStart: Int

  /// nil when the message at `p` is not one of the three, or has no text after the word.
  static func parse(_ line: Bytes, at p: Int) -> WarningLine? {
    guard mayBeWarning(line, p) else { return nil }
    let severity: Severity
    let wordEnd: Int
    if line.matches("warning:", at: p) {
      (severity, wordEnd) = (.warning, p + 8)
    } else if line.matches("fatal:", at: p) {
      (severity, wordEnd) = (.fatal, p + 6)
    } else if line.matches("panic:", at: p) {
      (severity, wordEnd) = (.panic, p + 6)
    } else {
      return nil
    }
    let textStart = line.skipSpaces(from: wordEnd)
    guard textStart > wordEnd, textStart < line.count else { return nil }
    return WarningLine(severity: severity, textStart: textStart)
  }

  /// Whether the message may start with `warning:`, `fatal:` or `panic:`: all three have an
  /// 'a' second, which few other messages have (`from=<`, every qmgr line's start, shares the
  /// 'f'), so one or two byte compares keep nearly every line out of the full check.
  @inline(__always)
  private static func mayBeWarning(_ line: Bytes, _ p: Int) -> Bool {
    guard p + 1 < line.count, line[p + 1] == 0x61 else { return false }  // 'a'
    let first = line[p]
    return first == 0x77 || first == 0x66 || first == 0x70  // 'w', 'f', 'p'
  }
}
