import ForkJoin
import ReportModel

/// Folding shards together, in log order.
///
/// Counters and tables add up. What crosses a shard boundary is stitched exactly as a single
/// sequential pass would: the later shard kept, in order, every event of a message (or
/// connection) whose history began before it, and those events are replayed here against the
/// earlier shards' open state; messages the later shard started afresh supersede the earlier
/// shards' open messages of the same id. `a.merge(b)` requires `b` to come right after
/// everything already in `a`; `a` may itself start after other shards (a thread folds a run of
/// consecutive shards that does not begin at the first one), so the merge is associative: a
/// history that neither `a` nor `b` can resolve stays pending in the result, for the shards
/// before `a`.
extension Summary {
  public mutating func merge(_ later: Summary, options: ParseOptions) {
    // 0. The keyed tables add up first: that gives each of the later shard's keys its id here,
    //    which the replayed events need.
    //    The recipient table is the largest part of a merge (hundreds of thousands of
    //    addresses, on the main thread while the other cores wait): it is merged on one thread
    //    while the other does everything else up to step 4 — the other tables, the replayed
    //    histories (steps 1-3), the detail trees, and the smtpd and postscreen connections.
    //    Replayed deliveries are counted meanwhile in a table of the later shard's recipients
    //    (its keys, zero counts), which is added to the merged table afterwards.
    var recipients = KeyedTable<CountBytes>()
    swap(&recipients, &recipientUsers)
    recipientUsers = later.recipientUsers.withZeroValues()
    let (recipientIDs, keptForEarlier) = ForkJoin.both(
      { recipients.mergeAdding(later.recipientUsers) },
      { () -> [(ByteKey, Int)] in
        let (domainIDs, senderIDs, hostIDs) = (
          recipientDomains.mergeAdding(later.recipientDomains), senderUsers.mergeAdding(later.senderUsers),
          messageHosts.internAll(later.messageHosts)
        )
        senderDomains.mergeAdding(later.senderDomains)
        let kept = replayMessages(later, senders: senderIDs, domains: domainIDs, hosts: hostIDs, options: options)
        mergeTrees(later)
        mergeConnections(later, options: options)
        return kept
      })
    recipients.addValues(of: recipientUsers, remap: recipientIDs)
    swap(&recipients, &recipientUsers)
    // Events kept for the shards before us name recipients by the later shard's ids until now.
    for (qid, start) in keptForEarlier {
      guard var events = pendingMessages[qid] else { continue }
      for k in start..<events.count { events[k] = events[k].remapped(recipients: recipientIDs) }
      pendingMessages[qid] = events
    }

    // 4. Everything else adds up.
    received += later.received
    delivered += later.delivered
    forwarded += later.forwarded
    deferredMessages += later.deferredMessages
    deferrals += later.deferrals
    bounced += later.bounced
    canceled += later.canceled
    expired += later.expired
    rejected += later.rejected
    rejectWarnings += later.rejectWarnings
    held += later.held
    discarded += later.discarded
    bytesReceived = bytesReceived.addingSaturated(later.bytesReceived)
    bytesDelivered = bytesDelivered.addingSaturated(later.bytesDelivered)
    sizeDataExists = sizeDataExists || later.sizeDataExists
    unconfirmedReceipts.merge(later.unconfirmedReceipts, uniquingKeysWith: +)

    days.formUnion(later.days)
    perDay.merge(later.perDay) { a, b in
      TrafficCounts(
        received: a.received + b.received, delivered: a.delivered + b.delivered, deferred: a.deferred + b.deferred,
        bounced: a.bounced + b.bounced, rejected: a.rejected + b.rejected)
    }
    for h in 0..<24 {
      perHour[h].received += later.perHour[h].received
      perHour[h].delivered += later.perHour[h].delivered
      perHour[h].deferred += later.perHour[h].deferred
      perHour[h].bounced += later.perHour[h].bounced
      perHour[h].rejected += later.perHour[h].rejected
    }

    masterMessages.merge(later.masterMessages, uniquingKeysWith: +)
    noSizeData.merge(later.noSizeData) { _, new in new }
    for (qid, items) in later.messageDetail { messageDetail[qid, default: []].append(contentsOf: items) }

    if let t = later.firstTime, firstTime.map({ t < $0 }) ?? true { firstTime = t }
    if let t = later.lastTime, lastTime.map({ t > $0 }) ?? true { lastTime = t }
    lineStats.total += later.lineStats.total
    lineStats.undated += later.lineStats.undated
    lineStats.outOfRange += later.lineStats.outOfRange
    lineStats.otherPrograms += later.lineStats.otherPrograms
    lineStats.postfix += later.lineStats.postfix
    lineStats.unprocessed += later.lineStats.unprocessed
    lineStats.overlong += later.lineStats.overlong
    lineStats.evictedMessages += later.lineStats.evictedMessages
    lineStats.evictedConnections += later.lineStats.evictedConnections
    assert(tablesHoldInvariants(), "a table broke its contract in a merge")
  }

