/// smtp's `connect to HOST[IP]:PORT: REASON` (or the older `… (port N)` form): the "SMTP
/// Exceptions" report.
struct SmtpLine: Equatable {
  /// The reason, as logged.
  var message: String
  /// `HOST[IP]`.
  var destination: Range<Int>

  static func parse(_ line: Bytes, at p: Int) -> SmtpLine? {
    guard line.matches("connect to", at: p) else { return nil }
    let hs = line.skipSpaces(from: p + 10)
    guard hs > p + 10, let close = line.index(of: ASCII.rbracket, from: hs), close > hs else { return nil }
    // ^connect to\s+([^\]]+\]): (.+?) \(port \d+\)$
    if line.matches(": ", at: close + 1), line.hasSuffix(")"), let portAt = line.lastIndex(of: " (port ", from: close + 4),
      let d = line.decimal(at: portAt + 7), d.end == line.count - 1
    {
      return SmtpLine(message: line.string((close + 3)..<portAt), destination: hs..<(close + 1))
    }
    // ^connect to\s+([^\]]+\]):\d+:\s+(.+)$
    if close + 1 < line.count, line[close + 1] == ASCII.colon, let (_, e) = line.decimal(at: close + 2), e < line.count,
      line[e] == ASCII.colon
    {
      let ms = line.skipSpaces(from: e + 1)
      if ms > e + 1, ms < line.count { return SmtpLine(message: line.string(from: ms), destination: hs..<(close + 1)) }
    }
    return nil
  }
}
