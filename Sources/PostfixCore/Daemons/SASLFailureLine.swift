/// smtpd's warning about a failed SASL authentication, a password guess:
/// `CLIENT: SASL MECHANISM authentication failed: REASON[, sasl_username=LOGIN]` (the text of a
/// `WarningLine`), where CLIENT is `host[ip]` and Postfix 3.7 and later append the login tried.
///
/// Not attempts, and so nil: Cyrus's own line without a client (`SASL authentication failure:
/// Password verification failed`, logged beside the attempt's), and the two replies that say
/// the server, not the client, failed or that no password was tried (`Connection lost to
/// authentication server`, `Invalid authentication mechanism`), which fail2ban's `auth` filter
/// leaves out for the same reason.
struct SASLFailureLine: Equatable {
  /// `host[ip]` as logged.
  var client: Range<Int>
  /// The login tried; nil when not logged (or logged empty).
  var login: Range<Int>?

  static func parse(_ line: Bytes, at textStart: Int) -> SASLFailureLine? {
    // The client is one word ending in ']' and a colon; most warnings fail at the first space.
    guard let space = line.index(of: ASCII.space, from: textStart), space > textStart + 3, line[space - 1] == ASCII.colon,
      line[space - 2] == ASCII.rbracket, line.matches("SASL ", at: space + 1)
    else { return nil }
    let mechanism = space + 6
    guard let mechanismEnd = line.index(of: ASCII.space, from: mechanism), mechanismEnd > mechanism,
      line.matches(" authentication failed:", at: mechanismEnd)
    else { return nil }
    let reason = line.skipSpaces(from: mechanismEnd + 23)
    if line.matches("Connection lost to authentication server", at: reason)
      || line.matches("Invalid authentication mechanism", at: reason)
    {
      return nil
    }
    var login: Range<Int>?
    // The first `, sasl_username=` after the reason: what follows is the login, to the end of
    // the line (a login may itself hold ", sasl_username=").
    if let at = line.index(of: ", sasl_username=", from: reason), at + 16 < line.count {
      login = (at + 16)..<line.count
    }
    return SASLFailureLine(client: textStart..<(space - 1), login: login)
  }
}
