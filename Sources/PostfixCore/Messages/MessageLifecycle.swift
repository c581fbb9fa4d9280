/// The messages in flight: the shared core every message-level section counts through.
///
/// A queue id's lines (receipt, size, deliveries, deferrals, removal) are `MessageEvent`s
/// applied to its `MessageState` in order (`Summary.apply`). A shard applies the events of
/// histories it started itself, and keeps, in order, the events of any queue id whose first
/// event in the shard needs earlier history (`pending`); `Summary.merge` replays those against
/// the earlier shards' open messages with the very same code, and lets histories the later
/// shard restarted supersede the earlier ones. Per-message data of a section travels in the
/// message's `MessageOrigin`.
struct MessageLifecycle: Sendable {
  /// Open messages that started in this shard (or, in the first shard, anywhere).
  var open = OpenMessages()
  /// Events of messages whose earlier history is in a previous shard, in order.
  var pending: [ByteKey: [MessageEvent]] = [:]
  /// Order in which pending queue ids first appeared (keeps replay deterministic).
  var pendingOrder: [ByteKey] = []
  /// Events in `pending`, all ids together (capped by `StateLimits.pendingEvents`).
  var pendingEventCount = 0
  /// Fingerprints of queue ids this shard started afresh: an earlier shard's open message
  /// with the same id was superseded.
  var restarted = FingerprintSet()
  /// Client domains and relays that states, origins and events refer to (by id).
  var hosts = SymbolTable()

  func invariantsHold() -> Bool {
    open.invariantsHold() && hosts.invariantsHold()
  }

  /// The messages and kept events as a run that does not track who is sending leaves them
  /// (`Summary.forgetWhoIsSending`).
  mutating func forgetSubmitters() {
    open.updateStates { $0.forgetSubmitter() }
    for qid in pendingOrder {
      if let events = pending[qid] { pending[qid] = events.map(\.withoutSubmitter) }
    }
  }
}

// MARK: Aggregate file

extension MessageLifecycle: AggregateCodable {
  /// The hosts (a shared table), the open messages, the kept histories in the order their queue
  /// ids first appeared (the order they are replayed in), and the restarted ids.
  func encode(to out: inout AggregateWriter) {
    hosts.encode(inOrder: out.canonical.order(.hosts), to: &out)
    open.encode(to: &out)
    out.kept(pendingOrder, pending, key: { $1.encode(to: &$0) }, item: { $1.encode(to: &$0) })
    out.ascending(restarted.sorted())
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    hosts = try SymbolTable(decoding: &input)
    input.sizes[.hosts] = hosts.count
    open = try OpenMessages(decoding: &input)
    (pending, pendingOrder) = try input.kept(
      key: { r throws(AggregateError) in try ByteKey(decoding: &r) }, item: { r throws(AggregateError) in try MessageEvent(decoding: &r) })
    pendingEventCount = pending.values.reduce(0) { $0 + $1.count }
    restarted = FingerprintSet(try input.ascending())
  }
}
