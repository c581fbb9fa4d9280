#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReportModel

/// Per syslog host (the field after the timestamp): its Postfix lines and the messages it
/// received. One row for a one-server log; a table when logs of several servers are read
/// together (the seed of the archive's "Servers" table). Not part of pflogsumm's text report.
struct ServerSection: Sendable {
  struct Counts: Sendable, Equatable, Addable {
    var lines = 0
    var messages = 0

    static var zero: Counts { Counts() }
    static func += (a: inout Counts, b: Counts) {
      a.lines += b.lines
      a.messages += b.messages
    }
  }

  var hosts = KeyedTable<Counts>()

  /// The host of the line being read (an id of `hosts`), for counting its messages.
  private(set) var current: Int32 = -1
  /// The bytes of `current`'s name: nearly every line names the host the line before did, and
  /// comparing a few bytes costs less than hashing them.
  private var currentName: [UInt8] = []

  /// A Postfix line from `host`.
  @inline(__always)
  mutating func countLine(host: Bytes) {
    if current < 0 || !Self.same(host, currentName) {
      current = hosts.id(host)
      currentName = Array(host)
    }
    hosts[current].lines += 1
  }

  @inline(__always)
  private static func same(_ a: Bytes, _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    if a.isEmpty { return true }
    return b.withUnsafeBufferPointer { memcmp(a.baseAddress!, $0.baseAddress!, a.count) == 0 }  // Safe: equal, non-zero lengths.
  }

  /// A message received by the current line's host.
  @inline(__always)
  mutating func countMessage() {
    if current >= 0 { hosts[current].messages += 1 }
  }

  mutating func merge(_ later: ServerSection) {
    hosts.mergeAdding(later.hosts)
  }

  func invariantsHold() -> Bool { hosts.invariantsHold() }

  /// Every host with a line, by lines, then messages, then host order.
  func build(into report: inout Report, _ o: ReportOptions) {
    let rows = hosts.entries(where: { $0.lines > 0 }).map { ServerRow(host: $0.key, lines: $0.value.lines, messages: $0.value.messages) }
    report.servers = ReportBuilder.sortedByCountThenSize(rows, count: { $0.lines }, size: { Int64($0.messages) }, key: { $0.host })
  }
}
