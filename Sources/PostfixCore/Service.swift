/// The Postfix daemons whose lines mean something to the summary; everything else is `.other`
/// and only contributes warnings, fatals and panics.
enum ServiceKind: Equatable {
  case smtpd, postscreen, pickup, cleanup, qmgr, smtp, master, other
}

/// A daemon name as logged plus its kind.
struct Service {
  /// Other daemons that log often: their names come from this list instead of a new string
  /// per line.
  private static let others: [String] = [
    "local", "virtual", "lmtp", "pipe", "error", "bounce", "defer", "trace", "anvil", "scache",
    "tlsmgr", "tlsproxy", "dnsblog", "postsuper", "verify", "trivial-rewrite", "proxymap",
    "sendmail", "postdrop", "flush", "discard", "retry", "showq", "postfix-script", "postlog",
    "postmap", "oqmgr", "spawn", "qmqpd", "postqueue",
  ]

  private static func knownName(_ line: Bytes, _ range: Range<Int>) -> String? {
    for candidate in others where candidate.utf8.count == range.count {
      if candidate.utf8.elementsEqual(UnsafeBufferPointer(rebasing: line[range])) { return candidate }
    }
    return nil
  }

  var kind: ServiceKind
  var name: String

  init(_ line: Bytes, _ range: Range<Int>) {
    let n = range.count
    let s = range.lowerBound
    switch n {
    case 4 where line.matches("smtp", at: s): kind = .smtp; name = "smtp"
    case 4 where line.matches("qmgr", at: s): kind = .qmgr; name = "qmgr"
    case 5 where line.matches("smtpd", at: s): kind = .smtpd; name = "smtpd"
    case 5 where line.matches("nqmgr", at: s): kind = .qmgr; name = "nqmgr"
    case 6 where line.matches("pickup", at: s): kind = .pickup; name = "pickup"
    case 6 where line.matches("master", at: s): kind = .master; name = "master"
    case 7 where line.matches("cleanup", at: s): kind = .cleanup; name = "cleanup"
    case 10 where line.matches("postscreen", at: s): kind = .postscreen; name = "postscreen"
    default:
      kind = .other
      name = Self.knownName(line, range) ?? line.string(range)
    }
  }
}
