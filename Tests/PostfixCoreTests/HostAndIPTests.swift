import Foundation
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// `HostAndIP`: one reading of Postfix's `host[ip]` for smtpd's `client=`, the abuse tables'
/// clients and the relays of deliveries — and both of its call sites read it the same way.
@Suite("host[ip]")
struct HostAndIPTests {
  static let splits: [(String, String, String)] = [
    ("mx.partner.test[192.0.2.70]", "mx.partner.test", "192.0.2.70"),
    ("unknown[2001:db8::1]", "unknown", "2001:db8::1"),
    // smtpd_client_port_logging = yes: the port after the brackets.
    ("mx.partner.test[192.0.2.70]:52314", "mx.partner.test", "192.0.2.70"),
    ("127.0.0.1[127.0.0.1]:10025", "127.0.0.1", "127.0.0.1"),
    ("[192.0.2.5]", "", "192.0.2.5"),
    ("[192.0.2.5]:25", "", "192.0.2.5"),
    // The last brackets hold the IP.
    ("odd[x]name[192.0.2.9]", "odd[x]name", "192.0.2.9"),
    // No IP to be found: the whole text stands for it.
    ("192.0.2.1", "", "192.0.2.1"),
    ("host[]", "", "host[]"),
    ("host]x[", "", "host]x["),
    ("", "", ""),
  ]

  @Test("the IP is in the last brackets, the host before them", arguments: splits)
  func split(_ text: String, _ host: String, _ ip: String) {
    let (h, i) = Array(text.utf8).withBytes { HostAndIP.strings($0) }
    #expect(h == host && i == ip)
  }

  static let loopbacks: [(String, Bool)] = [
    ("127.0.0.1[127.0.0.1]:10025", true),
    ("amavis[127.0.0.1]:10024", true),
    ("localhost[::1]:10025", true),
    ("[::ffff:127.0.0.1]:25", true),
    ("localhost", true),
    ("127.0.0.1", true),
    // The rest of 127/8 is not this machine's loopback here (test networks use it).
    ("127.0.0.2[127.0.0.2]:25", false),
    ("localhost[192.0.2.1]:25", false),
    ("mx.example.com[192.0.2.1]:25", false),
    ("local", false),
    ("LOCALHOST", false),
    ("localhostx", false),
    ("[127.0.0.1]x", false),  // not a relay Postfix writes: ending in a letter, it is a name
    ("", false),
    // Only the last brackets count, and only all of what is in them.
    ("[127.0.0.1]", true),
    ("a[b][::1]", true),
    ("x[1127.0.0.1]:25", false),
    ("x[127.0.0.1]y[::2]:25", false),
    ("[]", false),
    ("127.0.0.1]", false),
    ("[127.0.0.1", false),
  ]

  @Test("loopback relays and clients", arguments: loopbacks)
  func loopback(_ text: String, _ expected: Bool) {
    #expect(Array(text.utf8).withBytes { HostAndIP.isLoopback($0) } == expected)
  }

  static func report(_ lines: [String]) -> Report {
    var p = ParseOptions()
    p.trackSubmitters = true
    var parser = ShardParser(options: p, anchor: LogTimeAnchor(date: Day(year: 2026, month: 12, day: 31), secondOfDay: 0), hasPredecessor: false)
    for line in lines { Array(line.utf8).withBytes { parser.consume($0) } }
    var s = parser.summary
    s.finish()
    return ReportBuilder.build(s, options: ReportOptions(), meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
  }

  /// With `smtpd_client_port_logging = yes`, a receipt's client and a reject's both end in
  /// `:port`: the submitter is still the IP (its host beside it), the abuse row too.
  @Test("a submitter and an abuse row read a client with a port alike")
  func callSites() throws {
    let report = Self.report([
      "Nov 26 10:00:00 mail postfix/smtpd[1]: 1A2B3C4D5E: client=mx.partner.test[192.0.2.70]:52314",
      "Nov 26 10:00:01 mail postfix/qmgr[2]: 1A2B3C4D5E: from=<a@partner.test>, size=100, nrcpt=1 (queue active)",
      "Nov 26 10:00:02 mail postfix/local[3]: 1A2B3C4D5E: to=<b@example.test>, relay=local, delay=1, dsn=2.0.0, status=sent (delivered to mailbox)",
      "Nov 26 10:00:03 mail postfix/smtpd[1]: 2A2B3C4D5E: client=unknown[192.0.2.71]",
      "Nov 26 10:00:04 mail postfix/qmgr[2]: 2A2B3C4D5E: from=<c@partner.test>, size=100, nrcpt=1 (queue active)",
      "Nov 26 10:01:00 mail postfix/smtpd[1]: NOQUEUE: reject: RCPT from prober.test[192.0.2.99]:40001: 554 5.7.1 <x@far.test>: Relay access denied; from=<a@b.test> to=<x@far.test> proto=ESMTP helo=<h>",
    ])
    let rows = try #require(report.submitters?.rows)
    let partner = try #require(rows.first { $0.name == "192.0.2.70" })
    #expect(partner.kind == "client" && partner.host == "mx.partner.test" && partner.messages == 1)
    // Never a name but `unknown`: shown as such.
    #expect(rows.first { $0.name == "192.0.2.71" }?.host == "unknown")
    let denied = try #require(report.relayDenied.rows.first)
    #expect(denied.client == "192.0.2.99" && denied.host == "prober.test" && denied.attempts == 1)
  }

  /// The host beside a client's IP is the first name other than `unknown` in log order, in one
  /// shard or split.
  @Test("a client's host name: the first logged other than unknown")
  func firstName() throws {
    let lines = [
      "Nov 26 10:00:00 mail postfix/smtpd[1]: 1A2B3C4D51: client=unknown[192.0.2.70]",
      "Nov 26 10:00:00 mail postfix/qmgr[2]: 1A2B3C4D51: from=<a@partner.test>, size=100, nrcpt=1 (queue active)",
      "Nov 26 10:00:01 mail postfix/smtpd[1]: 1A2B3C4D52: client=mx2.partner.test[192.0.2.70]",
      "Nov 26 10:00:01 mail postfix/qmgr[2]: 1A2B3C4D52: from=<a@partner.test>, size=100, nrcpt=1 (queue active)",
      "Nov 26 10:00:02 mail postfix/smtpd[1]: 1A2B3C4D53: client=mx1.partner.test[192.0.2.70]",
      "Nov 26 10:00:02 mail postfix/qmgr[2]: 1A2B3C4D53: from=<a@partner.test>, size=100, nrcpt=1 (queue active)",
    ]
    for cut in 0...lines.count {
      var p = ParseOptions()
      p.trackSubmitters = true
      let anchor = LogTimeAnchor(date: Day(year: 2026, month: 12, day: 31), secondOfDay: 0)
      var a = ShardParser(options: p, anchor: anchor, hasPredecessor: false)
      var b = ShardParser(options: p, anchor: anchor, hasPredecessor: true)
      for line in lines[..<cut] { Array(line.utf8).withBytes { a.consume($0) } }
      for line in lines[cut...] { Array(line.utf8).withBytes { b.consume($0) } }
      var s = a.summary
      s.merge(b.summary, options: p)
      s.finish()
      let report = ReportBuilder.build(s, options: ReportOptions(), meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
      #expect(report.submitters?.rows.first { $0.name == "192.0.2.70" }?.host == "mx2.partner.test", "cut \(cut)")
    }
  }
}
