import ReportModel

/// Content-filter hops, counted once (who is sending, issue 15): with an after-queue filter
/// (amavis on `127.0.0.1:10024`, or Postfix looping through a second smtpd of its own on
/// `127.0.0.1:10025`) every message is queued twice. The original A is handed to the filter —
/// `A: to=<…>, relay=127.0.0.1[127.0.0.1]:10025, …, status=sent (250 2.0.0 Ok: queued as B)` —
/// and the filter's copy B is received from a loopback client (`B: client=localhost[127.0.0.1]`).
/// The copy keeps A's submitter and is not a message, a client or a relay of its own; A's
/// hand-off is not a final status of A's recipients: the submitters count as if there were no
/// filter. The other sections count both messages, as pflogsumm does.
///
/// The two halves meet in either order, and in different shards: B's receipt is usually logged
/// before A's hand-off (the filter re-injects within the SMTP session it then answers), B may
/// even be delivered before it, and a receipt from loopback may be no copy at all. So neither
/// half waits for the other in the message lifecycle; each leaves a side in a `Record` keyed by
/// B's queue id, holding what it would have counted for its submitter:
/// - the copy side, from a receipt from 127.0.0.1 or ::1 without a login: B's message, size,
///   deferrals and final statuses (`Held`);
/// - the original side, from every hand-off of A naming B (a `sent` delivery to a relay on
///   loopback whose reply says `queued as B`): whose A is, and the hand-offs' statuses.
///
/// A message from loopback is itself handed to the filter (Postfix's content_filter takes the
/// local application's mail too) before anyone can tell whether it is a copy: its hand-off
/// counts as whatever it turns out to be (`Whose.copy`), and so does its own copy; they are
/// settled when it is (its `dependents`).
///
/// The sides join when both are there and their lines are at most `window` apart: B's held
/// statuses and deferrals count for A's submitter, in the day and hour of A's receipt; B's
/// message and size, and A's hand-offs, do not count; B's message state takes A's origin
/// (`MessageState.becomeFilterCopy`), so that its later lines count for A's submitter directly.
/// A side that no partner joins counts what it held as if there had been no record: B for its
/// loopback client, A's hand-offs as the final statuses they then are (a relay on loopback that
/// answers `queued as` with an id never received here is a server of its own).
///
/// Message-ID is the fallback link, for a filter whose reply names no queue id: an smtp `sent`
/// to loopback without `queued as` leaves its original side under a key made of the hash of A's
/// Message-ID (`messageIDKey`), and B's copy side is found there once cleanup logs the same
/// Message-ID for B. Not for LMTP: an LMTP server on loopback is a mailbox store, or a list
/// manager that sends the post out again under its Message-ID — neither is a filter.
///
/// The merge law: whether two sides join depends on them alone (keys, times), and held counts
/// add up, so records merge by key and joins are resolved after (`Summary.mergeHops`). A side is
/// committed (`Summary.sweepHops`) once the log has moved a `window` past it and, in a shard
/// with predecessors, when no line of an earlier shard nor a hand-off kept for the merge with
/// it (`pendingKeys`) can be its partner; the rest at `finish`.
/// That holds while log time runs forward: after the clock is stepped back by more than the
/// window, which sides join may depend on the split (as which states a cap drops does).
/// During a merge the replayed events of the later shard's inherited histories name recipients
/// by the later shard's ids (see `Summary.merge`): what they hold goes to `replayed`, which
/// the merge translates and adds like the later shard's own records.
struct FilterHops: Sendable {
  /// How far apart, in seconds of log time, a copy's receipt and its original's hand-off may
  /// be. The filter re-injects the copy before it answers the hand-off: seconds, however long
  /// the scan took.
  static let window: Int64 = 600

  /// A final status held: of a copy whose original is not yet known, or of a hand-off whose
  /// copy is not. `domain` is -1 for a forward (no domain counted).
  struct Status: Sendable, Equatable {
    var recipient: Int32
    var domain: Int32
    var delivered: Bool
    var relayed: Bool
    var blocked: Bool
  }

  /// Whose a message is, for its submitter's counts: the submitter and client ids of
  /// `SubmitterSection`, and the cell its final statuses count in (nil when its receipt is not
  /// in the log).
  struct Owner: Sendable, Equatable {
    var submitter: Int32
    var client: Int32
    var cell: Cell?
  }

  /// Whom a side counts for: an owner, or whatever the copy under a key turns out to be (a
  /// message received from loopback hands off to a filter too — Postfix's own
  /// content_filter takes the local application's mail — and its copy is then its copy).
  enum Whose: Sendable, Equatable {
    case owner(Owner)
    case copy(ByteKey)
  }

  /// What a copy would count for its submitter, held.
  struct Held: Sendable, Equatable {
    /// Its receipt was confirmed: one message.
    var confirmed = false
    var bytes: Int64 = 0
    var deferrals: Int32 = 0
    var statuses: [Status] = []