  /// The contracts of the optimised tables (Tables/README.md), checked in full: debug builds
  /// assert them after every merge.
  func tablesHoldInvariants() -> Bool {
    let keyed =
      recipientUsers.invariantsHold() && recipientDomains.invariantsHold() && senderUsers.invariantsHold()
      && senderDomains.invariantsHold() && postscreenPerIP.invariantsHold() && messageHosts.invariantsHold()
    let trees = [
      deferralTree, bounceTree, expiredTree, rejectTree, rejectWarningTree, holdTree, discardTree, inboundTLSErrors,
      smtpExceptions, warnings, fatals, panics, postscreenActions, tlsLevels,
    ].allSatisfy { $0.invariantsHold() }
    return keyed && trees && messages.invariantsHold()
  }

  /// The nested reports add up (step 0 of `merge`, beside the recipient table).
  private mutating func mergeTrees(_ later: Summary) {
    deferralTree.merge(later.deferralTree)
    bounceTree.merge(later.bounceTree)
    expiredTree.merge(later.expiredTree)
    rejectTree.merge(later.rejectTree)
    rejectWarningTree.merge(later.rejectWarningTree)
    holdTree.merge(later.holdTree)
    discardTree.merge(later.discardTree)
    inboundTLSErrors.merge(later.inboundTLSErrors)
    smtpExceptions.merge(later.smtpExceptions)
    warnings.merge(later.warnings)
    fatals.merge(later.fatals)
    panics.merge(later.panics)
    postscreenActions.merge(later.postscreenActions)
    tlsLevels.merge(later.tlsLevels)
  }

  /// Steps 1-3 of `merge`: the later shard's inherited message histories replayed, the
  /// messages it restarted dropped, its open messages added. Its deliveries name recipients by
  /// its own ids (see `merge`); so do the events kept for the shards before us, returned as
  /// (queue id, index of the first kept event) for `merge` to translate.
  private mutating func replayMessages(
    _ later: Summary, senders: [Int32], domains: [Int32], hosts: [Int32], options: ParseOptions
  ) -> [(ByteKey, Int)] {
    var kept: [(ByteKey, Int)] = []
    // 1. Replay the later shard's inherited message histories.
    let laterEnd = later.lastTime?.seconds ?? now
    for qid in later.pendingOrder {
      guard let events = later.pendingMessages[qid] else { continue }
      let remapped = events.map { $0.remapped(senders: senders, domains: domains, hosts: hosts) }
      if hasPredecessor && messages[qid] == nil && !restartedMessages.contains(qid.fingerprint) {
        // We do not know this history either: it began before us, so the events wait for the
        // merge with the shards before us, after the ones we kept (as `messageEvent` would).
        if pendingMessages[qid] == nil { pendingOrder.append(qid) }
        kept.append((qid, pendingMessages[qid]?.count ?? 0))
        pendingMessages[qid, default: []].append(contentsOf: remapped)
        pendingEventCount += remapped.count
        continue
      }
      var state = messages.removeValue(forKey: qid)
      for e in remapped { apply(e, qid: qid, state: &state, options) }
      if var state {
        state.lastSeen = laterEnd
        messages[qid] = state
      }
    }
    // 2. Messages the later shard restarted supersede ours — and, when we too start after other
    //    shards, theirs: the restart is remembered for that merge.
    if !later.restartedMessages.isEmpty {
      for qid in messages.keys where later.restartedMessages.contains(qid.fingerprint) {
        if let old = messages.removeValue(forKey: qid) { finalize(old) }
      }
      if hasPredecessor { restartedMessages.formUnion(later.restartedMessages) }
    }
    // 3. Its own open messages continue.
    mergeOpenMessages(MessageState.remapping(later.messages, hosts: hosts))
    now = max(now, laterEnd)
    return kept
  }

