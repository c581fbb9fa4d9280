import ReportModel
import Testing

@testable import PostfixCore

/// The caps on in-flight state (`StateLimits`): what is kept is bounded whatever the input, in
/// one shard, in the state kept for the merge, and in the merged state — and where no cap is
/// reached, splitting the input changes nothing.
@Suite("State limits")
struct StateLimitsTests {
  static let anchor = LogTimeAnchor(date: Day(year: 2026, month: 11, day: 25), secondOfDay: 0)

  static func parse(_ lines: [String], limits: StateLimits = .standard, hasPredecessor: Bool = false, smtpdStats: Bool = true)
    -> Summary
  {
    var options = ParseOptions()
    options.limits = limits
    options.smtpdStats = smtpdStats
    var parser = ShardParser(options: options, anchor: anchor, hasPredecessor: hasPredecessor)
    for line in lines { Array(line.utf8).withUnsafeBufferPointer { parser.consume($0) } }
    return parser.summary
  }

  /// The key of a queue id of host mx1, as the parser makes it (`ByteKey`'s host tag).
  static let mx1 = Array("mx1".utf8).withBytes { ByteKey.hostTag(of: $0) }
  static func key(_ qid: String) -> ByteKey { ByteKey(qid, host: mx1) }
  static func pid(_ pid: Int) -> SmtpdConnections.Key { SmtpdConnections.Key(pid: pid, host: mx1) }

  static func stamp(_ i: Int) -> String {
    "Nov 24 \(String(format: "%02d:%02d:%02d", 8 + i / 3600, i / 60 % 60, i % 60))"
  }

  /// A receipt that never finishes.
  static func receipt(_ i: Int, qid: String? = nil) -> String {
    "\(stamp(i)) mx1 postfix/smtpd[\(100 + i)]: \(qid ?? "Q\(i)Z"): client=unknown[192.0.2.\(i % 250)]"
  }

  static func connect(_ i: Int, pid: Int) -> String { "\(stamp(i)) mx1 postfix/smtpd[\(pid)]: connect from unknown[192.0.2.1]" }
  static func disconnect(_ i: Int, pid: Int) -> String {
    "\(stamp(i)) mx1 postfix/smtpd[\(pid)]: disconnect from unknown[192.0.2.1] ehlo=1 quit=1 commands=2"
  }

  static func delivery(_ i: Int, qid: String) -> String {
    "\(stamp(i)) mx1 postfix/local[9]: \(qid): to=<bob@example.org>, relay=local, delay=1, delays=1/0/0/0, dsn=2.0.0, status=sent (ok)"
  }

  static func report(_ s: Summary) -> Report {
    var s = s
    s.finish()
    var o = ReportOptions()
    o.smtpdStats = true
    o.postscreenStats = true
    return ReportBuilder.build(s, options: o, meta: ReportMeta(version: "t", generatedAt: nil), inputs: [])
  }

  @Test("one shard: open messages and connections stay at their caps, the dropped ones counted")
  func oneShard() {
    let limits = StateLimits(messages: 10, pendingMessages: 10, pendingEvents: 10, connections: 10)
    let lines = (0..<25).flatMap { [Self.connect($0, pid: 1000 + $0), Self.receipt($0)] }
    let s = Self.parse(lines, limits: limits)
    #expect(s.messages.open.count == 10)
    #expect(s.lineStats.evictedMessages == 15)
    #expect(s.smtpd.open.count == 10)
    #expect(s.lineStats.evictedConnections == 15)
    // The newest survive.
    #expect(s.messages.open[Self.key("Q24Z")] != nil && s.messages.open[Self.key("Q14Z")] == nil)
  }

  @Test("merging shards that are each under the caps brings the merged state back to them")
  func mergedStateStaysCapped() {
    let limits = StateLimits(messages: 10, pendingMessages: 10, pendingEvents: 10, connections: 10)
    var merged = Self.parse((0..<8).flatMap { [Self.connect($0, pid: 1000 + $0), Self.receipt($0)] }, limits: limits)
    for shard in 1..<4 {
      let ids = (shard * 8)..<(shard * 8 + 8)
      let later = Self.parse(
        ids.flatMap { [Self.connect($0, pid: 1000 + $0), Self.receipt($0)] }, limits: limits, hasPredecessor: true)
      #expect(later.lineStats.evictedMessages == 0 && later.messages.open.count == 8)
      merged.merge(later, options: { var o = ParseOptions(); o.limits = limits; return o }())
      #expect(merged.messages.open.count <= 10, "after shard \(shard): \(merged.messages.open.count) open messages")
      #expect(merged.smtpd.open.count <= 10, "after shard \(shard): \(merged.smtpd.open.count) open connections")
    }
    #expect(merged.lineStats.evictedMessages == 32 - 10)
    #expect(merged.lineStats.evictedConnections == 32 - 10)
    #expect(merged.messages.open[Self.key("Q31Z")] != nil && merged.messages.open[Self.key("Q21Z")] == nil)
  }

  @Test("a queue id waiting for the merge keeps its events only until it restarts or ends")
  func pendingMessageSeals() {
    // In a later shard: a delivery whose message began earlier, its removal, then the same id
    // reused a thousand times (as short ids are): only the first two events wait for the merge.
    var lines = [Self.delivery(0, qid: "ABCDEF"), "\(Self.stamp(0)) mx1 postfix/qmgr[9]: ABCDEF: removed"]
    for i in 1...1000 {
      lines += [
        Self.receipt(i, qid: "ABCDEF"), "\(Self.stamp(i)) mx1 postfix/qmgr[9]: ABCDEF: from=<a@example.com>, size=10, nrcpt=1",
        Self.delivery(i, qid: "ABCDEF"), "\(Self.stamp(i)) mx1 postfix/qmgr[9]: ABCDEF: removed",
      ]
    }
    let later = Self.parse(lines, hasPredecessor: true)
    #expect(later.messages.pending[Self.key("ABCDEF")]?.count == 2)
    #expect(later.messages.pendingEventCount == 2)
    #expect(later.traffic.received == 1000 && later.traffic.bytesDelivered == 10_000)
  }

