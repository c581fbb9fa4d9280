import ReportModel

/// Content-filter hops (`FilterHops`): the sides the message lifecycle leaves, their joins, and
/// what they count for the submitters when they are settled.
///
/// The functions that only read the records are inlined (`@inline(__always)`): called from a
/// mutating function, a function of `Summary` that is not mutating is handed a copy of the
/// whole summary (2 KB) — more than the lookup it makes. Whether a side is there is asked as
/// `case .some = side`: the sides are `Equatable`, and `side != nil` copies one to compare it.
extension Summary {
  typealias Hops = FilterHops

  // MARK: From the lifecycle (`apply`)

  /// A receipt from loopback without a login: its copy side (an older one under the same id is
  /// settled first). Returns whose the copy is when a hand-off already named it.
  mutating func hopCopyReceived(_ qid: ByteKey, own: Hops.Owner) -> Hops.Whose? {
    assert(submitters.hops.replayed == nil, "a receipt is never replayed")
    let i = submitters.hops.records.slot(forKey: qid, inserting: Hops.Record())
    if let old = submitters.hops.records[i].copy.take() { commitCopy(qid, old) }
    submitters.hops.records[i].copy = Hops.CopySide(received: now, owner: own)
    return joinCopy(qid, current: qid)
  }

  /// Whether what the message `qid` (a `mayBeFilterCopy` state) counts for its submitter is
  /// held: its copy side waits for its original, or is the copy of one that does.
  @inline(__always)
  func hopHolds(_ qid: ByteKey) -> Bool {
    guard let i = submitters.hops.records.slot(forKey: qid), submitters.hops.records[i].copy?.received != nil else { return false }
    if case .owner? = submitters.hops.records[i].copy?.link { return false }
    return true
  }

  /// Holds something of the copy `qid` (`hopHolds`): at its root copy; during a merge's replay,
  /// in the replay's table (under `qid`, with `own`), added at the merge.
  mutating func hopHold(_ qid: ByteKey, own: Hops.Owner, _ change: (inout Hops.Held) -> Void) {
    var held = Hops.Held()
    change(&held)
    if submitters.hops.replayed != nil {
      var r = submitters.hops.replayed![qid] ?? Hops.Record()  // Safe: checked just above.
      var c = r.copy ?? Hops.CopySide(received: nil, owner: own)
      c.held.add(held)
      r.copy = c
      submitters.hops.replayed![qid] = r
      return
    }
    addHeld(held, to: qid)
  }

  /// `hopHold(qid, own:) { $0.statuses = [status] }`, without the array made for it on the way:
  /// a held copy's recipients come one status at a time (`addHeld`'s two cases, for a status).
  mutating func hopHoldStatus(_ qid: ByteKey, own: Hops.Owner, _ status: Hops.Status) {
    guard submitters.hops.replayed == nil else { return hopHold(qid, own: own) { $0.statuses = [status] } }
    guard let root = rootCopy(qid).slot, case .some = submitters.hops.records[root].copy else { return }
    if case .owner(let owner)? = submitters.hops.records[root].copy?.link {
      countStatus(status, for: owner)
    } else {
      submitters.hops.records[root].copy!.held.statuses.append(status)  // Safe: checked just above.
    }
  }

  /// A hand-off (a `sent` delivery to loopback) naming `key`, by a message counting for
  /// `whose`. Returns whose the message `current` is, if the hand-off made it a copy.
  mutating func hopHandOff(_ key: ByteKey, at: Int64, whose: Hops.Whose, _ status: Hops.Status, current: ByteKey?) -> Hops.Whose? {
    if submitters.hops.replayed != nil {
      var r = submitters.hops.replayed![key] ?? Hops.Record()  // Safe: checked just above.
      Self.addOriginal(&r, at: at, whose: whose, status)
      submitters.hops.replayed![key] = r
      return nil
    }
    Self.addOriginal(&submitters.hops.records[key, default: Hops.Record()], at: at, whose: whose, status)
    if case .copy(let root) = whose { addDependent(key, of: root) }
    guard let copyKey = copyKey(of: key) else { return nil }
    return joinCopy(copyKey, current: current)
  }