  /// The smtpd and postscreen connections: the later shard's inherited ends replayed against
  /// our open connections (as the messages are in `merge`), its open ones and its statistics
  /// added (step 0 of `merge`, beside the recipient table).
  private mutating func mergeConnections(_ later: Summary, options: ParseOptions) {
    for pid in later.pendingSmtpdOrder {
      guard let ends = later.pendingSmtpd[pid] else { continue }
      if hasPredecessor && smtpdOpen[pid] == nil && !restartedSmtpd.contains(pid) {
        // Unknown to us too: the end waits for the shards before us — unless we already keep
        // one, which makes this a second end before any connect (see `smtpdDisconnect`).
        if pendingSmtpd[pid] == nil {
          pendingSmtpd[pid] = ends
          pendingSmtpdOrder.append(pid)
        }
        continue
      }
      var open = smtpdOpen.removeValue(forKey: pid)
      for e in ends { applySmtpd(e, open: &open) }
      if let open { smtpdOpen[pid] = open }
    }
    for pid in later.restartedSmtpd { smtpdOpen.removeValue(forKey: pid) }
    if hasPredecessor { restartedSmtpd.formUnion(later.restartedSmtpd) }
    smtpdOpen.merge(later.smtpdOpen) { _, new in new }
    if smtpdOpen.count > limits.connections { evictOldestSmtpd() }

    for key in later.pendingPostscreenOrder {
      guard let ends = later.pendingPostscreen[key] else { continue }
      if hasPredecessor && postscreenOpen[key] == nil && !restartedPostscreen.contains(key.fingerprint) {
        if pendingPostscreen[key] == nil {
          pendingPostscreen[key] = ends
          pendingPostscreenOrder.append(key)
        }
        continue
      }
      var open = postscreenOpen.removeValue(forKey: key)
      for e in ends { applyPostscreen(e, open: &open, options) }
      if let open { postscreenOpen[key] = open }
    }
    if !later.restartedPostscreen.isEmpty {
      for key in Array(postscreenOpen.keys) where later.restartedPostscreen.contains(key.fingerprint) {
        postscreenOpen.removeValue(forKey: key)
      }
      if hasPredecessor { restartedPostscreen.formUnion(later.restartedPostscreen) }
    }
    postscreenOpen.merge(later.postscreenOpen) { _, new in new }
    if postscreenOpen.count > limits.connections { evictOldestPostscreen() }

    smtpdTotal += later.smtpdTotal
    for h in 0..<24 { smtpdPerHour[h] += later.smtpdPerHour[h] }
    smtpdPerDay.mergeAdding(later.smtpdPerDay)
    smtpdPerDomain.mergeAdding(later.smtpdPerDomain)
    postscreenTotal += later.postscreenTotal
    postscreenPasses.merge(later.postscreenPasses, remap: postscreenPerIP.mergeAdding(later.postscreenPerIP))
  }

  /// Adds a later shard's open messages (they win over ours with the same id). Over the cap
  /// together, the oldest of both are dropped first, as `evictOldestMessages` would drop them
  /// from the union — but without building the union, whose table would be twice the cap.
  mutating func mergeOpenMessages(_ laterMessages: OpenMessages) {
    let excess = messages.count + laterMessages.count - limits.messages
    guard excess > 0, !laterMessages.isEmpty else {
      if laterMessages.count > messages.count {
        // Add ours to theirs: the bigger table is shared (not copied at all when ours is empty).
        var union = laterMessages
        for (key, state) in messages where union[key] == nil { union[key] = state }
        messages = union
      } else {
        messages.merge(laterMessages)
      }
      return
    }
    let drop = max(1, limits.messages / 10, excess)
    let ours = messages.lazy.filter { laterMessages[$0.key] == nil }.map { (seen: $0.value.lastSeen, key: $0.key) }
    let theirs = laterMessages.lazy.map { (seen: $0.value.lastSeen, key: $0.key) }
    let victims = Set(
      (Array(ours) + Array(theirs))
        .sorted { $0.seen != $1.seen ? $0.seen < $1.seen : $0.key < $1.key }
        .prefix(drop).map(\.key))
    for key in victims {
      if let old = messages.removeValue(forKey: key) { finalize(old) }
    }
    for (key, state) in laterMessages {
      if victims.contains(key) {
        finalize(state)
      } else {
        messages[key] = state
      }
    }
    lineStats.evictedMessages += victims.count
  }

  /// Closes the books at the end of input: open messages' unconfirmed receipts are remembered.
  public mutating func finish() {
    for (_, state) in messages { finalize(state) }
    messages = [:]
    smtpdOpen = [:]
    postscreenOpen = [:]
    // Only open state referred to these, and the memos' raw texts are of no use to the report:
    // both go before the report is built, at the memory peak. (Every tree counted through a
    // memo: deferral reasons, reject details, postscreen's listed clients.)
    messageHosts = SymbolTable(capacity: 0)
    deferralTree.dropMemo()
    rejectTree.dropMemo()
    rejectWarningTree.dropMemo()
    holdTree.dropMemo()
    discardTree.dropMemo()
    postscreenPasses.fold(into: &postscreenActions, clients: postscreenPerIP)
    postscreenActions.dropMemo()
    recipientUsers.dropIndex()
    recipientDomains.dropIndex()
    senderUsers.dropIndex()
    senderDomains.dropIndex()
    senderDomainIDs = IDMemo()
  }

  /// Counts skipped overlong lines reported by the input layer.
  public mutating func addOverlongLines(_ n: Int) {
    lineStats.overlong += n
    lineStats.total += n
  }
}

/// Values that add up, from zero.
protocol Addable {
  static var zero: Self { get }
  static func += (a: inout Self, b: Self)
}

extension CountBytes: Addable {
  static var zero: CountBytes { CountBytes() }
}

extension DeliveryStats: Addable {
  static var zero: DeliveryStats { DeliveryStats() }
}

extension DurationStats: Addable {
  static var zero: DurationStats { DurationStats() }
}

extension Dictionary where Value: Addable {
  /// Adds `other` into this table: values of keys in both add up.
  mutating func mergeAdding(_ other: [Key: Value]) {
    merge(other) { a, b in
      var sum = a
      sum += b
      return sum
    }
  }
}