  @Test("events kept for the merge are capped in all: past the cap, a message's lines count as if its history were unknown")
  func pendingEventCap() {
    let limits = StateLimits(messages: 100, pendingMessages: 100, pendingEvents: 5, connections: 100)
    let lines = (0..<20).map { Self.delivery($0, qid: "ABCDEF") } + (0..<3).map { Self.delivery($0, qid: "BCDEFA") }
    let later = Self.parse(lines, limits: limits, hasPredecessor: true)
    #expect(later.messages.pendingEventCount == 5)
    #expect(later.messages.pending[Self.key("ABCDEF")]?.count == 5)
    #expect(later.messages.pending[Self.key("BCDEFA")] == nil)
    #expect(later.lineStats.evictedMessages == 2)
    #expect(later.traffic.delivered == 23)
  }

  @Test("an smtpd pid waiting for the merge keeps one disconnect, however many follow")
  func pendingConnectionSeals() {
    var lines = (0..<500).map { Self.disconnect($0, pid: 4242) }
    lines += (500..<1000).flatMap { [Self.connect($0, pid: 4242), Self.disconnect($0, pid: 4242)] }
    let later = Self.parse(lines, hasPredecessor: true)
    #expect(later.smtpd.pending[Self.pid(4242)]?.count == 1)
    #expect(later.smtpd.total.count == 500)
  }

  /// A log that reuses queue ids and smtpd pids (both happen on real servers: short hex ids,
  /// pid wrap-around), with messages and connections that straddle any cut.
  static let reuseLog: [String] = {
    var lines: [String] = []
    for i in 0..<60 {
      let qid = ["AAAAA1", "AAAAA2", "AAAAA3"][i % 3]
      let pid = 500 + i % 4
      lines += [
        connect(i * 10, pid: pid),
        receipt(i * 10 + 1, qid: qid).replacingOccurrences(of: "smtpd[\(100 + i * 10 + 1)]", with: "smtpd[\(pid)]"),
        "\(stamp(i * 10 + 2)) mx1 postfix/qmgr[9]: \(qid): from=<u\(i % 5)@example.com>, size=\(100 + i), nrcpt=2",
        disconnect(i * 10 + 3, pid: pid),
        delivery(i * 10 + 4, qid: qid),
      ]
      if i % 2 == 0 { lines.append("\(stamp(i * 10 + 5)) mx1 postfix/qmgr[9]: \(qid): removed") }
      if i % 7 == 0 { lines.append(disconnect(i * 10 + 6, pid: pid)) }  // a stray second disconnect
    }
    return lines
  }()

  @Test("with ids and pids reused, every cut point still gives the sequential report")
  func reuseEveryCut() {
    let sequential = Self.report(Self.parse(Self.reuseLog))
    #expect(sequential.totals.delivered == 60)
    for cut in 0...Self.reuseLog.count {
      var merged = Self.parse(Array(Self.reuseLog[..<cut]))
      merged.merge(Self.parse(Array(Self.reuseLog[cut...]), hasPredecessor: true), options: { var o = ParseOptions(); o.smtpdStats = true; return o }())
      let split = Self.report(merged)
      if split != sequential {
        Issue.record("a cut before line \(cut + 1) changes the report")
        return
      }
    }
  }

  @Test("three shards with ids and pids reused give the sequential report")
  func reuseThreeShards() {
    let sequential = Self.report(Self.parse(Self.reuseLog))
    let n = Self.reuseLog.count
    var options = ParseOptions()
    options.smtpdStats = true
    for a in stride(from: 1, to: n, by: 7) {
      for b in stride(from: a + 1, to: n, by: 11) {
        var merged = Self.parse(Array(Self.reuseLog[..<a]))
        merged.merge(Self.parse(Array(Self.reuseLog[a..<b]), hasPredecessor: true), options: options)
        merged.merge(Self.parse(Array(Self.reuseLog[b...]), hasPredecessor: true), options: options)
        if Self.report(merged) != sequential {
          Issue.record("cuts before lines \(a + 1) and \(b + 1) change the report")
          return
        }
      }
    }
  }

  /// Receipts from loopback wait up to ten minutes of log time for a content filter's
  /// hand-off (`FilterHops`); a forged log can put any number into one second.
  @Test("content-filter sides stay at the open-message cap, the dropped ones counted")
  func filterHops() {
    let limits = StateLimits(messages: 10, pendingMessages: 10, pendingEvents: 10, connections: 10)
    var options = ParseOptions()
    options.limits = limits
    options.trackSubmitters = true
    var parser = ShardParser(options: options, anchor: Self.anchor, hasPredecessor: false)
    for i in 0..<25 {
      let line = "Nov 24 08:00:00 mx1 postfix/smtpd[1]: L\(i)Z: client=localhost[127.0.0.1]"
      Array(line.utf8).withUnsafeBufferPointer { parser.consume($0) }
      #expect(parser.summary.submitters.hops.records.count <= 10)
    }
    #expect(parser.summary.lineStats.evictedMessages >= 15)
  }
}
