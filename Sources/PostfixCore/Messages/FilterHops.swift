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

  typealias Records = KeyedSlots<Record>

  struct Record: Sendable, Equatable, BlankSlotValue {
    var copy: CopySide?
    var original: OriginalSide?
    /// Under a `messageIDKey`: the queue id of the copy with that Message-ID.
    var copyWithMessageID: ByteKey?

    var isEmpty: Bool {
      // Not `copy == nil`: the sides are `Equatable`, and comparing one with nil copies it.
      if case .some = copy { return false }
      if case .some = original { return false }
      return copyWithMessageID == nil
    }
  }

  /// The records by key, read and changed in place (`KeyedSlots`: a record is large, and the
  /// lifecycle touches its copy side on every line of a held copy).
  var records = Records()
  /// What a merge's replay holds (see above): nil but during a replay.
  var replayed: [ByteKey: Record]?
  /// Log time of the last sweep.
  var sweptAt: Int64 = .min
  /// Keys named by hand-offs kept in `MessageLifecycle.pending` (replayed at the merge with
  /// the shards before), with those hand-offs' log times, and the times of the kept hand-offs
  /// that name no key yet (their Message-ID is in an earlier shard), ascending: a copy side
  /// within a `window` of such a hand-off may be its partner, and is not committed before that
  /// merge. One farther away cannot be (a join needs the original's earliest hand-off within
  /// the window). The times matter for more than speed: a shard that does not hold those
  /// hand-offs commits such a copy by its own sweep, and deciding by time, one pass over the
  /// same lines leaves the same sides (an aggregate saved either way, the same bytes).
  var pendingKeys: [ByteKey: [Int64]] = [:]
  var pendingWithoutKey: [Int64] = []

  /// Notes a kept hand-off's time in an ascending list (log order: almost always at its end).
  static func note(_ at: Int64, in times: inout [Int64]) {
    guard let last = times.last, at < last else {
      times.append(at)
      return
    }
    times.insert(at, at: firstIndex(in: times) { $0 > at })
  }

  /// Whether an ascending list holds a time within a window of `t`.
  static func anyWithinWindow(_ times: [Int64], of t: Int64) -> Bool {
    let i = firstIndex(in: times) { $0 >= t &- window }
    return i < times.count && withinWindow(times[i], t)
  }

  /// The first index of an ascending list where `isPast` holds (binary search; the end if none).
  private static func firstIndex(in times: [Int64], where isPast: (Int64) -> Bool) -> Int {
    var (low, high) = (0, times.count)
    while low < high {
      let mid = (low + high) / 2
      if isPast(times[mid]) { high = mid } else { low = mid + 1 }
    }
    return low
  }

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

  /// The 24-bit hash `MessageState.messageID` keeps of a Message-ID: unseeded, the same in
  /// every run, shard and machine (it is saved in aggregates). Eight bytes at a time, read as
  /// little-endian words, the last word overlapping the one before (every message has an id:
  /// a loop per byte cost about 200 instructions each).
  static func messageIDHash(_ id: Bytes) -> UInt32 {
    func mix(_ x: UInt64) -> UInt64 {
      let z = x &* 0xD6E8_FEB8_6659_FD93
      return z ^ (z >> 32)
    }
    let n = id.count
    var h = mix(0x9E37_79B9_7F4A_7C15 ^ UInt64(n))
    guard let base = id.baseAddress else { return UInt32(truncatingIfNeeded: h) & MessageState.messageIDMask }
    let raw = UnsafeRawPointer(base)
    if n >= 8 {
      var i = 0
      while i < n - 8 {
        h = mix(h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
        i += 8
      }
      h = mix(h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)))
    } else {
      var tail: UInt64 = 0
      for k in 0..<n { tail |= UInt64(id[k]) << (8 * UInt64(k)) }
      h = mix(h ^ tail)
    }
    return UInt32(truncatingIfNeeded: h ^ h >> 40) & MessageState.messageIDMask
  }

  func invariantsHold() -> Bool {
    replayed == nil && records.invariantsHold() && !records.contains { $0.value.isEmpty }
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

// MARK: Aggregate file

extension FilterHops: AggregateCodable {
  /// The records in key order; each side's statuses and dependents sorted (what they count adds
  /// up in any order, and the order they were met in depends on the split). Not saved: what a
  /// merge's replay holds (nil between merges), the time of the last sweep (only when to sweep
  /// next: a saved summary is merged, never read on, and a merge sweeps), and the keys of the
  /// hand-offs kept for earlier shards (`pendingKeys`, `pendingWithoutKey`: gathered again from
  /// `MessageLifecycle.pending` when the summary is read, `Summary(aggregatePayload:)`).
  func encode(to out: inout AggregateWriter) {
    out.sorted(records.dictionary, key: { $1.encode(to: &$0) }, value: { $1.encode(to: &$0) })
  }

  /// Ids are checked against the tables read before (submitters, clients, recipients, domains);
  /// keys are never empty, a Message-ID hash is 24 bits, no record is empty.
  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    records = Records(
      try input.sorted(minimumBytes: 4, key: { r throws(AggregateError) in try ByteKey(decoding: &r) }) {
        r throws(AggregateError) in try Record(decoding: &r)
      })
  }
}

