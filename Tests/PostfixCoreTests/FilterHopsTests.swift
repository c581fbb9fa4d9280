import Foundation
import LogInput
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// Content-filter hops counted once (`FilterHops`), on `Fixtures/hand/filter-hops.log`: every
/// shape of hop in its own hour — the usual order (the copy received before the hand-off),
/// amavis's reply and the copy received after it, a copy deferred and delivered before the
/// hand-off is logged, a hand-off that names no queue id (the Message-ID links), an LMTP list
/// manager sending a post out again (no hop), a relay on loopback answering with a remote id
/// (no hop), the local application's own mail through the filter, an alias expanded in a copy,
/// a "copy" received half an hour after the hand-off (no hop), and a hop across midnight. The
/// figures below are the submitters' as if there were no filter, worked out by hand from the
/// log's story.
@Suite("Content-filter hops")
struct FilterHopsTests {
  static let fixture = "hand/filter-hops.log"

  static func lines() -> [[UInt8]] {
    var lines: [[UInt8]] = []
    _ = LineReader(source: .file(FixturePaths.path(fixture)), prefetch: false).forEachLine { lines.append(Array($0)) }
    return lines
  }

  /// The fixture cut before the lines `cuts`, each piece a shard, merged in order and finished.
  static func summary(cuts: [Int] = []) -> Summary {
    let all = lines()
    let bounds = [0] + cuts + [all.count]
    let anchor = LogTimeAnchor(date: Day(year: 2026, month: 12, day: 31), secondOfDay: 0)
    var merged: Summary?
    for k in 0..<(bounds.count - 1) {
      var p = ParseOptions()
      p.trackSubmitters = true
      var parser = ShardParser(options: p, anchor: anchor, hasPredecessor: k > 0)
      for line in all[bounds[k]..<bounds[k + 1]] { line.withUnsafeBufferPointer { parser.consume($0) } }
      if merged == nil { merged = parser.summary } else { merged!.merge(parser.summary, options: p) }
    }
    var s = merged!
    s.finish()
    return s
  }