    mutating func add(_ other: Held) {
      confirmed = confirmed || other.confirmed
      bytes = bytes.addingSaturated(other.bytes)
      deferrals &+= other.deferrals
      statuses += other.statuses
    }
  }

  /// The copy side: a receipt from loopback without a login.
  struct CopySide: Sendable, Equatable {
    /// Log time of the receipt; nil for what a merge's replay held for a copy received before
    /// (added to that copy's side at the merge).
    var received: Int64?
    /// Whose it is until it is linked: the loopback client and the copy's own receipt cell.
    var owner: Owner
    /// `MessageState.messageID`, once cleanup logged it.
    var messageID: UInt32?
    var held = Held()
    /// Set once joined to its original: whose it is (anything held later counts there).
    var link: Whose?
    /// Keys of the sides that count as whatever this copy turns out to be (`Whose.copy`):
    /// settled when it is.
    var dependents: [ByteKey] = []
  }

  /// The original side: the hand-offs naming one key.
  struct OriginalSide: Sendable, Equatable {
    /// Log time of the earliest.
    var at: Int64
    var owner: Whose
    /// The hand-offs' statuses, held; dropped when a copy joins (they were the hop).
    var statuses: [Status] = []
    var joined = false
  }

  struct Record: Sendable, Equatable {
    var copy: CopySide?
    var original: OriginalSide?
    /// Under a `messageIDKey`: the queue id of the copy with that Message-ID.
    var copyWithMessageID: ByteKey?

    var isEmpty: Bool { copy == nil && original == nil && copyWithMessageID == nil }
  }

  var records: [ByteKey: Record] = [:]
  /// What a merge's replay holds (see above): nil but during a replay.
  var replayed: [ByteKey: Record]?
  /// Log time of the last sweep.
  var sweptAt: Int64 = .min
  /// Keys named by hand-offs kept in `MessageLifecycle.pending` (replayed at the merge with
  /// the shards before), and how many kept hand-offs name no key yet (their Message-ID is in
  /// an earlier shard): a copy side they may join is not committed before that merge.
  var pendingKeys: Set<ByteKey> = []
  var pendingWithoutKey = 0

  /// Whether two sides' lines are close enough to be a copy and its original.
  @inline(__always)
  static func withinWindow(_ a: Int64, _ b: Int64) -> Bool { a.subtractingReportingOverflow(b).partialValue.magnitude <= window }

  /// The key an original side without a queue id waits under: `<` (which no queue id holds)
  /// and the Message-ID's 24-bit hash, on the host (`ByteKey.hostTag`) of the queue ids it
  /// links — a filter hands a message back to its own server; the same Message-ID on another
  /// server is another copy (relayed there), not this hop's.
  static func messageIDKey(_ messageID: UInt32, host: UInt64) -> ByteKey {
    let bytes: [UInt8] = [ASCII.lt, UInt8(truncatingIfNeeded: messageID >> 16), UInt8(truncatingIfNeeded: messageID >> 8), UInt8(truncatingIfNeeded: messageID)]
    return bytes.withBytes { ByteKey($0, 0..<4, host: host) }
  }

  /// The 24-bit hash `MessageState.messageID` keeps of a Message-ID (FNV-1a, unseeded: the
  /// same in every run and shard).
  static func messageIDHash(_ id: Bytes) -> UInt32 {
    var h: UInt32 = 0x811c_9dc5
    for b in id { h = (h ^ UInt32(b)) &* 0x0100_0193 }
    return (h ^ h >> 24) & MessageState.messageIDMask
  }

  func invariantsHold() -> Bool {
    replayed == nil && !records.values.contains { $0.isEmpty }
  }
}

extension FilterHops.Record {
  /// The record with its ids translated into another summary's tables (`nil` maps leave those
  /// ids as they are): at a merge, the later shard's records (every map) and what the replay
  /// held (the recipients only).
  func remapped(submitters: [Int32]?, clients: [Int32]?, domains: [Int32]?, recipients: [Int32]?) -> Self {
    func owner(_ o: FilterHops.Owner) -> FilterHops.Owner {
      var o = o
      if let submitters, o.submitter >= 0 { o.submitter = submitters[Int(o.submitter)] }
      if let clients, o.client >= 0 { o.client = clients[Int(o.client)] }
      return o
    }
    func whose(_ w: FilterHops.Whose) -> FilterHops.Whose {
      if case .owner(let o) = w { return .owner(owner(o)) }
      return w
    }
    func status(_ s: FilterHops.Status) -> FilterHops.Status {
      var s = s
      if let recipients, s.recipient >= 0 { s.recipient = recipients[Int(s.recipient)] }
      if let domains, s.domain >= 0 { s.domain = domains[Int(s.domain)] }
      return s
    }
    var r = self
    if var c = r.copy {
      c.owner = owner(c.owner)
      c.link = c.link.map(whose)
      c.held.statuses = c.held.statuses.map(status)
      r.copy = c
    }
    if var o = r.original {
      o.owner = whose(o.owner)
      o.statuses = o.statuses.map(status)
      r.original = o
    }
    return r
  }
}
