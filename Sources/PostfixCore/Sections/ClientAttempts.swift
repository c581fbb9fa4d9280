import ReportModel

/// Attempts of one kind (failed SASL logins, relay-denied recipients) per client, and what
/// each client tried (the logins, the recipient domains): the data of an abuse table.
///
/// Clients are counted by `host[ip]` as logged and grouped by IP when the report is built, so
/// that everything here adds up across shards. What a client tried is kept as pairs of
/// interned ids (client, tried) with their attempts, remapped at merge; no string is made
/// while counting.
struct ClientAttempts: Sendable {
  /// Attempts, and the log times (seconds, `LogTime.seconds`) of the first and the last.
  struct Attempts: Sendable, Equatable, Addable {
    var count = 0
    var first = Int64.max
    var last = Int64.min

    static var zero: Attempts { Attempts() }

    static func += (a: inout Attempts, b: Attempts) {
      a.count += b.count
      a.first = min(a.first, b.first)
      a.last = max(a.last, b.last)
    }
  }

  /// By client `host[ip]`.
  private(set) var clients = KeyedTable<Attempts>()
  /// The logins or recipient domains tried.
  private(set) var tried = SymbolTable()
  /// `client id << 32 | tried id` → attempts.
  private(set) var pairs: [UInt64: Int] = [:]

  /// One attempt by `client` at `seconds`, trying `what` (nil when the log does not say).
  mutating func count(client: Bytes, trying what: Bytes?, at seconds: Int64) {
    let c = clients.id(client)
    clients[c] += Attempts(count: 1, first: seconds, last: seconds)
    guard let what else { return }
    pairs[Self.pair(c, tried.intern(what)), default: 0] += 1
  }

  @inline(__always)
  private static func pair(_ client: Int32, _ tried: Int32) -> UInt64 {
    UInt64(UInt32(bitPattern: client)) << 32 | UInt64(UInt32(bitPattern: tried))
  }

  mutating func merge(_ later: ClientAttempts) {
    let clientIDs = clients.mergeAdding(later.clients)
    let triedIDs = tried.internAll(later.tried)
    for (pair, n) in later.pairs {
      let key = Self.pair(clientIDs[Int(pair >> 32)], triedIDs[Int(pair & 0xFFFF_FFFF)])
      pairs[key, default: 0] += n
    }
  }

  func invariantsHold() -> Bool {
    clients.invariantsHold() && tried.invariantsHold() && pairs.keys.allSatisfy { Int($0 >> 32) < clients.count && Int($0 & 0xFFFF_FFFF) < tried.count }
  }

  // MARK: Report

  /// One row per client IP, by attempts, then distinct things tried, then host order of the IP;
  /// the first `limit` of them (nil: all; 0: none), with how many there were.
  func table(limit: Int?) -> AbuseClientTable {
    // The clients by IP: a group per IP, with the name logged with the most attempts (on a
    // tie, the first in byte order).
    var groupOfIP: [String: Int] = [:]
    var groupOfClient = [Int](repeating: -1, count: clients.count)
    var ips: [String] = []
    var attempts: [Attempts] = []
    var hosts: [(name: String, attempts: Int)] = []
    for id in 0..<clients.count where clients[Int32(id)].count > 0 {
      let value = clients[Int32(id)]
      let (host, ip) = clients.keys.withBytes(Int32(id)) { HostAndIP.strings($0) }
      let g: Int
      if let known = groupOfIP[ip] {
        g = known
      } else {
        g = ips.count
        groupOfIP[ip] = g
        ips.append(ip)
        attempts.append(Attempts())
        hosts.append(("", 0))
      }
      groupOfClient[id] = g
      attempts[g] += value
      if value.count > hosts[g].attempts || (value.count == hosts[g].attempts && ReportBuilder.bytesLess(host, hosts[g].name)) {
        hosts[g] = (host, value.count)
      }
    }
    // What each group tried: the pairs of its clients, added up by (group, tried).
    var tried: [UInt64: Int] = [:]
    for (pair, n) in pairs {
      let g = groupOfClient[Int(pair >> 32)]
      if g >= 0 { tried[UInt64(g) << 32 | pair & 0xFFFF_FFFF, default: 0] += n }
    }
    var triedByGroup = [[(id: Int32, attempts: Int)]](repeating: [], count: ips.count)
    for (key, n) in tried { triedByGroup[Int(key >> 32)].append((Int32(truncatingIfNeeded: key & 0xFFFF_FFFF), n)) }
    // Ranked first, then made whole only for the rows shown (a busy server's week has
    // thousands of password guessers; an archive page shows 100).
    let ranked = ReportBuilder.sortedByCountThenSize(
      Array(0..<ips.count), count: { attempts[$0].count }, size: { Int64(triedByGroup[$0].count) }, key: { ips[$0] })
    let shown = limit.map { ranked.prefix(max(0, $0)) } ?? ranked[...]
    let rows = shown.map { g in
      let named = triedByGroup[g].map { (name: self.tried.string($0.id), attempts: $0.attempts) }
      let examples = ReportBuilder.sortedByValue(named, value: { Int64($0.attempts) }, key: { $0.name })
        .prefix(AbuseClientRow.examplesShown).map { $0.name }
      return AbuseClientRow(
        client: ips[g], host: hosts[g].name, attempts: attempts[g].count, distinct: named.count, examples: examples,
        first: Self.wallClock(attempts[g].first), last: Self.wallClock(attempts[g].last))
    }
    return AbuseClientTable(limit: limit, totalRows: ips.count, rows: rows)
  }

  static func wallClock(_ seconds: Int64) -> WallClockTime {
    let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    return WallClockTime(day: Day(ordinal: Int(day)), secondOfDay: Int(seconds - day * 86_400))
  }
}

// MARK: Aggregate file

extension ClientAttempts.Attempts: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.count(count)
    out.int(first)
    out.int(last)
  }

  /// Attempts with the log times of a real first and last one (the report makes days of them),
  /// or none with the times of none.
  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(count: try input.count(), first: try input.int(), last: try input.int())
    if count == 0 {
      guard self == .zero else { throw input.failure("times of no attempts") }
    } else {
      let seconds = Int64(Day.savedOrdinals.lowerBound) * 86_400...Int64(Day.savedOrdinals.upperBound + 1) * 86_400
      guard seconds.contains(first), seconds.contains(last), first <= last else { throw input.failure("attempts at no time") }
    }
  }
}

extension ClientAttempts: AggregateCodable {
  /// Both tables in byte order (their ids are this value's own), the pairs in those ids.
  func encode(to out: inout AggregateWriter) {
    let clientOrder = clients.keys.idsInByteOrder()
    let triedOrder = tried.idsInByteOrder()
    clients.encode(inOrder: clientOrder, to: &out)
    tried.encode(inOrder: triedOrder, to: &out)
    let clientRank = SymbolTable.ranks(clientOrder)
    let triedRank = SymbolTable.ranks(triedOrder)
    let translated = pairs.map { p, n in
      (UInt64(clientRank[Int(p >> 32)]) << 32 | UInt64(triedRank[Int(p & 0xFFFF_FFFF)]), n)
    }.sorted { $0.0 < $1.0 }
    out.ascending(translated.map(\.0))
    for (_, n) in translated { out.count(n) }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    clients = try KeyedTable(decoding: &input)
    tried = try SymbolTable(decoding: &input)
    let keys = try input.pairs(first: clients.count, second: tried.count)
    guard keys.count <= input.remaining else { throw input.failure("attempts past the end") }
    pairs.reserveCapacity(keys.count)
    for key in keys { pairs[key] = try input.count() }
  }
}
