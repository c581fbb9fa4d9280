import Foundation
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// Per syslog host: two servers' logs read together, the second with the first's queue ids,
/// smtpd pids and postscreen clients (the same log under another host name, less its last
/// lines). Lines and receipts are counted here from the raw lines; each host's figures must be
/// the grand totals of its own log read alone, and the hosts' figures must add up to the grand
/// totals of both, in any interleaving and any split.
@Suite("Servers section")
struct ServerSectionTests {
  static let anchor = LogTimeAnchor(date: Day(year: 2026, month: 12, day: 1), secondOfDay: 0)

  /// Every stateful report on (smtpd and postscreen connections, `-e`), as the split tests have them.
  static func options() -> (ParseOptions, ReportOptions) { SplitMergeTests.options() }

  static func report(_ lines: [String], cuts: [Int] = []) -> Report {
    func parse(_ slice: ArraySlice<String>, hasPredecessor: Bool) -> Summary {
      var parser = ShardParser(options: options().0, anchor: anchor, hasPredecessor: hasPredecessor)
      for line in slice { Array(line.utf8).withBytes { parser.consume($0) } }
      return parser.summary
    }
    let bounds = [0] + cuts + [lines.count]
    var s = parse(lines[0..<bounds[1]], hasPredecessor: false)
    for k in 1..<(bounds.count - 1) { s.merge(parse(lines[bounds[k]..<bounds[k + 1]], hasPredecessor: true), options: options().0) }
    s.finish()
    return ReportBuilder.build(s, options: options().1, meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
  }

  /// What a reader of the log counts for a host: lines tagged `postfix/…`, and receipts
  /// (`client=` from smtpd, `uid=`/`sender=` from pickup).
  static func expected(_ lines: [String]) -> (lines: Int, messages: Int) {
    let postfix = lines.filter { $0.split(separator: " ", maxSplits: 5).dropFirst(4).first?.hasPrefix("postfix/") == true }
    let receipts = postfix.filter {
      ($0.contains("/smtpd[") && $0.contains(": client=")) || ($0.contains("/pickup[") && ($0.contains(": uid=") || $0.contains(": sender=")))
    }
    return (postfix.count, receipts.count)
  }

  /// A host's row as the grand totals of its own log.
  static func row(_ host: String, _ lines: [String]) -> ServerRow {
    let t = report(lines).totals
    let (l, m) = expected(lines)
    return ServerRow(
      host: host, lines: l, messages: m, received: t.received, delivered: t.delivered, deferred: t.deferred, bounced: t.bounced,
      rejected: t.rejected, bytesReceived: t.bytesReceived, bytesDelivered: t.bytesDelivered)
  }

  /// The rows added up, as grand totals.
  static func sum(_ rows: [ServerRow]) -> GrandTotals {
    var t = GrandTotals()
    for r in rows {
      t.received += r.received
      t.delivered += r.delivered
      t.deferred += r.deferred
      t.bounced += r.bounced
      t.rejected += r.rejected
      t.bytesReceived += r.bytesReceived
      t.bytesDelivered += r.bytesDelivered
    }
    return t
  }

  static func servedFigures(_ t: GrandTotals) -> GrandTotals {
    var f = GrandTotals()
    (f.received, f.delivered, f.deferred, f.bounced, f.rejected) = (t.received, t.delivered, t.deferred, t.bounced, t.rejected)
    (f.bytesReceived, f.bytesDelivered) = (t.bytesReceived, t.bytesDelivered)
    return f
  }

  static let mx1: [String] = {
    let text = (try? String(contentsOfFile: FixturePaths.path("hand/appendix-a.log"), encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map(String.init)
  }()
  /// The second server: the same log from host mx2, less its last twenty lines.
  static let mx2 = mx1.dropLast(20).map { $0.replacingOccurrences(of: " mx1 ", with: " mx2 ") }

  /// Both logs, a line of each in turn (as a central syslog server would receive them).
  static let interleaved: [String] = {
    var out: [String] = []
    for k in 0..<max(mx1.count, mx2.count) {
      if k < mx1.count { out.append(mx1[k]) }
      if k < mx2.count { out.append(mx2[k]) }
    }
    return out
  }()

  @Test("two servers with the same queue ids: a row per host, each its own log's totals, adding up to the grand totals")
  func twoServers() throws {
    let rows = [Self.row("mx1", Self.mx1), Self.row("mx2", Self.mx2)]
    #expect(rows[0].lines > rows[1].lines && rows[1].received > 0 && rows[1].delivered > 0 && rows[1].rejected > 0)
    #expect(rows[0].deferred > 0 && rows[0].bounced > 0 && rows[0].bytesDelivered > 0)
    for (name, log) in [("one after the other", Self.mx1 + Self.mx2), ("interleaved", Self.interleaved)] {
      let report = Self.report(log)
      #expect(report.servers == rows, "\(name)")
      #expect(Self.sum(report.servers) == Self.servedFigures(report.totals), "\(name)")
      for cut in [1, Self.mx1.count, Self.mx1.count + 7, log.count - 1] {
        #expect(Self.report(log, cuts: [cut]).servers == rows, "\(name): cut before line \(cut + 1)")
      }
      #expect(Self.report(log, cuts: [40, 90, 150]).servers == rows, "\(name): three cuts")
    }
  }

  @Test("the same log under two names counts everything twice: messages, connections, and the per-message lists")
  func twins() {
    let twin = Self.mx1.map { $0.replacingOccurrences(of: " mx1 ", with: " mx1b ") }
    let one = Self.report(Self.mx1)
    #expect((one.smtpdTotals?.connections ?? 0) > 0 && !(one.messageDetail ?? []).isEmpty && !(one.messagesWithoutSize ?? []).isEmpty)
    for log in [Self.mx1 + twin, zip(Self.mx1, twin).flatMap { [$0, $1] }] {
      let two = Self.report(log)
      #expect(two.totals.received == 2 * one.totals.received && two.totals.delivered == 2 * one.totals.delivered)
      #expect(two.totals.deferred == 2 * one.totals.deferred && two.totals.bytesDelivered == 2 * one.totals.bytesDelivered)
      #expect(two.smtpdTotals?.connections == 2 * (one.smtpdTotals?.connections ?? 0))
      #expect((two.messageDetail ?? []).count == 2 * (one.messageDetail ?? []).count)
      #expect((two.messagesWithoutSize ?? []).count == 2 * (one.messagesWithoutSize ?? []).count)
      // Each message is named with its host.
      #expect((two.messageDetail ?? []).allSatisfy { $0.queueID.hasPrefix("mx1/") || $0.queueID.hasPrefix("mx1b/") })
      #expect((one.messageDetail ?? []).allSatisfy { !$0.queueID.contains("/") })
    }
  }

  @Test("saved and restored (as an aggregate keeps it), the section merges as before")
  func savedHosts() {
    func parse(_ lines: [String]) -> Summary {
      var parser = ShardParser(options: Self.options().0, anchor: Self.anchor, hasPredecessor: false)
      for line in lines { Array(line.utf8).withBytes { parser.consume($0) } }
      return parser.summary
    }
    let a = parse(Self.mx1)
    let b = parse(Self.mx2)
    var merged: [[(key: String, value: ServerSection.Counts)]] = []
    for section in [a.servers, ServerSection(settledHosts: a.servers.settledHosts(totals: a.traffic.serverFigures))] {
      var s = section
      s.beginMerge(totals: a.traffic.serverFigures)
      s.merge(b.servers, totals: b.traffic.serverFigures)
      #expect(s.invariantsHold())
      merged.append(s.settledHosts(totals: a.traffic.serverFigures).entries())
      let key = ByteKey("4F0A12B3C4", host: Array("mx2".utf8).withBytes { ByteKey.hostTag(of: $0) })
      #expect(s.host(ofKey: key) == 1)
    }
    #expect(merged[0].map(\.key) == ["mx1", "mx2"] && merged[0].map(\.key) == merged[1].map(\.key))
    #expect(merged[0].map(\.value) == merged[1].map(\.value))
    #expect(merged[0][0].value.figures.delivered > 0 && merged[0][1].value.lines > 0)
  }

  /// Content-filter hops join a hand-off to its copy by queue id or, without one, by Message-ID:
  /// on one server only. Two servers with the same lines (the same Message-IDs, every queue id
  /// colliding) have each their own hops: who is sending counts twice.
  @Test("content-filter hops of two servers with the same ids stay each server's")
  func hopsPerServer() throws {
    let text = try #require(FixturePaths.read("hand/filter-hops.log"))
    let one = text.split(separator: "\n").map(String.init)
    let other = one.map { $0.replacingOccurrences(of: " mail ", with: " mail2 ") }
    let single = Self.report(one)
    let rows = try #require(single.submitters?.rows)
    #expect(!rows.isEmpty && rows.contains { $0.relayed > 0 })
    for log in [one + other, zip(one, other).flatMap { [$0, $1] }] {
      for cuts in [[], [log.count / 3, 2 * log.count / 3]] {
        let both = Self.report(log, cuts: cuts)
        let doubled = rows.map { r -> [Int] in [2 * r.messages, 2 * r.recipients, 2 * r.delivered, 2 * r.deferred, 2 * r.bounced, 2 * r.relayed] }
        #expect(both.submitters?.rows.map { [$0.messages, $0.recipients, $0.delivered, $0.deferred, $0.bounced, $0.relayed] } == doubled, "cuts \(cuts)")
        #expect(both.submitters?.rows.map(\.name) == rows.map(\.name))
      }
    }
  }
}