extension FilterHops.Record: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.bool(copy != nil)
    copy?.encode(to: &out)
    out.bool(original != nil)
    original?.encode(to: &out)
    out.optionalKey(copyWithMessageID ?? ByteKey())
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    if try input.bool() { copy = try FilterHops.CopySide(decoding: &input) }
    if try input.bool() { original = try FilterHops.OriginalSide(decoding: &input) }
    let q = try input.optionalKey()
    copyWithMessageID = q.isEmpty ? nil : q
    guard !isEmpty else { throw input.failure("an empty content-filter record") }
  }
}

extension FilterHops.CopySide: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.bool(received != nil)
    if let received { out.int(received) }
    owner.encode(to: &out)
    out.uint(messageID.map { UInt64($0) + 1 } ?? 0)
    held.encode(to: &out)
    out.bool(link != nil)
    link?.encode(to: &out)
    out.list(dependents.sorted()) { $1.encode(to: &$0) }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    let received: Int64? = try input.bool() ? try input.int() : nil
    self.init(received: received, owner: try FilterHops.Owner(decoding: &input))
    let m = try input.uint()
    guard m <= UInt64(MessageState.messageIDMask) + 1 else { throw input.failure("a Message-ID hash out of range") }
    messageID = m == 0 ? nil : UInt32(m - 1)
    held = try FilterHops.Held(decoding: &input)
    if try input.bool() { link = try FilterHops.Whose(decoding: &input) }
    dependents = try input.list(minimumBytes: 2) { r throws(AggregateError) in try ByteKey(decoding: &r) }
    for k in dependents.indices.dropFirst() where !(dependents[k - 1] < dependents[k]) {
      throw input.failure("a copy's dependents out of order")
    }
  }
}

extension FilterHops.OriginalSide: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.int(at)
    owner.encode(to: &out)
    FilterHops.Status.encode(statuses, to: &out)
    out.bool(joined)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(at: try input.int(), owner: try FilterHops.Whose(decoding: &input))
    statuses = try FilterHops.Status.decodeList(&input)
    joined = try input.bool()
    guard !joined || statuses.isEmpty else { throw input.failure("a joined hand-off that still holds statuses") }
  }
}

extension FilterHops.Whose: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    switch self {
    case .owner(let o):
      out.byte(0)
      o.encode(to: &out)
    case .copy(let key):
      out.byte(1)
      key.encode(to: &out)
    }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    switch try input.uint() {
    case 0: self = .owner(try FilterHops.Owner(decoding: &input))
    case 1: self = .copy(try ByteKey(decoding: &input))
    case let tag: throw input.failure("an unknown owner kind \(tag)")
    }
  }
}

extension FilterHops.Owner: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.optionalID(submitter, .submitters)
    out.optionalID(client, .clients)
    out.bool(cell != nil)
    cell?.encode(to: &out)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(
      submitter: try input.optionalID(.submitters), client: try input.optionalID(.clients),
      cell: try input.bool() ? try Cell(decoding: &input) : nil)
  }
}

extension FilterHops.Held: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.bool(confirmed)
    out.amount(bytes)
    out.count(Int(deferrals))
    FilterHops.Status.encode(statuses, to: &out)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(confirmed: try input.bool(), bytes: try input.amount(), deferrals: try input.count32())
    guard bytes >= 0 else { throw input.failure("a negative message size") }
    statuses = try FilterHops.Status.decodeList(&input)
  }
}

extension FilterHops.Status {
  /// Statuses in a canonical order: by recipient, domain and flags, in canonical ids.
  static func encode(_ statuses: [Self], to out: inout AggregateWriter) {
    let recipients = out.canonical[.recipients]
    let domains = out.canonical[.recipientDomains]
    let saved = statuses.map { s in
      (recipient: recipients[Int(s.recipient)], domain: s.domain < 0 ? -1 : domains[Int(s.domain)],
       flags: (s.delivered ? 4 : 0) | (s.relayed ? 2 : 0) | (s.blocked ? 1 : 0) as Int)
    }.sorted { ($0.recipient, $0.domain, $0.flags) < ($1.recipient, $1.domain, $1.flags) }
    out.list(saved) { out, s in
      out.count(Int(s.recipient))
      out.count(Int(s.domain + 1))
      out.number(s.flags)
    }
  }

  /// Statuses as `encode` wrote them: a recipient always (who is sending is tracked), a
  /// domain but for a forward.
  static func decodeList(_ input: inout AggregateReader) throws(AggregateError) -> [Self] {
    try input.list(minimumBytes: 3) { r throws(AggregateError) in
      let recipient = try r.id(.recipients)
      let domain = try r.optionalID(.recipientDomains)
      let flags = try r.number(in: 0...7, "a status's flags")
      return Self(recipient: recipient, domain: domain, delivered: flags & 4 != 0, relayed: flags & 2 != 0, blocked: flags & 1 != 0)
    }
  }
}