  /// cleanup logged the Message-ID of the copy `qid` (a `mayBeFilterCopy` state): it may be
  /// the copy of a hand-off that named no queue id. Returns whose it is, if it joined one.
  mutating func hopIdentified(_ qid: ByteKey, _ messageID: UInt32, own: Hops.Owner) -> Hops.Whose? {
    if submitters.hops.replayed != nil {
      var r = submitters.hops.replayed![qid] ?? Hops.Record()  // Safe: checked just above.
      var c = r.copy ?? Hops.CopySide(received: nil, owner: own)
      c.messageID = messageID
      r.copy = c
      submitters.hops.replayed![qid] = r
      return nil
    }
    guard let i = copySlot(qid) else { return nil }
    submitters.hops.records[i].copy!.messageID = messageID  // Safe: checked just above.
    submitters.hops.records[Hops.messageIDKey(messageID, host: qid.hostTag), default: Hops.Record()].copyWithMessageID = qid
    return joinCopy(qid, current: qid)
  }

  /// Notes a hand-off kept for the merge with the shards before (see `FilterHops.pendingKeys`).
  mutating func notePendingHandOff(_ event: MessageEvent) {
    guard case .handedOff(_, _, _, _, let copy, let at) = event else { return }
    if copy.isEmpty {
      Hops.note(at, in: &submitters.hops.pendingWithoutKey)
    } else {
      Hops.note(at, in: &submitters.hops.pendingKeys[copy, default: []])
    }
  }

  // MARK: Joining

  private static func addOriginal(_ r: inout Hops.Record, at: Int64, whose: Hops.Whose, _ status: Hops.Status) {
    guard var o = r.original else {
      r.original = Hops.OriginalSide(at: at, owner: whose, statuses: [status])
      return
    }
    o.at = min(o.at, at)
    if !o.joined { o.statuses.append(status) }
    r.original = o
  }

  /// The copy an original side under `key` is waiting for: under the same key, or, under a
  /// Message-ID's key, the copy with that Message-ID.
  @inline(__always)
  private func copyKey(of key: ByteKey) -> ByteKey? {
    guard !key.isEmpty else { return nil }
    guard let i = submitters.hops.records.slot(forKey: key) else { return key }
    return submitters.hops.records[i].copyWithMessageID ?? key
  }

  /// Joins the copy side under `copyKey` to its original side, if it waits for one that is
  /// there and close enough in time: the hand-offs' statuses are dropped (they were the hop),
  /// and the copy counts for the original's owner. Returns whose the copy now is when it is
  /// the message `current` (whose state the caller holds; any other's is changed here).
  private mutating func joinCopy(_ copyKey: ByteKey, current: ByteKey?) -> Hops.Whose? {
    guard let i = submitters.hops.records.slot(forKey: copyKey), submitters.hops.records[i].copy?.link == nil,
      let received = submitters.hops.records[i].copy?.received
    else { return nil }
    var original: Hops.Records.Slot?
    if let at = submitters.hops.records[i].original?.at, Hops.withinWindow(at, received) {
      original = i
    } else if let m = submitters.hops.records[i].copy?.messageID,
      let j = submitters.hops.records.slot(forKey: Hops.messageIDKey(m, host: copyKey.hostTag)),
      let at = submitters.hops.records[j].original?.at, Hops.withinWindow(at, received)
    {
      original = j
    }
    guard let original, let owner = submitters.hops.records[original].original?.owner else { return nil }
    // A copy of itself, directly or through other copies (only a forged log has one): no hop.
    if case .copy(let root) = owner, rootCopy(root).key == copyKey { return nil }
    submitters.hops.records[original].original!.joined = true  // Safe: read just above.
    submitters.hops.records[original].original!.statuses = []
    return link(copyKey, to: owner, current: current)
  }

  /// The copy under `key` becomes a copy counting for `whose`: what it held goes there (but its
  /// message and size: a filter's copy is not a message of its own), and so does what it
  /// counts from now on.
  private mutating func link(_ key: ByteKey, to whose: Hops.Whose, current: ByteKey?) -> Hops.Whose? {
    guard let i = copySlot(key) else { return nil }
    var held = submitters.hops.records[i].copy!.held  // Safe: checked just above.
    held.confirmed = false
    held.bytes = 0
    submitters.hops.records[i].copy!.held = Hops.Held()
    submitters.hops.records[i].copy!.link = whose
    switch whose {
    case .owner(let owner):
      countHeld(held, for: owner, asMessage: false)
      settleDependents(of: key, owner)
    case .copy(let root):
      addDependent(key, of: root)
      addHeld(held, to: root)
    }
    if key == current { return whose }
    rewriteState(key, whose)
    return nil
  }

  /// The slot of the record under `key`, if it holds a copy side.
  @inline(__always)
  private func copySlot(_ key: ByteKey) -> Hops.Records.Slot? {
    guard let i = submitters.hops.records.slot(forKey: key), case .some = submitters.hops.records[i].copy else { return nil }
    return i
  }

