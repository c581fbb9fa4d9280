import Foundation
import LogInput
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// Who is sending, on real Postfix logs of known actors (Fixtures/real/actors: a hijacked login,
/// a hacked web script, an open-relay abuser, an honest newsletter, honest users): every
/// submitter's figures as the actors' own record says (`expected.json`, written without reading
/// the log), and exactly the culprits flagged.
@Suite("Submitters and findings")
struct SubmitterTests {
  static func expected(_ set: String) throws -> [String: Any] {
    let data = try #require(FileManager.default.contents(atPath: FixturePaths.path("real/\(set)/expected.json")))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  /// The set read oldest file first, as one shard or cut into `pieces` shards merged in order.
  static func report(_ set: String, pieces: Int = 1) -> Report {
    let files = RotationOrder.sorted(FixturePaths.files(in: "real/\(set)").filter { $0.contains("mail.log") })
    var lines: [[UInt8]] = []
    for f in files { _ = LineReader(source: .file(f), prefetch: false).forEachLine { lines.append(Array($0)) } }
    let anchor = LogTimeAnchor(date: Day(year: 2026, month: 10, day: 31), secondOfDay: 0)
    var merged: Summary?
    for k in 0..<pieces {
      let slice = lines[(lines.count * k / pieces)..<(lines.count * (k + 1) / pieces)]
      var p = ParseOptions()
      p.trackSubmitters = true
      var parser = ShardParser(options: p, anchor: anchor, hasPredecessor: k > 0)
      for line in slice { line.withUnsafeBufferPointer { parser.consume($0) } }
      if merged == nil { merged = parser.summary } else { merged!.merge(parser.summary, options: ParseOptions()) }
    }
    var s = merged!
    s.finish()
    var o = ReportOptions()
    o.userCount = nil
    return ReportBuilder.build(s, options: o, meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
  }

  static var figures: [(String, KeyPath<SubmitterRow, Int>)] { [
    ("messages", \.messages), ("recipients", \.recipients), ("delivered", \.delivered), ("bounced", \.bounced),
    ("remote_blocked", \.remoteBlocked), ("relayed", \.relayed), ("client_ips", \.clientIPs),
    ("client_networks", \.clientNetworks), ("deferred", \.deferred),
  ] }

  @Test("every actor's figures, as one shard and cut into shards", arguments: ["actors", "actors-filter"], [1, 4])
  func figuresOfEveryActor(set: String, pieces: Int) throws {
    let truth = try Self.expected(set)
    let rows = try #require(Self.report(set, pieces: pieces).submitters?.rows)
    let submitters = try #require(truth["submitters"] as? [[String: Any]])
    for s in submitters {
      let kind = try #require(s["kind"] as? String)
      let name = try #require(s["name"] as? String)
      guard let row = rows.first(where: { $0.kind == kind && $0.name == name }) else {
        Issue.record("\(kind):\(name) missing")
        continue
      }
      for (key, path) in Self.figures {
        guard let want = s[key] as? Int else { continue }
        #expect(row[keyPath: path] == want, "\(kind):\(name) \(key)")
      }
      // A client's host name beside its IP, as smtpd logged it.
      #expect(row.host == (kind == "client" ? s["host"] as? String : nil), "\(kind):\(name) host")
      // The distinct figures and the busiest hour are kept for logins and local users only.
      let detail = kind == "login" || kind == "local"
      #expect(row.distinctRecipients == (detail ? s["distinct_recipients"] as? Int : nil), "\(kind):\(name) distinct_recipients")
      #expect(row.recipientDomains == (detail ? s["recipient_domains"] as? Int : nil), "\(kind):\(name) recipient_domains")
      #expect(row.envelopeSenders == (detail ? (s["envelope_senders"] as? [String])?.count : nil), "\(kind):\(name) envelope_senders")
      if detail, let hour = s["busiest_hour"] as? Int { #expect(row.busiestHour == hour, "\(kind):\(name) busiest_hour") }
    }
    // No one else: through the filter loop, no re-injected copy is a submitter of its own (a
    // new message of the client 127.0.0.1). Postfix's own mail is `unknown`'s.
    let listed = Set(try submitters.map { "\(try #require($0["kind"] as? String)):\(try #require($0["name"] as? String))" })
    #expect(Set(rows.filter { $0.kind != "unknown" }.map { "\($0.kind):\($0.name)" }) == listed)
  }

  /// The same plan played without and with the filter loop: every row but its bytes (Postfix's
  /// `size=` counts the headers it adds, and the dates differ) is the same, `unknown`'s
  /// (Postfix's own bounce notices and alias forwards) included.
  @Test("the content filter changes no submitter's figure")
  func filterChangesNothing() throws {
    func rows(_ set: String) throws -> [String: SubmitterRow] {
      var byName: [String: SubmitterRow] = [:]
      for var row in try #require(Self.report(set).submitters?.rows) {
        row.bytes = 0
        byName["\(row.kind):\(row.name)"] = row
      }
      return byName
    }
    let plain = try rows("actors")
    let filtered = try rows("actors-filter")
    #expect(Set(plain.keys) == Set(filtered.keys))
    for (id, row) in plain { #expect(filtered[id] == row, "\(id)") }
    #expect(Self.report("actors").findings == Self.report("actors-filter").findings)
  }

  @Test("exactly the culprits are flagged, each flag as the actors' record says", arguments: ["actors", "actors-filter"])
  func exactlyTheCulprits(set: String) throws {
    let truth = try Self.expected(set)
    let flagged = try #require(truth["flagged"] as? [String: [String]])
    let report = Self.report(set)
    var found: [String: Set<String>] = [:]
    for f in report.findings { found[f.flag, default: []].insert("\(f.kind):\(f.name)") }
    for (flag, who) in flagged { #expect(found[flag] == Set(who), "\(flag)") }
    #expect(Set(found.keys) == Set(flagged.keys))
    let honest = try #require(truth["not_flagged"] as? [String])
    for row in report.submitters?.rows ?? [] where honest.contains("\(row.kind):\(row.name)") {
      #expect(row.flags.isEmpty, "\(row.kind):\(row.name) flagged \(row.flags)")
    }
  }

  static let remoteReplies: [(String, Bool)] = [
    ("host mx.blocked.test[127.0.0.1] said: 554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org", true),
    ("host mx.bigmail.test[127.0.0.1] said: 550 5.7.1 Our system has detected that this message is likely unsolicited mail.", true),
    ("host mx.example.com[192.0.2.1] said: 550 5.7.1 Message rejected due to poor sender reputation", true),
    ("host mx.example.com[192.0.2.1] said: 554 5.7.1 Rejected: IP listed at bl.spamcop.net", true),
    ("host mx.hard.test[127.0.0.1] said: 550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table", false),
    ("unknown user: \"newsletter\"", false),
    ("host mx.example.com[192.0.2.1] said: 552 5.2.2 Mailbox full", false),
    // Case, a phrase ending the reply, and one cut short by the end.
    ("host mx.example.com[192.0.2.1] said: 550 5.7.1 LISTED IN SpamHaus SBL", true),
    ("host mx.example.com[192.0.2.1] said: 550 5.7.1 see RBL", true),
    ("host mx.example.com[192.0.2.1] said: 550 5.1.1 mailbox unavailable (black lis", false),
    ("", false),
  ]

  @Test("remote replies that cite a blocklist, spam or reputation", arguments: remoteReplies)
  func remoteBlocked(reply: String, blocked: Bool) {
    #expect(Array(reply.utf8).withBytes { RemoteBlockRules.citesBlocking($0) } == blocked)
  }

  /// A submitter's recipients by day go through its open day (`Counts.openDay`): statuses of
  /// messages received on other days (late deliveries, midnight) close it and open another;
  /// settled, the day table holds each day's whole count, and the counters compare as before.
  @Test("recipients by day through the open day: any order of days, settled")
  func openDays() {
    var section = SubmitterSection()
    section.isTracking = true
    let a = Array("alice".utf8).withBytes { section.id(.login, $0) }
    let b = Array("192.0.2.7".utf8).withBytes { section.id(.client, $0) }
    func cell(_ d: Int) -> Cell { Cell(day: Day(year: 2026, month: 11, day: d), hour: 3) }
    let days = [(a, 16), (a, 16), (b, 16), (a, 17), (a, 16), (b, 17), (a, 17), (a, 17), (b, 16)]
    for (s, d) in days {
      section.countRecipient(s, recipient: 0, domain: nil, delivered: true, relayed: false, blocked: false, in: cell(d))
    }
    section.countRecipient(a, recipient: 0, domain: nil, delivered: false, relayed: false, blocked: false, in: nil)
    #expect(section.hasOpenDays)
    section.settleOpenDays()
    #expect(!section.hasOpenDays)
    func perDay(_ s: Int32, _ d: Int) -> UInt64? { section.perDay[SubmitterSection.pair(s, SubmitterSection.ordinal(cell(d).day))] }
    #expect(perDay(a, 16) == 3 && perDay(a, 17) == 3)
    #expect(perDay(b, 16) == 2 && perDay(b, 17) == 1)
    #expect(section.perDay.count == 4)
    #expect(section.submitters[a].recipients == 7 && section.submitters[a].bounced == 1)
    var settledAgain = section
    settledAgain.settleOpenDays()
    #expect(settledAgain.perDay[SubmitterSection.pair(a, SubmitterSection.ordinal(cell(16).day))] == 3, "settling twice adds nothing")
  }

  @Test("whether a submitter's distinct figures are kept follows its kind: as added, merged, saved and read back")
  func detailFollowsKind() throws {
    func marksMatchKinds(_ t: SubmitterSection) -> Bool {
      (0..<Int32(t.submitters.count)).allSatisfy { s in
        let kind = t.submitters.keys.withBytes(s) { SubmitterSection.Kind(rawValue: $0[0]) }
        return t.keepsDetail(s) == (kind == .login || kind == .local)
      }
    }
    var a = SubmitterSection()
    a.isTracking = true
    for (kind, name) in [(SubmitterSection.Kind.login, "alice"), (.client, "192.0.2.7"), (.local, "33")] {
      _ = Array(name.utf8).withBytes { a.id(kind, $0) }
    }
    _ = a.unknownID()
    #expect(a.keepsDetail(0) && !a.keepsDetail(1) && a.keepsDetail(2) && !a.keepsDetail(3))
    var b = SubmitterSection()
    b.isTracking = true
    for (kind, name) in [(SubmitterSection.Kind.client, "198.51.100.1"), (.login, "bob"), (.client, "192.0.2.7")] {
      _ = Array(name.utf8).withBytes { b.id(kind, $0) }
    }
    var merged = a
    _ = merged.mergeTables(b)
    #expect(merged.submitters.count == 6 && marksMatchKinds(merged))
    var empty = SubmitterSection()
    _ = empty.mergeTables(b)
    #expect(marksMatchKinds(empty))
    // Saved and read back: the marks are not saved, the kinds are.
    var p = ParseOptions()
    p.trackSubmitters = true
    var parser = ShardParser(options: p, anchor: LogTimeAnchor(date: Day(year: 2026, month: 10, day: 31), secondOfDay: 0), hasPredecessor: false)
    let files = RotationOrder.sorted(FixturePaths.files(in: "real/actors").filter { $0.contains("mail.log") })
    for f in files { _ = LineReader(source: .file(f), prefetch: false).forEachLine { parser.consume($0) } }
    let read = try Summary(aggregateBytes: parser.summary.aggregateBytes())
    #expect(read.submitters.submitters.count == parser.summary.submitters.submitters.count)
    #expect((0..<Int32(read.submitters.submitters.count)).contains { read.submitters.keepsDetail($0) })
    #expect(marksMatchKinds(read.submitters) && marksMatchKinds(parser.summary.submitters))
  }

  /// The one-pass search against the plain reading (lower-case the reply, look for each
  /// phrase), on replies pieced together from fragments of the phrases in either case.
  @Test("remote-block phrases: the fast search finds what a plain search finds")
  func remoteBlockedLikePlainSearch() {
    #expect(RemoteBlockRules.phrases.count <= 32)
    for phrase in RemoteBlockRules.phrases {
      #expect(phrase.count >= 3 && phrase == phrase.map(ASCII.lower))
    }
    let fragments = ["bl", "ock", "ack", " list", "list", "Spam", "SPAM", "haus", "rb", "RBL", "l", "x", " ", "Listed", " in", " at",
                     "bulk", " mail", "uns", "olicited", "junk", "repu", "tation", "dns", "deny", "sor", "bs", "(", "5.7.1 "]
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    var found = 0
    for _ in 0..<2000 {
      var reply = ""
      for _ in 0..<(1 + Int(state % 7)) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        reply += fragments[Int(state >> 33) % fragments.count]
      }
      let lowered = Array(reply.lowercased().utf8)
      let plain = RemoteBlockRules.phrases.contains { p in
        lowered.count >= p.count && (0...(lowered.count - p.count)).contains { Array(lowered[$0..<($0 + p.count)]) == p }
      }
      if plain { found += 1 }
      #expect(Array(reply.utf8).withBytes { RemoteBlockRules.citesBlocking($0) } == plain, "\(reply)")
    }
    #expect(found > 100 && found < 1900)  // both answers were asked for
  }
}
