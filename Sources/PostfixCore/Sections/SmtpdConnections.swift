import ReportModel

/// smtpd connection times (`--smtpd-stats`): per day, hour and client domain, from each
/// `connect from` to its `disconnect from` (matched by smtpd's pid on the line's host: two
/// servers' smtpd processes may share a pid).
///
/// A pid whose first line in a shard is a disconnect waits for the merge with that one end: a
/// later end before any connect changes nothing (no connection is open by then), and a connect
/// starts afresh — from then on the shard reads the pid itself, and the merge drops the earlier
/// shards' state for it after replaying the end. So what is kept for the merge is one end per
/// pid, and bounded by the cap on pids.
struct SmtpdConnections: Sendable {
  var total = DurationStats()
  var perHour = [DurationStats](repeating: DurationStats(), count: 24)
  var perDay: [Day: DurationStats] = [:]
  var perDomain: [String: DurationStats] = [:]

  /// An smtpd process: its pid and its host's tag (`ByteKey.hostTag`).
  struct Key: Hashable, Comparable, Sendable {
    var pid: Int
    var host: UInt64

    static func < (a: Key, b: Key) -> Bool { (a.pid, a.host) < (b.pid, b.host) }
  }

  // In-flight state (see `Summary+Merge.swift`).
  var open: [Key: LogTime] = [:]
  var pending: [Key: [ConnectionEnd]] = [:]
  var pendingOrder: [Key] = []
  var restarted: Set<Key> = []
  /// Open connections dropped at the cap.
  var evicted = 0

  mutating func connect(_ pid: Key, at time: LogTime, _ context: StateContext) {
    if context.hasPredecessor && open[pid] == nil { restarted.insert(pid) }
    open[pid] = time
    if open.count > context.limits.connections { evictOldest(context.limits) }
  }

  mutating func disconnect(_ pid: Key, at time: LogTime, client: String, _ context: StateContext) {
    let end = ConnectionEnd(time: time, client: client)
    if pending[pid] != nil && !restarted.contains(pid) {
      return  // a second end before any connect: nothing is open (see above)
    }
    if context.hasPredecessor && open[pid] == nil && !restarted.contains(pid) {
      if pending.count < context.limits.connections {
        pending[pid] = [end]
        pendingOrder.append(pid)
        return
      }
      evicted += 1
      restarted.insert(pid)
    }
    var start = open.removeValue(forKey: pid)
    apply(end, start: &start)
    if let start { open[pid] = start }
  }

  /// Drops the oldest tenth of the open connections, or down to the cap after a merge.
  mutating func evictOldest(_ limits: StateLimits) {
    let victims = open.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }
      .prefix(max(1, limits.connections / 10, open.count - limits.connections))
    for v in victims { open.removeValue(forKey: v.key) }
    evicted += victims.count
  }

  private mutating func apply(_ e: ConnectionEnd, start: inout LogTime?) {
    guard let begun = start else { return }
    start = nil
    // Lines out of order can put a disconnect before its connect; a negative duration is
    // counted as zero (pflogsumm adds it as negative seconds).
    let seconds = max(e.time.seconds - begun.seconds, 0)
    total.add(seconds)
    perHour[e.time.hour].add(seconds)
    perDay[e.time.date, default: DurationStats()].add(seconds)
    perDomain[e.client, default: DurationStats()].add(seconds)
  }

  /// The later shard's inherited ends replayed against our open connections (as the messages
  /// are), its open ones and its statistics added.
  mutating func merge(_ later: SmtpdConnections, _ context: StateContext) {
    for pid in later.pendingOrder {
      guard let ends = later.pending[pid] else { continue }
      if context.hasPredecessor && open[pid] == nil && !restarted.contains(pid) {
        // Unknown to us too: the end waits for the shards before us — unless we already keep
        // one, which makes this a second end before any connect (see `disconnect`).
        if pending[pid] == nil {
          pending[pid] = ends
          pendingOrder.append(pid)
        }
        continue
      }
      var start = open.removeValue(forKey: pid)
      for e in ends { apply(e, start: &start) }
      if let start { open[pid] = start }
    }
    for pid in later.restarted { open.removeValue(forKey: pid) }
    if context.hasPredecessor { restarted.formUnion(later.restarted) }
    open.merge(later.open) { _, new in new }
    if open.count > context.limits.connections { evictOldest(context.limits) }
    evicted += later.evicted

    total += later.total
    for h in 0..<24 { perHour[h] += later.perHour[h] }
    perDay.mergeAdding(later.perDay)
    perDomain.mergeAdding(later.perDomain)
  }

  // MARK: Report

  /// `--smtpd-stats`: the connection totals, per day, per hour and per client domain.
  func build(into report: inout Report, _ o: ReportOptions) {
    guard o.smtpdStats else { return }
    report.smtpdTotals = ConnectionTotals(connections: total.count, clients: perDomain.count, totalSeconds: total.total)
    if !o.suppressPerHour {
      report.smtpdPerDay = perDay.keys.sorted().map { d in
        let st = perDay[d]!  // Safe: key of the dictionary.
        return DayConnections(date: d, connections: st.count, totalSeconds: st.total, maxSeconds: st.max)
      }
      report.smtpdPerHour = (0..<24).compactMap { h in
        let st = perHour[h]
        return st.count > 0 ? HourConnections(hour: h, connections: st.count, totalSeconds: st.total, maxSeconds: st.max) : nil
      }
    }
    if !o.suppressHostDomain && o.hostCount != 0 {
      let rows = perDomain.map {
        ConnectionDomain(domain: $0.key, connections: $0.value.count, totalSeconds: $0.value.total, maxSeconds: $0.value.max)
      }
      report.smtpdDomains = ReportBuilder.domainTable(
        rows, limit: o.hostCount, count: { $0.connections }, size: { $0.totalSeconds }, key: { $0.domain })
    }
  }
}