  /// The copy at the end of `key`'s links (at most a few: a filter behind a filter), and the
  /// slot of its record, if it has one.
  @inline(__always)
  private func rootCopy(_ key: ByteKey) -> (key: ByteKey, slot: Hops.Records.Slot?) {
    var k = key
    var slot = submitters.hops.records.slot(forKey: k)
    for _ in 0..<16 {
      guard let i = slot, case .copy(let next)? = submitters.hops.records[i].copy?.link else { break }
      k = next
      slot = submitters.hops.records.slot(forKey: k)
    }
    return (k, slot)
  }

  /// Adds held counts to the copy `key`: to its own, or along its link.
  private mutating func addHeld(_ held: Hops.Held, to key: ByteKey) {
    guard let root = rootCopy(key).slot, case .some = submitters.hops.records[root].copy else { return }
    switch submitters.hops.records[root].copy?.link {
    case .owner(let owner)?:
      var h = held
      h.confirmed = false
      h.bytes = 0
      countHeld(h, for: owner, asMessage: false)
    case nil, .copy?:
      submitters.hops.records[root].copy!.held.add(held)  // Safe: checked just above.
    }
  }

  private mutating func addDependent(_ key: ByteKey, of root: ByteKey) {
    guard let i = copySlot(root) else { return }
    if submitters.hops.records[i].copy?.dependents.contains(key) == false { submitters.hops.records[i].copy!.dependents.append(key) }
  }

  /// The copy `key` is settled as `owner`'s: so are the sides that counted as whatever it
  /// turned out to be (its `dependents`, or `removed`'s when its side was just taken out).
  private mutating func settleDependents(of key: ByteKey, _ owner: Hops.Owner, removed: Hops.CopySide? = nil) {
    let dependents: [ByteKey]
    if let removed {
      dependents = removed.dependents
    } else {
      guard let i = copySlot(key) else { return }
      dependents = submitters.hops.records[i].copy!.dependents  // Safe: checked just above.
      submitters.hops.records[i].copy!.dependents = []
    }
    for d in dependents {
      guard let j = submitters.hops.records.slot(forKey: d) else { continue }
      if case .copy(key)? = submitters.hops.records[j].original?.owner { submitters.hops.records[j].original!.owner = .owner(owner) }
      if case .copy(key)? = submitters.hops.records[j].copy?.link {
        submitters.hops.records[j].copy!.link = .owner(owner)
        rewriteState(d, .owner(owner))
        settleDependents(of: d, owner)
      }
    }
  }

  /// The open message `key`, a copy now counting for `whose`.
  private mutating func rewriteState(_ key: ByteKey, _ whose: Hops.Whose) {
    // In place (`apply` may be running for another message, whose position must hold).
    guard let i = messages.open.index(forKey: key) else { return }
    var st = messages.open.state(at: i)
    guard st.mayBeFilterCopy else { return }
    st.become(whose)
    messages.open.setState(st, at: i)
  }

  // MARK: Counting what was held

  /// Held counts, for `owner`: with the message and its size when the copy turned out to be a
  /// message of its own (`asMessage`).
  private mutating func countHeld(_ held: Hops.Held, for owner: Hops.Owner, asMessage: Bool) {
    if asMessage, held.confirmed, let cell = owner.cell {
      submitters.countMessage(MessageOrigin(whence: 0, submitter: owner.submitter, client: owner.client), in: cell)
    }
    let s = owner.submitter >= 0 ? owner.submitter : submitters.unknownID()
    if asMessage, held.bytes > 0 { submitters.submitters[s].bytes = submitters.submitters[s].bytes.addingSaturated(held.bytes) }
    if held.deferrals != 0 { submitters.submitters[s].deferred &+= held.deferrals }
    for st in held.statuses { countStatus(st, for: owner) }
  }

  private mutating func countStatus(_ st: Hops.Status, for owner: Hops.Owner) {
    let s = owner.submitter >= 0 ? owner.submitter : submitters.unknownID()
    submitters.countRecipient(
      s, recipient: st.recipient, domain: st.domain >= 0 ? st.domain : nil, delivered: st.delivered, relayed: st.relayed,
      blocked: st.blocked, in: owner.cell)
  }

  /// A copy side settled for good (past its window, replaced, or at the end): one that never
  /// joined an original is a message of its loopback client.
  /// `ownState`: the open message under `key` is this copy's (not a later message's).
  private mutating func commitCopy(_ key: ByteKey, _ c: Hops.CopySide, ownState: Bool = true) {
    switch c.link {
    case nil:
      countHeld(c.held, for: c.owner, asMessage: true)
      settleDependents(of: key, c.owner, removed: c)
      if ownState, let i = messages.open.index(forKey: key) {
        var st = messages.open.state(at: i)
        st.mayBeFilterCopy = false
        messages.open.setState(st, at: i)
      }
    case .owner(let owner):
      countHeld(c.held, for: owner, asMessage: false)
    case .copy:
      // Only when its root is gone unsettled (a cycle of forged copies): its own.
      countHeld(c.held, for: c.owner, asMessage: false)
    }
  }

