import Foundation
import LogInput
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// The abuse tables on real Postfix logs with known culprits (Fixtures/real/actors and
/// actors-filter): the password guesser and bob's mistyped password, the relay prober, and
/// the smtpd rejects, checked against the sets' `expected.json` — ground truth written from the
/// plan that drove Postfix, never from the log — whole, and split into shards at random.
@Suite("Abuse tables on the actor fixtures")
struct AbuseSectionTests {
  static let sets = ["real/actors", "real/actors-filter"]

  /// The set's log lines, oldest file first (its `expected.json` and README.md left out).
  static func lines(_ set: String) -> [[UInt8]] {
    let logs = FixturePaths.files(in: set).filter { ($0 as NSString).lastPathComponent.hasPrefix("mail.log") }
    var all: [[UInt8]] = []
    for f in RotationOrder.sorted(logs) {
      _ = LineReader(source: .file(f), prefetch: false).forEachLine { all.append(Array($0)) }
    }
    return all
  }

  static func report(_ set: String, cuts: [Int]? = nil) -> Report {
    let lines = Self.lines(set)
    let slices = cuts.map { c in (0..<(c.count - 1)).map { lines[c[$0]..<c[$0 + 1]] } } ?? [lines[...]]
    var merged: Summary?
    for (k, slice) in slices.enumerated() {
      let part = SplitMergeTests.parse(slice, hasPredecessor: k > 0)
      if merged == nil { merged = part } else { merged!.merge(part, options: SplitMergeTests.options().0) }
    }
    return SplitMergeTests.report(merged!)
  }

