/// A message entering the queue: smtpd's (or postscreen's, as pflogsumm reads it)
/// `client=HOST[IP][, sasl_method=…, sasl_username=…]`, or pickup's `uid=N from=<…>` /
/// `sender=…` for mail submitted on the server itself (sendmail, postdrop).
enum ReceiptLine: Equatable {
  /// `client=` — the client's `host[ip]` as logged (`^client=(.+?)(?:,|$)`).
  case smtpd(client: Range<Int>)
  /// pickup's receipt of a locally submitted message.
  case pickup

  static func parse(_ line: Bytes, at p: Int, service: ServiceKind) -> ReceiptLine? {
    if service == .pickup && (line.matches("sender=", at: p) || line.matches("uid=", at: p)) { return .pickup }
    guard line.matches("client=", at: p) else { return nil }
    let s = p + 7
    var e = line.count
    if s + 1 < line.count, let comma = line.index(of: ASCII.comma, from: s + 1) { e = comma }
    return .smtpd(client: s..<e)
  }
}