  private mutating func commitOriginal(_ o: Hops.OriginalSide) {
    guard !o.joined, case .owner(let owner) = o.owner else { return }
    for st in o.statuses { countStatus(st, for: owner) }
  }

  // MARK: Sweeping, merging, finishing

  /// Settles the sides no line to come can join, once the log has moved a window on; and,
  /// past the cap on open messages (`StateLimits.messages`: a forged log can put any number of
  /// receipts in ten minutes), the oldest, joined or not, counted as evicted.
  mutating func sweepHopsIfDue() {
    if now &- Hops.window >= submitters.hops.sweptAt { sweepHops() }
    if submitters.hops.records.count > limits.messages { evictOldestHops() }
  }

  /// Settles the oldest tenth of the sides (by their lines' times, then key), or as many as
  /// bring the records back to the cap.
  mutating func evictOldestHops() {
    var sides: [(at: Int64, key: ByteKey)] = []
    for i in submitters.hops.records.slots {
      let r = submitters.hops.records[i]
      sides.append((r.copy?.received ?? r.original?.at ?? .min, submitters.hops.records.key(at: i)))
    }
    let drop = max(1, limits.messages / 10, submitters.hops.records.count - limits.messages)
    sides.sort { $0.at != $1.at ? $0.at < $1.at : $0.key < $1.key }
    var dropped = 0
    for (_, key) in sides.prefix(drop) {
      guard let r = submitters.hops.records.removeValue(forKey: key) else { continue }
      if let c = r.copy { commitCopy(key, c) }
      if let o = r.original { commitOriginal(o) }
      dropped += 1
    }
    input.lineStats.evictedMessages += dropped
  }

  /// Settles every side that no line to come can join: the log has moved a window past it
  /// and, in a shard with predecessors, neither an earlier shard's line nor a hand-off kept
  /// for the merge with them can be its partner. Sides still counting as an unsettled copy's
  /// wait for it. Roots first, oldest first (settling a root settles its dependents).
  mutating func sweepHops() {
    submitters.hops.sweptAt = now
    guard !submitters.hops.records.isEmpty else { return }
    let start = input.firstTime?.seconds ?? now
    let w = Hops.window
    func past(_ t: Int64) -> Bool { t &+ w < now && (!hasPredecessor || t &- w > start) }
    // The records are read where they lie (by slot): nothing below removes a record but the
    // one in hand, so the slots stay valid.
    var copies: [(at: Int64, key: ByteKey, slot: Hops.Records.Slot)] = []
    for i in submitters.hops.records.slots {
      guard let t = submitters.hops.records[i].copy?.received, past(t) else { continue }
      let key = submitters.hops.records.key(at: i)
      if hasPredecessor {
        if let times = submitters.hops.pendingKeys[key], Hops.anyWithinWindow(times, of: t) { continue }
        if submitters.hops.records[i].copy?.messageID != nil && Hops.anyWithinWindow(submitters.hops.pendingWithoutKey, of: t) { continue }
      }
      if case .copy? = submitters.hops.records[i].copy?.link { continue }
      copies.append((t, key, i))
    }
    copies.sort { $0.at != $1.at ? $0.at < $1.at : $0.key < $1.key }
    for (_, key, i) in copies {
      guard let c = submitters.hops.records[i].copy.take() else { continue }
      commitCopy(key, c)
    }
    for i in submitters.hops.records.slots {
      if let at = submitters.hops.records[i].original?.at, past(at), case .owner? = submitters.hops.records[i].original?.owner,
        let o = submitters.hops.records[i].original.take()
      {
        commitOriginal(o)
      }
      if let q = submitters.hops.records[i].copyWithMessageID, copySlot(q) == nil {
        submitters.hops.records[i].copyWithMessageID = nil
      }
      if submitters.hops.records[i].isEmpty { submitters.hops.records.remove(at: i) }
    }
  }

