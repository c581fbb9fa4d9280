import Foundation
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// Several servers on real Postfix logs (Fixtures/real/servers*: three servers' rotated sets,
/// the central syslog file interleaving them, and one server's log read twice under two names).
/// The figures are compared with runs over the other files, never with numbers written here.
@Suite("Servers on real logs")
struct ServerFixtureTests {
  static let servers = ["mx1", "mx2", "mx3"]

  static func report(_ lines: [[UInt8]]) -> Report {
    SplitMergeTests.report(SplitMergeTests.parse(lines[...], hasPredecessor: false))
  }

  /// One server's set, oldest first.
  static func server(_ name: String) -> [[UInt8]] { SplitMergeTests.lines("real/servers/" + name) }


  @Test("the central syslog file gives the report of the three servers' files, in any order of the servers")
  func centralEqualsSeparate() {
    let central = Self.report(SplitMergeTests.lines("real/servers-central"))
    #expect(central.servers.map(\.host).sorted() == Self.servers)
    #expect(central.servers.allSatisfy { $0.received > 0 && $0.delivered > 0 && $0.deferred > 0 && $0.rejected > 0 })
    for order in [[0, 1, 2], [2, 0, 1], [1, 2, 0]] {
      let separate = Self.report(order.flatMap { Self.server(Self.servers[$0]) })
      #expect(separate == central, "servers in the order \(order): \(SplitMergeTests.differingFields(separate, central))")
    }
  }

  @Test("each server's row is its own log's grand totals")
  func rowsAreEachServersTotals() throws {
    let rows = Self.report(SplitMergeTests.lines("real/servers-central")).servers
    for name in Self.servers {
      let alone = Self.report(Self.server(name))
      let row = try #require(rows.first { $0.host == name })
      let t = alone.totals
      let figures: [Int] = [row.received, row.delivered, row.deferred, row.bounced, row.rejected]
      #expect(figures == [t.received, t.delivered, t.deferred, t.bounced, t.rejected], "\(name)")
      #expect(row.bytesReceived == t.bytesReceived && row.bytesDelivered == t.bytesDelivered, "\(name)")
      #expect(alone.servers == [row], "\(name)")
    }
  }

  @Test("on every fixture, the hosts' figures add up to the grand totals", arguments: SplitMergeTests.fixtures)
  func rowsAddUp(_ fixture: String) {
    let r = Self.report(SplitMergeTests.lines(fixture))
    let t = r.totals
    func sum(_ figure: (ServerRow) -> Int64) -> Int64 { r.servers.reduce(0) { $0 + figure($1) } }
    #expect(sum { Int64($0.received) } == Int64(t.received) && sum { Int64($0.delivered) } == Int64(t.delivered), "\(fixture)")
    #expect(sum { Int64($0.deferred) } == Int64(t.deferred) && sum { Int64($0.bounced) } == Int64(t.bounced), "\(fixture)")
    #expect(sum { Int64($0.rejected) } == Int64(t.rejected), "\(fixture)")
    #expect(sum(\.bytesReceived) == t.bytesReceived && sum(\.bytesDelivered) == t.bytesDelivered, "\(fixture)")
  }

  /// Every queue id, smtpd pid and postscreen client of the twin collides with the original's:
  /// kept apart, each count doubles.
  @Test("one server's log twice under two names: every count doubles")
  func twinsDouble() throws {
    let one = Self.report(Self.server("mx1"))
    let two = Self.report(SplitMergeTests.lines("real/servers-twins"))
    var doubled = one.totals
    for kp in [
      \GrandTotals.received, \.delivered, \.forwarded, \.deferred, \.deferrals, \.bounced, \.removed, \.expired, \.rejected,
      \.rejectWarnings, \.held, \.discarded,
    ] as [WritableKeyPath<GrandTotals, Int>] {
      doubled[keyPath: kp] *= 2
    }
    doubled.bytesReceived *= 2
    doubled.bytesDelivered *= 2
    #expect(two.totals == doubled)
    #expect(one.totals.received > 0 && one.totals.deferred > 0 && one.totals.expired > 0 && one.totals.held > 0)
    func twice(_ t: TrafficCounts) -> TrafficCounts {
      TrafficCounts(received: 2 * t.received, delivered: 2 * t.delivered, deferred: 2 * t.deferred, bounced: 2 * t.bounced, rejected: 2 * t.rejected)
    }
    #expect(two.perDay?.map(\.counts) == one.perDay?.map { twice($0.counts) })
    #expect(two.perHour?.map(\.counts) == one.perHour?.map { twice($0.counts) })
    let smtpd = try #require(one.smtpdTotals)
    #expect(two.smtpdTotals == ConnectionTotals(connections: 2 * smtpd.connections, clients: smtpd.clients, totalSeconds: 2 * smtpd.totalSeconds))
    #expect(smtpd.connections > 0)
    #expect(two.postscreenTotals?.connections == 2 * (one.postscreenTotals?.connections ?? -1))
    #expect((two.messageDetail ?? []).count == 2 * (one.messageDetail ?? []).count)
    #expect(two.deliveryDomains?.rows.map { [$0.delivered, $0.deferrals] } == one.deliveryDomains?.rows.map { [2 * $0.delivered, 2 * $0.deferrals] })
    let mx1 = try #require(one.servers.first)
    var mx1b = mx1
    mx1b.host = "mx1b"
    #expect(two.servers == [mx1, mx1b])
  }
}
