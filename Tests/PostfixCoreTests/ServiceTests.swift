import Testing

@testable import PostfixCore

/// `Service`: the daemon name of a line's tag, its kind, and the name kept for the report.
@Suite("Daemon names")
struct ServiceTests {
  /// The kind and name of the service `name` as it stands in a tag (bytes before and after it).
  static func service(_ name: [UInt8]) -> (kind: ServiceKind, name: String) {
    let tag = Array("postfix/".utf8) + name + Array("[1]:".utf8)
    return tag.withBytes { b in
      let range = 8..<(8 + name.count)
      let s = Service(b, range)
      return (s.kind, s.name(b, range))
    }
  }

  @Test("the daemons with rules of their own")
  func kinds() {
    let known: [(String, ServiceKind)] = [
      ("smtp", .smtp), ("qmgr", .qmgr), ("smtpd", .smtpd), ("nqmgr", .qmgr), ("pickup", .pickup), ("master", .master),
      ("cleanup", .cleanup), ("postscreen", .postscreen),
    ]
    for (name, kind) in known {
      let s = Self.service(Array(name.utf8))
      #expect(s.kind == kind && s.name == name, "\(name)")
    }
  }

  @Test("every other name is kept as logged (invalid UTF-8 as U+FFFD)")
  func otherNames() {
    let names = [
      "local", "virtual", "lmtp", "pipe", "error", "bounce", "defer", "trace", "anvil", "scache", "tlsmgr", "tlsproxy",
      "dnsblog", "postsuper", "verify", "trivial-rewrite", "proxymap", "sendmail", "postdrop", "flush", "discard", "retry",
      "showq", "postfix-script", "postlog", "postmap", "oqmgr", "spawn", "qmqpd", "postqueue",
      // Near the known names, and longer than any of them.
      "smtpx", "smtpds", "Smtpd", "postscreen2", "local2", "loca", "trivial-rewritex", "a-daemon-of-twenty-six-bytes",
    ]
    for name in names {
      let s = Self.service(Array(name.utf8))
      #expect(s.kind == .other && s.name == name, "\(name)")
    }
    let odd = Self.service(Array("lo".utf8) + [0xFF] + Array("al".utf8))
    #expect(odd.kind == .other && odd.name == "lo\u{FFFD}al")
  }
}
