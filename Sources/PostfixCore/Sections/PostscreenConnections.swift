import ReportModel

/// postscreen's connections (`--pscrn-stats`): from each `CONNECT` to the end of the screening
/// (`PASS NEW`, `PASS OLD`, `DISCONNECT`, `HANGUP`, `ALLOWLISTED`: handed to smtpd), matched by
/// the client's `ip:port`; per client IP their count and time, and the passes, which become
/// "postscreen actions" in `Summary.finish` (the other actions count in that tree directly).
///
/// What crosses a shard boundary is kept as smtpd's connections keep it (`SmtpdConnections`).
struct PostscreenConnections: Sendable {
  var total = DurationStats()
  /// By client IP (the report shows how many): interned, since every connection end looks
  /// its client up.
  var perIP = KeyedTable<DurationStats>()
  /// Passes by client id in `perIP`, until `Summary.finish` moves them to the actions tree.
  var passes = PassCounts()

  // In-flight state: keyed by the client's `ip:port`.
  var open: [ByteKey: LogTime] = [:]
  var pending: [ByteKey: [ConnectionEnd]] = [:]
  var pendingOrder: [ByteKey] = []
  var restarted = FingerprintSet()
  /// Open connections dropped at the cap.
  var evicted = 0

  mutating func connect(key: ByteKey, at time: LogTime, _ context: StateContext) {
    if context.hasPredecessor && open[key] == nil { restarted.insert(key.fingerprint) }
    open[key] = time
    if open.count > context.limits.connections { evictOldest(context.limits) }
  }

  mutating func end(key: ByteKey, _ end: ConnectionEnd, _ context: StateContext, countPasses: Bool) {
    if pending[key] != nil && !restarted.contains(key.fingerprint) {
      return  // a second end before any connect: nothing is open (see SmtpdConnections)
    }
    if context.hasPredecessor && open[key] == nil && !restarted.contains(key.fingerprint) {
      if pending.count < context.limits.connections {
        pending[key] = [end]
        pendingOrder.append(key)
        return
      }
      evicted += 1
      restarted.insert(key.fingerprint)
    }
    var start = open.removeValue(forKey: key)
    apply(end, start: &start, countPasses: countPasses)
    if let start { open[key] = start }
  }

  /// Drops the oldest tenth of the open connections, or down to the cap after a merge.
  mutating func evictOldest(_ limits: StateLimits) {
    let victims = open.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }
      .prefix(max(1, limits.connections / 10, open.count - limits.connections))
    for v in victims { open.removeValue(forKey: v.key) }
    evicted += victims.count
  }

  private mutating func apply(_ e: ConnectionEnd, start: inout LogTime?, countPasses: Bool) {
    guard let begun = start else { return }
    start = nil
    let seconds = max(e.time.seconds - begun.seconds, 0)
    total.add(seconds)
    let client = perIP.id(e.client)
    perIP[client].add(seconds)
    if let action = e.passAction, countPasses {
      passes.add(action, client: client)
    }
  }

  /// The later shard's inherited ends replayed against our open connections, its open ones
  /// and its statistics added.
  mutating func merge(_ later: PostscreenConnections, _ context: StateContext, countPasses: Bool) {
    for key in later.pendingOrder {
      guard let ends = later.pending[key] else { continue }
      if context.hasPredecessor && open[key] == nil && !restarted.contains(key.fingerprint) {
        if pending[key] == nil {
          pending[key] = ends
          pendingOrder.append(key)
        }
        continue
      }
      var start = open.removeValue(forKey: key)
      for e in ends { apply(e, start: &start, countPasses: countPasses) }
      if let start { open[key] = start }
    }
    if !later.restarted.isEmpty {
      for key in Array(open.keys) where later.restarted.contains(key.fingerprint) {
        open.removeValue(forKey: key)
      }
      if context.hasPredecessor { restarted.formUnion(later.restarted) }
    }
    open.merge(later.open) { _, new in new }
    if open.count > context.limits.connections { evictOldest(context.limits) }
    evicted += later.evicted

    total += later.total
    passes.merge(later.passes, remap: perIP.mergeAdding(later.perIP))
  }

  // MARK: Report

  /// `--pscrn-stats`: the connection totals.
  func build(into report: inout Report, _ o: ReportOptions) {
    guard o.postscreenStats else { return }
    report.postscreenTotals = ConnectionTotals(connections: total.count, clients: perIP.count, totalSeconds: total.total)
  }
}

// MARK: Aggregate file

extension PostscreenConnections: AggregateCodable {
  /// The statistics (the clients a shared table: the passes hold their ids), then the
  /// in-flight state as `SmtpdConnections` saves it.
  func encode(to out: inout AggregateWriter) {
    total.encode(to: &out)
    perIP.encode(inOrder: out.canonical.order(.postscreenClients), to: &out)
    passes.encode(to: &out)
    out.sorted(open, key: { $1.encode(to: &$0) }, value: { $1.encode(to: &$0) })
    out.kept(pendingOrder, pending, key: { $1.encode(to: &$0) }, item: { $1.encode(to: &$0) })
    out.ascending(restarted.sorted())
    out.count(evicted)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    total = try DurationStats(decoding: &input)
    perIP = try KeyedTable(decoding: &input)
    input.sizes[.postscreenClients] = perIP.count
    passes = try PassCounts(decoding: &input)
    open = try input.sorted(key: { r throws(AggregateError) in try ByteKey(decoding: &r) }, value: { r throws(AggregateError) in try LogTime(decoding: &r) })
    (pending, pendingOrder) = try input.kept(
      key: { r throws(AggregateError) in try ByteKey(decoding: &r) }, item: { r throws(AggregateError) in try ConnectionEnd(decoding: &r) })
    restarted = FingerprintSet(try input.ascending())
    evicted = try input.count()
  }
}
