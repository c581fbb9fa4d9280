#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReportModel

/// Per syslog host (the field after the timestamp): its Postfix lines, the receipts it logged,
/// and its part of the grand totals — received, delivered, deferred, bounced, rejected, bytes
/// received and delivered. One row for a one-server log; the "Servers" table when logs of
/// several servers are read together (one central syslog file, or each server's files).
///
/// A line's figures belong to the line's host, which is also its queue id's host (every key of
/// in-flight state carries the host's tag, `ByteKey.hostTag`): so a host's figures are what the
/// grand totals grew by while its lines were read. Most lines name the host the line before
/// did, so nothing is counted per line: the totals are read when the host changes
/// (`switchTo`), and their growth since the last change is the previous host's. Only what
/// grows outside a line is given its host explicitly: histories replayed at a merge
/// (`add(_:toKey:)`), and receipts never confirmed (`countUnconfirmed`), which evictions and
/// the end of input settle for messages of any host. The hosts' figures therefore add up to the
/// grand totals exactly (a test checks it).
struct ServerSection: Sendable {
  /// The grand totals a host's figures are part of (`TrafficSection.serverFigures`).
  struct Figures: Sendable, Equatable {
    var received = 0
    var delivered = 0
    var deferred = 0
    var bounced = 0
    var rejected = 0
    var bytesReceived: Int64 = 0
    var bytesDelivered: Int64 = 0

    /// What grew from `b` to `a`.
    static func - (a: Figures, b: Figures) -> Figures {
      Figures(
        received: a.received - b.received, delivered: a.delivered - b.delivered, deferred: a.deferred - b.deferred,
        bounced: a.bounced - b.bounced, rejected: a.rejected - b.rejected,
        bytesReceived: a.bytesReceived &- b.bytesReceived, bytesDelivered: a.bytesDelivered &- b.bytesDelivered)
    }

    static func += (a: inout Figures, b: Figures) {
      a.received += b.received
      a.delivered += b.delivered
      a.deferred += b.deferred
      a.bounced += b.bounced
      a.rejected += b.rejected
      a.bytesReceived = a.bytesReceived.addingSaturated(b.bytesReceived)
      a.bytesDelivered = a.bytesDelivered.addingSaturated(b.bytesDelivered)
    }
  }

  struct Counts: Sendable, Equatable, Addable {
    var lines = 0
    /// Receipt lines (`client=`, pickup), confirmed or not.
    var messages = 0
    var figures = Figures()
    /// Receipts never confirmed (received only when the input has no size lines at all).
    var unconfirmed = 0

    static var zero: Counts { Counts() }
    static func += (a: inout Counts, b: Counts) {
      a.lines += b.lines
      a.messages += b.messages
      a.figures += b.figures
      a.unconfirmed += b.unconfirmed
    }
  }

  private(set) var hosts = KeyedTable<Counts>()
  /// Each host's tag (`ByteKey.hostTag(of:)`), by id, and the id of each tag.
  private var tags: [UInt64] = []
  private var idOfTag: [UInt64: Int32] = [:]

  /// The host of the line being read (an id of `hosts`).
  private(set) var current: Int32 = -1
  /// Its tag: the host part of the keys of the line's queue id, connection or client.
  private(set) var currentTag: UInt64 = 0
  /// Its lines and receipts not yet added to `hosts`.
  private var currentLines = 0
  private var currentMessages = 0
  /// The grand totals when `current` became current (or at the last merge): their growth since
  /// is `current`'s.
  private var base = Figures()
  /// The bytes of `current`'s name, for the comparison with each line's: up to 16 in two
  /// words (nearly every host name), else in `currentLong`.
  private var currentHead: (UInt64, UInt64) = (0, 0)
  private var currentLength = -1
  private var currentLong: [UInt8] = []

