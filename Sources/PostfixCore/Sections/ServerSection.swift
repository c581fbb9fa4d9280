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
  /// Its lines not yet added to `hosts` (most lines name the host the line before did: they
  /// are counted here and added when the host changes, or when the section is read).
  private var currentLines = 0
  /// The bytes of `current`'s name, for the comparison with each line's: up to 16 in two
  /// words (nearly every host name), else in `currentLong`.
  private var currentHead: (UInt64, UInt64) = (0, 0)
  private var currentLength = -1
  private var currentLong: [UInt8] = []

  /// A Postfix line from `host`.
  @inline(__always)
  mutating func countLine(host: Bytes) {
    if !isCurrent(host) { switchTo(host) }
    currentLines += 1
  }

  @inline(__always)
  private func isCurrent(_ host: Bytes) -> Bool {
    guard host.count == currentLength, let base = host.baseAddress else { return host.isEmpty && currentLength == 0 }
    if host.count <= 16 { return Self.head(base, host.count) == currentHead }
    return currentLong.withUnsafeBufferPointer { memcmp(base, $0.baseAddress!, host.count) == 0 }  // Safe: equal lengths, > 16.
  }

  /// The first `n` (≤ 16) bytes at `base` in two words, the rest zero.
  @inline(__always)
  private static func head(_ base: UnsafePointer<UInt8>, _ n: Int) -> (UInt64, UInt64) {
    var words: (UInt64, UInt64) = (0, 0)
    withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base, byteCount: n) }  // Safe: 16 bytes of room.
    return words
  }

  private mutating func switchTo(_ host: Bytes) {
    addCurrentLines()
    current = hosts.id(host)
    currentLength = host.count
    if let base = host.baseAddress, host.count <= 16 {
      currentHead = Self.head(base, host.count)
    } else {
      currentHead = (0, 0)
      currentLong = Array(host)
    }
  }

  private mutating func addCurrentLines() {
    if current >= 0 { hosts[current].lines += currentLines }
    currentLines = 0
  }

  /// The counts, with the current host's lines added.
  private var allHosts: KeyedTable<Counts> {
    var all = hosts
    if current >= 0 { all[current].lines += currentLines }
    return all
  }

  /// A message received by the current line's host.
  @inline(__always)
  mutating func countMessage() {
    if current >= 0 { hosts[current].messages += 1 }
  }

  mutating func merge(_ later: ServerSection) {
    addCurrentLines()
    hosts.mergeAdding(later.allHosts)
  }

  func invariantsHold() -> Bool { hosts.invariantsHold() }

  /// The hosts with a line.
  var hostNames: [String] { allHosts.entries(where: { $0.lines > 0 }).map(\.key) }

  /// Every host with a line, by lines, then messages, then host order.
  func build(into report: inout Report, _ o: ReportOptions) {
    let rows = allHosts.entries(where: { $0.lines > 0 }).map { ServerRow(host: $0.key, lines: $0.value.lines, messages: $0.value.messages) }
    report.servers = ReportBuilder.sortedByCountThenSize(rows, count: { $0.lines }, size: { Int64($0.messages) }, key: { $0.host })
  }
}

// MARK: Aggregate file

extension ServerSection.Counts: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.count(lines)
    out.count(messages)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(lines: try input.count(), messages: try input.count())
  }
}

extension ServerSection: AggregateCodable {
  /// The hosts with every line counted (the line being counted is a parse-time shortcut).
  func encode(to out: inout AggregateWriter) { allHosts.encode(to: &out) }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    hosts = try KeyedTable(decoding: &input)
  }
}