  static func expected(_ set: String) throws -> JSONValue {
    try JSONValue.parse(try #require(FixturePaths.read(set + "/expected.json")))
  }

  /// The expected rows of `key` as the report shows them: client, host, attempts, distinct,
  /// and the first and last day; and by client, the things tried.
  static func expectedRows(_ truth: JSONValue, _ key: String, tried: String, distinct: String) -> (rows: [String], tried: [String: Set<String>]) {
    var names: [String: Set<String>] = [:]
    let rows = (truth[key]?.array ?? []).map { r in
      let client = r["client"]?.string ?? "?"
      names[client] = Set((r[tried]?.array ?? []).compactMap(\.string))
      let days = (r["days"]?.array ?? []).compactMap(\.string)
      return "\(client) \(r["host"]?.string ?? "?") \(r["attempts"]?.int ?? -1) \(r[distinct]?.int ?? -1) \(days.first ?? "?")…\(days.last ?? "?")"
    }.sorted()
    return (rows, names)
  }

  static func shown(_ rows: [AbuseClientRow]) -> [String] {
    rows.map { r in "\(r.client) \(r.host) \(r.attempts) \(r.distinct) \(r.first.day.iso)…\(r.last.day.iso)" }.sorted()
  }

  /// The things a row lists are the truth's, as many as fit (`examplesShown`), most tried first.
  static func expectTried(_ rows: [AbuseClientRow], _ truth: [String: Set<String>]) {
    for r in rows {
      let expected = truth[r.client] ?? []
      #expect(Set(r.examples).isSubset(of: expected), "\(r.client): \(r.examples)")
      #expect(r.examples.count == min(expected.count, AbuseClientRow.examplesShown), "\(r.client): \(r.examples)")
    }
  }

  @Test("SASL failures and relay attempts per client IP are the plan's", arguments: sets)
  func clientTables(_ set: String) throws {
    let truth = try Self.expected(set)
    let report = Self.report(set)
    let auth = Self.expectedRows(truth, "auth_failures", tried: "logins", distinct: "distinct_logins")
    let relay = Self.expectedRows(truth, "relay_denied", tried: "recipient_domains", distinct: "distinct_recipient_domains")
    #expect(auth.rows.count == 2 && relay.rows.count == 1, "the truth names the guesser, bob, and the prober")
    #expect(Self.shown(report.authFailures.rows) == auth.rows)
    #expect(Self.shown(report.relayDenied.rows) == relay.rows)
    #expect(report.authFailures.totalRows == 2 && report.relayDenied.totalRows == 1 && report.authFailures.limit == nil)
    Self.expectTried(report.authFailures.rows, auth.tried)
    Self.expectTried(report.relayDenied.rows, relay.tried)
    // Most attempts first: the guesser before bob.
    #expect(report.authFailures.rows.map(\.attempts) == report.authFailures.rows.map(\.attempts).sorted(by: >))
  }

  @Test("-h cuts the client tables as it cuts the host tables: the first rows of the whole table, all counted")
  func cutByHostLimit() throws {
    // Clients enough to cut: the actors' two guessers and one prober, and more made up here
    // with ties in attempts (the tie order must survive the cut).
    var lines = Self.lines("real/actors")
    for k in 0..<40 {
      for a in 0..<(k % 4 + 1) {
        lines.append(Array("Nov 26 11:\(String(format: "%02d", k)):\(String(format: "%02d", a)) mail postfix/smtpd[7]: warning: guess\(k).test[198.51.100.\(k)]: SASL LOGIN authentication failed: authentication failure, sasl_username=user\(a)@x.test".utf8))
        lines.append(Array("Nov 26 11:\(String(format: "%02d", k)):\(String(format: "%02d", a)) mail postfix/smtpd[7]: NOQUEUE: reject: RCPT from probe\(k).test[203.0.113.\(k)]: 554 5.7.1 <x@far\(a).test>: Relay access denied; from=<a@b.test> to=<x@far\(a).test> proto=ESMTP helo=<h>".utf8))
      }
    }
    let summary = SplitMergeTests.parse(lines[...], hasPredecessor: false)
    let whole = SplitMergeTests.report(summary)
    // The actors' clients (their truth) and the forty of each added.
    let truth = try Self.expected("real/actors")
    #expect(whole.authFailures.totalRows == (truth["auth_failures"]?.array?.count ?? -1) + 40)
    #expect(whole.relayDenied.totalRows == (truth["relay_denied"]?.array?.count ?? -1) + 40)
    #expect(whole.authFailures.rows.count == whole.authFailures.totalRows && whole.authFailures.limit == nil)
    for limit in [0, 1, 5, 13, 41, 100] {
      var o = SplitMergeTests.options().1
      o.hostCount = limit
      var finished = summary
      finished.finish()
      let cut = ReportBuilder.build(finished, options: o, meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
      for (c, w) in [(cut.authFailures, whole.authFailures), (cut.relayDenied, whole.relayDenied)] {
        #expect(c.limit == limit && c.totalRows == w.totalRows)
        #expect(c.rows == Array(w.rows.prefix(limit)), "-h \(limit)")
      }
    }
  }

  /// `"relay-denied 5xx (554 5.7.1 Relay access denied)": 24` → `relay_denied 5xx 24`.
  static func expectedClasses(_ truth: JSONValue) -> [String] {
    guard case .object(let rejects)? = truth["rejects"] else { return [] }
    return rejects.map { key, count in
      let words = key.split(separator: " ")
      return "\(words[0].replacingOccurrences(of: "-", with: "_")) \(words[1]) \(count.int ?? -1)"
    }.sorted()
  }

  @Test("the reject classes are the plan's rejects, and add up to the rejected total", arguments: sets)
  func rejectClasses(_ set: String) throws {
    let truth = try Self.expected(set)
    let report = Self.report(set)
    var shown: [String] = []
    for row in report.rejectClasses {
      if row.temporary > 0 { shown.append("\(row.rejectClass.rawValue) 4xx \(row.temporary)") }
      if row.permanent > 0 { shown.append("\(row.rejectClass.rawValue) 5xx \(row.permanent)") }
    }
    #expect(shown.sorted() == Self.expectedClasses(truth))
    #expect(report.rejectClasses.map(\.total).reduce(0, +) == report.totals.rejected)
  }

  @Test("any split into shards gives the same tables", arguments: sets)
  func splits(_ set: String) {
    let whole = Self.report(set)
    let count = Self.lines(set).count
    var rng = SeededRandomNumberGenerator(seed: 15)
    for _ in 0..<6 {
      let cuts = SplitMergeTests.randomCuts(count, pieces: 2...6, &rng)
      let split = Self.report(set, cuts: cuts)
      #expect(split.authFailures == whole.authFailures && !whole.authFailures.rows.isEmpty, "cuts \(cuts)")
      #expect(split.relayDenied == whole.relayDenied, "cuts \(cuts)")
      #expect(split.rejectClasses == whole.rejectClasses, "cuts \(cuts)")
    }
  }

  @Test("on every real log, the classes add up to the rejected total", arguments: ["real/day", "real/week", "real/week-dateext", "real/week-rfc3339"])
  func classesAddUp(_ set: String) {
    let report = Self.report(set)
    #expect(!report.rejectClasses.isEmpty)
    #expect(report.rejectClasses.map(\.total).reduce(0, +) == report.totals.rejected)
  }
}