/// The end of a connection (smtpd disconnect; postscreen DISCONNECT/HANGUP/PASS) whose start
/// may be in an earlier shard.
struct ConnectionEnd: Sendable {
  var time: LogTime
  /// smtpd: client domain; postscreen: client IP.
  var client: String
  /// postscreen `PASS NEW`/`PASS OLD`: counted as an action only when the connection is known.
  var passAction: String?
}

/// What the in-flight state of every section needs to know of the summary it belongs to.
struct StateContext {
  /// Whether earlier shards may exist (then unknown history is deferred, not assumed empty).
  var hasPredecessor: Bool
  var limits: StateLimits
}

// MARK: Aggregate file

extension SmtpdConnections: AggregateCodable {
  /// The statistics, then the in-flight state: open connections by pid, the kept ends in the
  /// order their pids first appeared, the restarted pids.
  func encode(to out: inout AggregateWriter) {
    total.encode(to: &out)
    for st in perHour { st.encode(to: &out) }
    out.sorted(perDay, key: { $1.encode(to: &$0) }, value: { $1.encode(to: &$0) })
    out.sorted(perDomain, key: { $0.string($1) }, value: { $1.encode(to: &$0) })
    out.sorted(open, key: { $1.encode(to: &$0) }, value: { $1.encode(to: &$0) })
    out.kept(pendingOrder, pending, key: { $1.encode(to: &$0) }, item: { $1.encode(to: &$0) })
    out.sortedSet(restarted) { $1.encode(to: &$0) }
    out.count(evicted)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    total = try DurationStats(decoding: &input)
    for h in 0..<24 { perHour[h] = try DurationStats(decoding: &input) }
    perDay = try input.sorted(key: { r throws(AggregateError) in try Day(decoding: &r) }, value: { r throws(AggregateError) in try DurationStats(decoding: &r) })
    perDomain = try input.sorted(key: { r throws(AggregateError) in try r.string() }, value: { r throws(AggregateError) in try DurationStats(decoding: &r) })
    open = try input.sorted(key: { r throws(AggregateError) in try Key(decoding: &r) }, value: { r throws(AggregateError) in try LogTime(decoding: &r) })
    (pending, pendingOrder) = try input.kept(
      key: { r throws(AggregateError) in try Key(decoding: &r) }, item: { r throws(AggregateError) in try ConnectionEnd(decoding: &r) })
    restarted = try input.sortedSet(minimumBytes: 2) { r throws(AggregateError) in try Key(decoding: &r) }
    evicted = try input.count()
  }
}

extension SmtpdConnections.Key: AggregateCodable {
  /// The pid, then the host's tag (`Summary(aggregatePayload:)` checks that a host read has it).
  func encode(to out: inout AggregateWriter) {
    out.int(Int64(pid))
    out.uint(host)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    let pid = try input.int()
    let host = try input.uint()
    guard host >> 48 == 0 else { throw input.failure("a host tag of more than 48 bits") }
    self.init(pid: Int(pid), host: host)
  }
}

extension ConnectionEnd: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    time.encode(to: &out)
    out.string(client)
    out.bool(passAction != nil)
    if let passAction { out.string(passAction) }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(time: try LogTime(decoding: &input), client: try input.string(), passAction: try input.bool() ? try input.string() : nil)
  }
}
