/// Lines that carry nothing for the summary: they are neither counted nor "unrecognised"
/// (`--unprocd-file`).
enum KnownNoise {
  /// Whether the message at `p` is one of them.
  static func matches(_ line: Bytes, at p: Int) -> Bool {
    guard p < line.count else { return false }
    for prefix in byFirstByte[Int(line[p])] where line.matches(prefix, at: p) {
      return true
    }
    return false
  }

  /// Message beginnings of common lines that carry nothing for the summary (they are neither
  /// counted nor "unrecognised"), bucketed by first byte so that a line checks only a few.
  private static let byFirstByte: [[StaticString]] = {
    let all: [StaticString] = [
      "message-id=", "connect from ", "disconnect from ", "lost connection after ", "timeout after ",
      "Anonymous TLS connection", "Trusted TLS connection", "Untrusted TLS connection", "Verified TLS connection",
      "statistics: ", "sender non-delivery notification", "sender delivery status notification",
      "postmaster non-delivery notification", "too many errors after ", "improper command pipelining",
      "setting up TLS connection", "initializing the ", "SSL_accept", "TLS SNI", "daemon started", "reload ",
      "starting the Postfix", "stopping the Postfix", "refreshing the Postfix", "terminating on signal",
      "Postfix is running", "released from hold", "placed on hold", "requeued", "removed", "redirect:",
      "filter:", "info: ", "replace: ", "prepend: ", "client=", "uid=", "sender=", "from=<", "CONNECT from",
      "PASS ", "DISCONNECT", "NOQUEUE", "host ", "connect to ", "conversation with ", "SMTPUTF8", "pickup",
      "dnsblog", "addr ", "cache ", "NON-SMTP", "COMMAND", "PREGREET", "HANGUP", "WHITELIST", "ALLOWLIST",
      "BLACKLIST", "DENYLIST", "DNSBL", "mail ", "skipped", "deferred", "250 ",
    ]
    var buckets = [[StaticString]](repeating: [], count: 256)
    for p in all { buckets[Int(p.utf8Start[0])].append(p) }
    return buckets
  }()
}