  /// Whether `host` is the current host (the line before's, nearly always).
  @inline(__always)
  func isCurrent(_ host: Bytes) -> Bool {
    guard host.count == currentLength, let base = host.baseAddress else { return host.isEmpty && currentLength == 0 }
    if host.count <= 16 { return Self.head(base, host.count) == currentHead }
    return currentLong.withUnsafeBufferPointer { memcmp(base, $0.baseAddress!, host.count) == 0 }  // Safe: equal lengths, > 16.
  }

  /// A Postfix line of the current host.
  @inline(__always)
  mutating func countLine() { currentLines += 1 }

  /// A receipt logged by the current host.
  @inline(__always)
  mutating func countMessage() { currentMessages += 1 }

  /// The first `n` (≤ 16) bytes at `base` in two words, the rest zero.
  @inline(__always)
  private static func head(_ base: UnsafePointer<UInt8>, _ n: Int) -> (UInt64, UInt64) {
    var words: (UInt64, UInt64) = (0, 0)
    withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base, byteCount: n) }  // Safe: 16 bytes of room.
    return words
  }

  /// `host` becomes current; `totals` are the grand totals now, whose growth since the last
  /// change is the previous host's.
  mutating func switchTo(_ host: Bytes, totals: Figures) {
    settle(totals: totals)
    current = id(host)
    currentTag = tags[Int(current)]
    currentLength = host.count
    if let base = host.baseAddress, host.count <= 16 {
      currentHead = Self.head(base, host.count)
    } else {
      currentHead = (0, 0)
      currentLong = Array(host)
    }
  }

  /// The id of `host`, added (with its tag) when new.
  private mutating func id(_ host: Bytes) -> Int32 {
    let id = hosts.id(host)
    if Int(id) == tags.count { addTag(ByteKey.hostTag(of: host)) }
    return id
  }

  private mutating func addTag(_ tag: UInt64) {
    // Two names with one tag would share their keys (see `ByteKey`): the first keeps the tag.
    if idOfTag[tag] == nil { idOfTag[tag] = Int32(tags.count) }
    tags.append(tag)
  }

  /// The current host's lines, receipts and figures so far added to its row; `totals` is the
  /// new base.
  private mutating func settle(totals: Figures) {
    if current >= 0 { hosts[current] += pendingCounts(totals) }
    currentLines = 0
    currentMessages = 0
    base = totals
  }

  private func pendingCounts(_ totals: Figures) -> Counts {
    Counts(lines: currentLines, messages: currentMessages, figures: totals - base)
  }

  /// The counts, with the current host's pending ones added.
  private func allHosts(totals: Figures) -> KeyedTable<Counts> {
    var all = hosts
    if current >= 0 { all[current] += pendingCounts(totals) }
    return all
  }

  // MARK: Saved

  /// The hosts' counts, the current host's settled at `totals` (this summary's grand totals):
  /// what a saved aggregate keeps of the section.
  func settledHosts(totals: Figures) -> KeyedTable<Counts> { allHosts(totals: totals) }

  /// The section of saved hosts (`settledHosts`), with no current host: the next line's host
  /// becomes current.
  init(settledHosts: KeyedTable<Counts>) {
    hosts = settledHosts
    for id in 0..<settledHosts.count { addTag(settledHosts.keys.withBytes(Int32(id)) { ByteKey.hostTag(of: $0) }) }
  }

  init() {}

  // MARK: Outside a line

  /// The host a key was made for (`ByteKey.hostTag`); -1 for a key of no host seen (only tests
  /// make those).
  func host(ofKey key: ByteKey) -> Int32 {
    let tag = key.hostTag
    if tag == currentTag && current >= 0 { return current }
    return idOfTag[tag] ?? -1
  }

  /// Figures that grew outside a line (a history replayed at a merge), for the host of `key`.
  mutating func add(_ figures: Figures, toKey key: ByteKey) {
    guard figures != Figures() else { return }
    let h = host(ofKey: key)
    assert(h >= 0, "a key of no host read")
    if h >= 0 { hosts[h].figures += figures }
  }

  /// The hosts with a line.
  var hostNames: [String] { allHosts(totals: base).entries(where: { $0.lines > 0 }).map(\.key) }

  /// Whether a host read has the tag `tag` (a saved aggregate's keys must name one).
  func knows(tag: UInt64) -> Bool { idOfTag[tag] != nil }

  /// A receipt never confirmed, of the message with key `key`.
  mutating func countUnconfirmed(key: ByteKey) {
    let h = host(ofKey: key)
    assert(h >= 0, "a key of no host read")
    if h >= 0 { hosts[h].unconfirmed += 1 }
  }

  // MARK: Merge

  /// Before a merge: the current host's counts settled at `totals` (this summary's).
  mutating func beginMerge(totals: Figures) { settle(totals: totals) }

  /// Adds a later summary's hosts (`totals`: its grand totals, for its current host's share).
  mutating func merge(_ later: ServerSection, totals: Figures) {
    let remap = hosts.mergeAdding(later.allHosts(totals: totals))
    for (i, mine) in remap.enumerated() where Int(mine) == tags.count { addTag(later.tags[i]) }
  }

  /// After a merge: `totals` (the merged grand totals) is the current host's new base.
  mutating func endMerge(totals: Figures) { base = totals }

  func invariantsHold() -> Bool {
    hosts.invariantsHold() && tags.count == hosts.count && idOfTag.values.allSatisfy { Int($0) < tags.count && idOfTag[tags[Int($0)]] == $0 }
  }

  // MARK: Report

  /// The label of a message in the per-message lists (`-e`, messages with no size data): its
  /// queue id, after its host's name when several hosts were read (`host/QUEUEID`).
  func label(_ key: ByteKey, severalHosts: Bool) -> String {
    guard severalHosts else { return key.string }
    let h = host(ofKey: key)
    return (h >= 0 ? hosts.keys.string(h) : "") + "/" + key.string
  }

  /// Whether lines of more than one host were read.
  var hasSeveralHosts: Bool { hosts.count > 1 }

  /// Every host with a line, by lines, then messages, then host order. `totals` are the grand
  /// totals at the end; `unconfirmedReceived`: whether receipts never confirmed count as
  /// received (no size lines in the input, as `TrafficSection` decides).
  func build(into report: inout Report, totals: Figures, unconfirmedReceived: Bool) {
    let rows = allHosts(totals: totals).entries(where: { $0.lines > 0 }).map { host, c in
      ServerRow(
        host: host, lines: c.lines, messages: c.messages, received: c.figures.received + (unconfirmedReceived ? c.unconfirmed : 0),
        delivered: c.figures.delivered, deferred: c.figures.deferred, bounced: c.figures.bounced, rejected: c.figures.rejected,
        bytesReceived: c.figures.bytesReceived, bytesDelivered: c.figures.bytesDelivered)
    }
    report.servers = ReportBuilder.sortedByCountThenSize(rows, count: { $0.lines }, size: { Int64($0.messages) }, key: { $0.host })
  }
}

// MARK: Aggregate file

extension ServerSection.Counts: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    // Figures are growths of the grand totals, which only grow: never negative.
    for n in [lines, messages, figures.received, figures.delivered, figures.deferred, figures.bounced, figures.rejected, unconfirmed] {
      out.count(n)
    }
    out.amount(figures.bytesReceived)
    out.amount(figures.bytesDelivered)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(lines: try input.count(), messages: try input.count())
    figures = ServerSection.Figures(
      received: try input.count(), delivered: try input.count(), deferred: try input.count(), bounced: try input.count(),
      rejected: try input.count())
    unconfirmed = try input.count()
    figures.bytesReceived = try input.amount()
    figures.bytesDelivered = try input.amount()
  }
}

extension ServerSection {
  /// The hosts with the current host's share settled at `totals` (the summary's grand totals,
  /// `Summary.encodeSections`): the line being read and the host's tags are parse-time state,
  /// and the tags are made again from the names when read.
  func encode(to out: inout AggregateWriter, totals: Figures) { settledHosts(totals: totals).encode(to: &out) }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(settledHosts: try KeyedTable(decoding: &input))
  }
}
