/// A message entering the queue: smtpd's (or postscreen's, as pflogsumm reads it)
/// `client=HOST[IP][, sasl_method=…, sasl_username=LOGIN]`, or pickup's `uid=N from=<…>` /
/// `sender=…` for mail submitted on the server itself (sendmail, postdrop).
enum ReceiptLine: Equatable {
  /// `client=` — the client's `host[ip]` as logged (`^client=(.+?)(?:,|$)`), and the SASL login
  /// when the client authenticated (`sasl_username=`, as logged: a realm stays).
  case smtpd(client: Range<Int>, login: Range<Int>?)
  /// pickup's receipt of a locally submitted message; the submitting user's uid when logged.
  case pickup(uid: Range<Int>?)

  static func parse(_ line: Bytes, at p: Int, service: ServiceKind) -> ReceiptLine? {
    if service == .pickup && line.matches("uid=", at: p) {
      var e = p + 4
      while e < line.count, ASCII.isDigit(line[e]) { e += 1 }
      return .pickup(uid: e > p + 4 ? (p + 4)..<e : nil)
    }
    if service == .pickup && line.matches("sender=", at: p) { return .pickup(uid: nil) }
    guard line.matches("client=", at: p) else { return nil }
    let s = p + 7
    var e = line.count
    if s + 1 < line.count, let comma = line.index(of: ASCII.comma, from: s + 1) { e = comma }
    return .smtpd(client: s..<e, login: login(line, after: e))
  }

  /// `, sasl_username=LOGIN` after the client: up to the next `, ` or the end of the line.
  private static func login(_ line: Bytes, after e: Int) -> Range<Int>? {
    guard e < line.count, let at = line.index(of: ", sasl_username=", from: e) else { return nil }
    let s = at + 16
    var end = line.count
    if let next = line.index(of: ", ", from: s) { end = next }
    return end > s ? s..<end : nil
  }
}
