/// The Postfix daemons whose lines mean something to the summary; everything else is `.other`
/// and only contributes warnings, fatals and panics.
enum ServiceKind: Equatable {
  case smtpd, postscreen, pickup, cleanup, qmgr, smtp, master, other
}

/// A daemon's kind, from its name as logged. The name itself is made only when something is
/// stored under it (`name(_:_:)`): a tag then holds no string, so handing it around costs
/// nothing on lines that never need the name.
struct Service {
  /// A name in the table of other daemons: its bytes, to compare with the line's, and the
  /// string a service keeps (made once, with the table).
  private struct KnownName {
    var bytes: StaticString
    var text: String
  }

  /// Other daemons that log often, by the length of their names: a line's name is compared
  /// with the few of its length, and the service keeps the table's string instead of a new
  /// one decoded from the line.
  private static let othersByLength: [[KnownName]] = {
    let others: [StaticString] = [
      "local", "virtual", "lmtp", "pipe", "error", "bounce", "defer", "trace", "anvil", "scache",
      "tlsmgr", "tlsproxy", "dnsblog", "postsuper", "verify", "trivial-rewrite", "proxymap",
      "sendmail", "postdrop", "flush", "discard", "retry", "showq", "postfix-script", "postlog",
      "postmap", "oqmgr", "spawn", "qmqpd", "postqueue",
    ]
    // `max()!`: the list is not empty.
    var table = [[KnownName]](repeating: [], count: 1 + others.map(\.utf8CodeUnitCount).max()!)
    for name in others { table[name.utf8CodeUnitCount].append(KnownName(bytes: name, text: name.description)) }
    return table
  }()

  private static func knownName(_ line: Bytes, _ range: Range<Int>) -> String? {
    let table = othersByLength
    guard range.count < table.count else { return nil }
    let candidates = table[range.count]
    for k in candidates.indices where line.matches(candidates[k].bytes, at: range.lowerBound) {
      return candidates[k].text
    }
    return nil
  }

  var kind: ServiceKind

  /// The kind of the daemon named by `line[range]`.
  init(_ line: Bytes, _ range: Range<Int>) {
    let n = range.count
    let s = range.lowerBound
    switch n {
    case 4 where line.matches("smtp", at: s): kind = .smtp
    case 4 where line.matches("qmgr", at: s): kind = .qmgr
    case 5 where line.matches("smtpd", at: s): kind = .smtpd
    case 5 where line.matches("nqmgr", at: s): kind = .qmgr
    case 6 where line.matches("pickup", at: s): kind = .pickup
    case 6 where line.matches("master", at: s): kind = .master
    case 7 where line.matches("cleanup", at: s): kind = .cleanup
    case 10 where line.matches("postscreen", at: s): kind = .postscreen
    default: kind = .other
    }
  }

  /// The name as logged (`line[range]`, the range this service was read from; invalid UTF-8
  /// as U+FFFD), as the reports keep it.
  func name(_ line: Bytes, _ range: Range<Int>) -> String {
    switch kind {
    case .smtp: "smtp"
    case .qmgr: range.count == 4 ? "qmgr" : "nqmgr"
    case .smtpd: "smtpd"
    case .pickup: "pickup"
    case .master: "master"
    case .cleanup: "cleanup"
    case .postscreen: "postscreen"
    case .other: Self.knownName(line, range) ?? line.string(range)
    }
  }
}