  /// At a merge: the later shard's records (`later`, in its ids) and what the replay held
  /// (`replayed`, in ours but for its recipients), added to ours; then the joins they make,
  /// and a sweep.
  mutating func mergeHops(_ later: FilterHops, replayed: [ByteKey: Hops.Record], _ ids: IDTranslation, recipients: [Int32]) {
    var incoming: [(ByteKey, Hops.Record)] = replayed.map { ($0.key, $0.value.remapped(submitters: nil, clients: nil, domains: nil, recipients: recipients)) }
    incoming += later.records.map {
      ($0.key, $0.value.remapped(submitters: ids.submitters, clients: ids.clients, domains: ids.domains, recipients: recipients))
    }
    // In a fixed order (by key, the replay's first): adding is order-free but for superseded
    // copies, and so is the rest.
    incoming = incoming.enumerated().sorted { $0.element.0 != $1.element.0 ? $0.element.0 < $1.element.0 : $0.offset < $1.offset }
      .map(\.element)
    for (key, r) in incoming { addRecord(key, r) }
    // What counts as another copy is known to it; what counts as a settled one is settled.
    for (key, r) in incoming {
      for root in [r.original?.owner, r.copy?.link].compactMap({ w -> ByteKey? in if case .copy(let k)? = w { return k } else { return nil } }) {
        if let i = rootCopy(root).slot, case .owner(let owner)? = submitters.hops.records[i].copy?.link {
          if case .copy? = submitters.hops.records[key]?.original?.owner { submitters.hops.records[key]!.original!.owner = .owner(owner) }
          if case .copy? = submitters.hops.records[key]?.copy?.link {
            submitters.hops.records[key]!.copy!.link = .owner(owner)
            rewriteState(key, .owner(owner))
          }
        } else {
          addDependent(key, of: root)
        }
      }
    }
    for (key, _) in incoming {
      _ = joinCopy(key, current: nil)
      if let q = submitters.hops.records[key]?.copyWithMessageID { _ = joinCopy(q, current: nil) }
    }
    submitters.hops.sweptAt = max(submitters.hops.sweptAt, later.sweptAt)
    sweepHops()
    if submitters.hops.records.count > limits.messages { evictOldestHops() }
  }

  /// One record added to ours, side by side.
  private mutating func addRecord(_ key: ByteKey, _ r: Hops.Record) {
    var mine = submitters.hops.records[key] ?? Hops.Record()
    if let theirs = r.original {
      if var o = mine.original {
        o.at = min(o.at, theirs.at)
        o.joined = o.joined || theirs.joined
        o.statuses = o.joined ? [] : o.statuses + theirs.statuses
        mine.original = o
      } else {
        mine.original = theirs
      }
    }
    mine.copyWithMessageID = mine.copyWithMessageID ?? r.copyWithMessageID
    var superseded: Hops.CopySide?
    var part: Hops.CopySide?
    if let theirs = r.copy {
      if let c = mine.copy {
        if theirs.received == nil {
          part = theirs  // what a replay held for our copy
        } else if c.received == nil {
          part = c
          mine.copy = theirs
        } else {
          superseded = c  // the id was received again later: the later message supersedes
          mine.copy = theirs
        }
      } else {
        mine.copy = theirs
      }
    }
    submitters.hops.records[key] = mine
    if let superseded { commitCopy(key, superseded, ownState: false) }
    if let part {
      if let m = part.messageID, submitters.hops.records[key]?.copy?.messageID == nil {
        submitters.hops.records[key]!.copy!.messageID = m  // Safe: checked just above.
        submitters.hops.records[Hops.messageIDKey(m, host: key.hostTag), default: Hops.Record()].copyWithMessageID = key
      }
      addHeld(part.held, to: key)
    }
  }

  /// Settles every side at the end of input.
  mutating func finishHops() {
    let roots = submitters.hops.records.compactMap { e -> (Int64, ByteKey)? in
      guard let c = e.value.copy, c.link == nil, let t = c.received else { return nil }
      return (t, e.key)
    }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    for (_, key) in roots {
      guard let c = submitters.hops.records[key]?.copy else { continue }
      submitters.hops.records[key]!.copy = nil  // Safe: read just above.
      commitCopy(key, c)
    }
    for key in submitters.hops.records.keys.sorted() {
      guard let r = submitters.hops.records[key] else { continue }
      if let c = r.copy { commitCopy(key, c) }
      if let o = r.original { commitOriginal(o) }
    }
    submitters.hops = FilterHops()
  }
}

extension MessageState {
  /// A copy now counting for `whose`: an owner's (`becomeFilterCopy`), or another copy's, whose
  /// own is not yet known (what it counts is held there).
  mutating func become(_ whose: FilterHops.Whose) {
    switch whose {
    case .owner(let o): becomeFilterCopy(submitter: o.submitter, client: o.client, originalCell: o.cell)
    case .copy: markFilterCopy()
    }
  }
}