  static func rows(_ s: Summary) -> [SubmitterRow] {
    var o = ReportOptions()
    o.userCount = nil
    let report = ReportBuilder.build(s, options: o, meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
    return report.submitters?.rows ?? []
  }

  /// kind:name → messages, recipients, delivered, bounced, remote_blocked, relayed, deferred.
  static let expected: [String: [Int]] = [
    // 1A/1B (usual order; r2 bounced, blocklisted), 9A (its "copy" came 30 minutes later: a
    // final delivery).
    "login:alice@example.test": [2, 3, 2, 1, 1, 3, 0],
    // 2A/2B (amavis; the copy received after the hand-off, delivered locally).
    "login:bob": [1, 1, 1, 0, 0, 0, 0],
    // 3A/3B: the copy deferred and delivered before the hand-offs were logged.
    "local:33": [1, 2, 2, 0, 0, 2, 1],
    // 4A/4B (no `queued as`: linked by Message-ID), 6A (a remote id: a final delivery).
    "login:dave@example.test": [2, 2, 2, 0, 0, 2, 0],
    // AA/AB across midnight, AC direct.
    "login:erin@example.test": [2, 3, 3, 0, 0, 3, 0],
    // 5A: handed to the list manager over LMTP (not relayed, not a hop).
    "client:192.0.2.70": [1, 1, 1, 0, 0, 0, 0],
    // 5B (the list manager's post out, 3 recipients), 7A/7B (the application's mail through
    // the filter: one message), 9B (not 9A's copy).
    "client:127.0.0.1": [3, 5, 5, 0, 0, 5, 0],
    // 8A/8B: the copy's recipient is an alias (forwarded, not relayed).
    "client:192.0.2.80": [1, 1, 1, 0, 0, 0, 0],
    // 8C: the alias's forward, Postfix's own.
    "unknown:unknown": [1, 1, 1, 0, 0, 1, 0],
  ]

  static func check(_ rows: [SubmitterRow], _ label: String) {
    var seen: Set<String> = []
    for row in rows {
      let id = "\(row.kind):\(row.name)"
      seen.insert(id)
      guard let want = expected[id] else {
        Issue.record("\(label): unexpected submitter \(id)")
        continue
      }
      let got = [row.messages, row.recipients, row.delivered, row.bounced, row.remoteBlocked, row.relayed, row.deferred]
      #expect(got == want, "\(label): \(id) messages, recipients, delivered, bounced, remote_blocked, relayed, deferred")
    }
    #expect(seen == Set(expected.keys), "\(label): submitters")
  }

  @Test("every submitter counts as if there were no filter, in one shard")
  func oneShard() {
    Self.check(Self.rows(Self.summary()), "one shard")
  }

  @Test("the same, the log cut anywhere into two shards")
  func everyCut() {
    let n = Self.lines().count
    for cut in 0...n { Self.check(Self.rows(Self.summary(cuts: [cut])), "cut before line \(cut + 1)") }
  }

  @Test("the same, cut into many shards")
  func manyCuts() {
    var rng = SeededRandomNumberGenerator(seed: 15)
    let n = Self.lines().count
    for _ in 0..<40 {
      let cuts = (0..<Int.random(in: 2...8, using: &rng)).map { _ in Int.random(in: 0...n, using: &rng) }.sorted()
      Self.check(Self.rows(Self.summary(cuts: cuts)), "cuts \(cuts)")
    }
  }

  /// A copy's recipients count in the day and hour of its original's receipt.
  @Test("a copy's recipients count where its original was received")
  func cells() throws {
    let s = Self.summary()
    func id(_ key: String) throws -> Int32 {
      let keys = s.submitters.submitters.keys
      return Int32(try #require((0..<keys.count).first { keys.string(Int32($0)) == key }))
    }
    /// Messages in an hour of the day (the busiest hour's table).
    func perHour(_ who: Int32, _ hour: Int32) -> UInt64 {
      s.submitters.perHour[SubmitterSection.pair(who, hour)] ?? 0
    }
    /// Recipients on a day (the `high-volume` table).
    func perDay(_ who: Int32, _ day: Int) -> UInt64 {
      s.submitters.perDay[SubmitterSection.pair(who, SubmitterSection.ordinal(Day(year: 2026, month: 11, day: day)))] ?? 0
    }
    // bob's original 08:59:58, its copy 09:00:03 (linked before its receipt was confirmed).
    let bob = try id("lbob")
    #expect(perHour(bob, 8) == 1 && perHour(bob, 9) == 0)
    // www-data's original 09:59:58, its copy 10:00:01 (confirmed before it was linked).
    let www = try id("p33")
    #expect(perHour(www, 9) == 1 && perHour(www, 10) == 0)
    // erin's original Nov 26 23:59:58 (two recipients), its copy Nov 27 00:00:01; then a
    // direct message (one recipient).
    let erin = try id("lerin@example.test")
    #expect(perDay(erin, 26) == 2 && perDay(erin, 27) == 1)
    #expect(perHour(erin, 23) == 1 && perHour(erin, 0) == 1)
  }

  @Test("nothing is left waiting after the end")
  func settled() {
    #expect(Self.summary().submitters.hops.records.isEmpty)
    #expect(Self.summary(cuts: [30, 60]).submitters.hops.records.isEmpty)
  }

  /// The sides are settled as the log moves on, not kept to the end.
  @Test("sides are settled once the log has moved a window past them")
  func swept() {
    var p = ParseOptions()
    p.trackSubmitters = true
    var parser = ShardParser(options: p, anchor: LogTimeAnchor(date: Day(year: 2026, month: 12, day: 31), secondOfDay: 0), hasPredecessor: false)
    for line in Self.lines() { line.withUnsafeBufferPointer { parser.consume($0) } }
    // Only the last hour's are left: erin's (after midnight).
    let left = parser.summary.submitters.hops.records
    #expect(left.count <= 4, "\(left.keys.map(\.string))")
  }

  static let handOffs: [(String, String, Bool)] = [
    ("to=<a@b>, relay=127.0.0.1[127.0.0.1]:10025, delay=1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 0F355100184)", "smtp", true),
    ("to=<a@b>, relay=amavis[127.0.0.1]:10024, delay=1, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 4QJ8FB0vK5z9sYl)", "smtp", true),
    ("to=<a@b>, relay=localhost[::1]:10025, delay=1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ABC123)", "lmtp", true),
    // Without an id: smtp is linked by Message-ID; LMTP not at all.
    ("to=<a@b>, relay=127.0.0.1[127.0.0.1]:10026, delay=1, dsn=2.0.0, status=sent (250 OK)", "smtp", true),
    ("to=<a@b>, relay=127.0.0.1[127.0.0.1]:24, delay=1, dsn=2.0.0, status=sent (250 2.0.0 <a@b> Saved)", "lmtp", false),
    // Not on loopback (the rest of 127/8 too), or not sent.
    ("to=<a@b>, relay=mx.good.test[192.0.2.5]:25, delay=1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 0F355100184)", "smtp", false),
    ("to=<a@b>, relay=127.0.0.2[127.0.0.2]:25, delay=1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 0F355100184)", "smtp", false),
    ("to=<a@b>, relay=127.0.0.1[127.0.0.1]:10025, delay=1, dsn=4.0.0, status=deferred (connect to 127.0.0.1[127.0.0.1]:10025: Connection refused)", "smtp", false),
  ]

  @Test("which deliveries may be a filter's hop", arguments: handOffs)
  func handOff(_ line: String, _ daemon: String, _ expected: Bool) throws {
    let bytes = Array(line.utf8)
    let service = daemon == "smtp" ? ServiceKind.smtp : ServiceKind.other
    let found = try bytes.withBytes { b -> Bool in
      let d = try #require(DeliveryLine.parse(b, at: 0))
      return d.handOff(b, service, host: 0) != nil
    }
    #expect(found == expected)
  }

  /// The Message-ID hash is saved in aggregates: it must not depend on the run, the machine or
  /// where a word boundary falls, and ids one byte apart (every length around a word) differ.
  @Test("the Message-ID hash: fixed values, every length, each byte counted")
  func messageIDHash() {
    func hash(_ s: String) -> UInt32 { Array(s.utf8).withBytes { FilterHops.messageIDHash($0) } }
    #expect(hash("") != hash("a"))
    let base = "<0123456789abcdefghij@example>"
    var seen: Set<UInt32> = []
    for n in 0...base.utf8.count {
      let id = String(base.prefix(n))
      #expect(hash(id) <= MessageState.messageIDMask)
      seen.insert(hash(id))
      // One byte changed anywhere gives another hash.
      for k in 0..<n {
        var bytes = Array(id.utf8)
        bytes[k] ^= 1
        #expect(bytes.withBytes { FilterHops.messageIDHash($0) } != hash(id), "\(id) byte \(k)")
      }
    }
    #expect(seen.count == base.utf8.count + 1)
  }
}
