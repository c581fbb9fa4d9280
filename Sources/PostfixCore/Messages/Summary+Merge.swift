import ForkJoin
import ReportModel

/// Folding shards together, in log order.
///
/// Every section merges itself (its counters and tables add up). What crosses a shard boundary
/// is stitched exactly as a single sequential pass would: the later shard kept, in order, every
/// event of a message (or connection) whose history began before it, and those events are
/// replayed here against the earlier shards' open state; messages the later shard started
/// afresh supersede the earlier shards' open messages of the same id. `a.merge(b)` requires `b`
/// to come right after everything already in `a`; `a` may itself start after other shards (a
/// thread folds a run of consecutive shards that does not begin at the first one), so the merge
/// is associative: a history that neither `a` nor `b` can resolve stays pending in the result,
/// for the shards before `a`.
extension Summary {
  /// Returns `later`, less the tables the merge let go as soon as they were added here (the
  /// submitters' pairs: `SubmitterSection.mergePairs`), for the caller to free where it likes.
  /// Pass it over (`consume`): a copy held elsewhere keeps those tables.
  @discardableResult
  public mutating func merge(_ later: consuming Summary, options: ParseOptions) -> Summary {
    // The keyed tables the message events refer to add up first: that gives each of the later
    // shard's keys its id here, which the replayed events need.
    // The recipient table is the largest part of a merge (hundreds of thousands of addresses,
    // on the main thread while the other cores wait): it is merged on one thread while the
    // other does everything else — the other tables, the replayed histories, the detail trees,
    // and the smtpd and postscreen connections. Replayed deliveries are counted meanwhile in a
    // table of the later shard's recipients (its keys, zero counts), which is added to the
    // merged table afterwards.
    later.dropLookupIndexes()
    submitters.settleOpenDays()
    later.submitters.settleOpenDays()
    var recipients = KeyedTable<CountBytes>()
    swap(&recipients, &users.recipients)
    users.recipients = later.users.recipients.withZeroValues()
    // Replayed final statuses name recipients by the later shard's ids too: their pairs are
    // gathered apart and translated with the rest.
    var recipientPairs = PairSet()
    swap(&recipientPairs, &submitters.recipientPairs)
    // So do what the replay holds for content-filter copies: apart, translated after.
    submitters.hops.replayed = [:]
    let context = stateContext
    // The hosts first: the replayed histories count for the hosts of their queue ids.
    servers.beginMerge(totals: traffic.serverFigures)
    servers.merge(later.servers, totals: later.traffic.serverFigures)
    let (recipientIDs, (keptForEarlier, ids)) = ForkJoin.both(
      { recipients.mergeAdding(later.users.recipients) },
      { () -> ([(ByteKey, Int)], IDTranslation) in
        var ids = IDTranslation()
        ids.domains = domains.recipientDomains.mergeAdding(later.domains.recipientDomains)
        ids.senders = users.senders.mergeAdding(later.users.senders)
        ids.hosts = messages.hosts.internAll(later.messages.hosts)
        (ids.submitters, ids.clients) = submitters.mergeTables(later.submitters)
        domains.senderDomains.mergeAdding(later.domains.senderDomains)
        let kept = replayMessages(later, ids, options: options)
        details.merge(later.details)
        smtpd.merge(later.smtpd, context)
        postscreen.merge(later.postscreen, context, countPasses: options.postscreenDetail)
        return (kept, ids)
      })
    recipients.addValues(of: users.recipients, remap: recipientIDs)
    swap(&recipients, &users.recipients)
    swap(&recipientPairs, &submitters.recipientPairs)
    submitters.recipientPairs.addAll(recipientPairs) {
      SubmitterSection.pair(SubmitterSection.first($0), recipientIDs[Int(SubmitterSection.second($0))])
    }
    submitters.mergePairs(&later.submitters, ids, recipients: recipientIDs)
    let replayedHops = submitters.hops.replayed ?? [:]
    submitters.hops.replayed = nil
    if submitters.isTracking { mergeHops(later.submitters.hops, replayed: replayedHops, ids, recipients: recipientIDs) }
    // Events kept for the shards before us name recipients by the later shard's ids until now.
    for (qid, start) in keptForEarlier {
      guard var events = messages.pending[qid] else { continue }
      for k in start..<events.count { events[k] = events[k].remapped(recipients: recipientIDs) }
      messages.pending[qid] = events
    }

    // The sections without message state add up.
    traffic.merge(later.traffic)
    withoutSize.merge(later.withoutSize)
    messageDetail.merge(later.messageDetail)
    input.merge(later.input)
    servers.endMerge(totals: traffic.serverFigures)
    abuse.merge(later.abuse)
    inputFiles += later.inputFiles
    if let theirs = later.aggregateOptions { aggregateOptions = aggregateOptions?.merged(with: theirs) ?? theirs }
    assert(tablesHoldInvariants(), "a table broke its contract in a merge")
    return later
  }

  /// The later summary's keyed tables are only read by id in a merge (interned here key by
  /// key, counted by id): their lookup indexes go first, a third of each table's memory, at
  /// the merge's peak, when both summaries are held and this one's tables grow. (A lookup
  /// would rebuild one: `SymbolTable.dropIndex`.)
  private mutating func dropLookupIndexes() {
    users.recipients.dropIndex()
    users.senders.dropIndex()
    domains.recipientDomains.dropIndex()
    domains.senderDomains.dropIndex()
    messages.hosts.dropIndex()
    submitters.submitters.dropIndex()
    submitters.clients.dropIndex()
    submitters.clientHosts.dropIndex()
  }

  /// The contracts of the optimised tables (Tables/README.md), checked in full: debug builds
  /// assert them after every merge.
  func tablesHoldInvariants() -> Bool {
    users.invariantsHold() && domains.invariantsHold() && postscreen.perIP.invariantsHold() && details.invariantsHold()
      && messages.invariantsHold() && servers.invariantsHold() && submitters.invariantsHold()
      && abuse.invariantsHold()
  }

  /// The later shard's inherited message histories replayed, the messages it restarted
  /// dropped, its open messages added. Its deliveries name recipients by its own ids (see
  /// `merge`); so do the events kept for the shards before us, returned as (queue id, index of
  /// the first kept event) for `merge` to translate.
  private mutating func replayMessages(_ later: Summary, _ ids: IDTranslation, options: ParseOptions) -> [(ByteKey, Int)] {
    var kept: [(ByteKey, Int)] = []
    // 1. Replay the later shard's inherited message histories.
    let laterEnd = later.input.lastTime?.seconds ?? now
    for qid in later.messages.pendingOrder {
      guard let events = later.messages.pending[qid] else { continue }
      let remapped = events.map { $0.remapped(ids) }
      if hasPredecessor && messages.open[qid] == nil && !messages.restarted.contains(qid.fingerprint) {
        // We do not know this history either: it began before us, so the events wait for the
        // merge with the shards before us, after the ones we kept (as `messageEvent` would).
        if messages.pending[qid] == nil { messages.pendingOrder.append(qid) }
        kept.append((qid, messages.pending[qid]?.count ?? 0))
        messages.pending[qid, default: []].append(contentsOf: remapped)
        messages.pendingEventCount += remapped.count
        for e in remapped { notePendingHandOff(e) }
        continue
      }
      // What the replay adds to the grand totals is the message's host's (`ServerSection`).
      let before = traffic.serverFigures
      var state = messages.open.removeValue(forKey: qid)
      for e in remapped { apply(e, qid: qid, state: &state, options) }
      if var state {
        state.lastSeen = laterEnd
        messages.open[qid] = state
      }
      servers.add(traffic.serverFigures - before, toKey: qid)
    }
    // 2. Messages the later shard restarted supersede ours — and, when we too start after other
    //    shards, theirs: the restart is remembered for that merge.
    if !later.messages.restarted.isEmpty {
      for qid in messages.open.keys where later.messages.restarted.contains(qid.fingerprint) {
        if let old = messages.open.removeValue(forKey: qid) { finalize(old, qid) }
      }
      if hasPredecessor { messages.restarted.formUnion(later.messages.restarted) }
    }
    // 3. Its own open messages continue.
    mergeOpenMessages(MessageState.remapping(later.messages.open, ids))
    now = max(now, laterEnd)
    return kept
  }

  /// Adds a later shard's open messages (they win over ours with the same id). Over the cap
  /// together, the oldest of both are dropped first, as `evictOldestMessages` would drop them
  /// from the union — but without building the union, whose table would be twice the cap.
  mutating func mergeOpenMessages(_ laterMessages: OpenMessages) {
    let excess = messages.open.count + laterMessages.count - limits.messages
    guard excess > 0, !laterMessages.isEmpty else {
      if laterMessages.count > messages.open.count {
        // Add ours to theirs: the bigger table is shared (not copied at all when ours is empty).
        var union = laterMessages
        for (key, state) in messages.open where union[key] == nil { union[key] = state }
        messages.open = union
      } else {
        messages.open.merge(laterMessages)
      }
      return
    }
    let drop = max(1, limits.messages / 10, excess)
    let ours = messages.open.lazy.filter { laterMessages[$0.key] == nil }.map { (seen: $0.value.lastSeen, key: $0.key) }
    let theirs = laterMessages.lazy.map { (seen: $0.value.lastSeen, key: $0.key) }
    let victims = Set(
      (Array(ours) + Array(theirs))
        .sorted { $0.seen != $1.seen ? $0.seen < $1.seen : $0.key < $1.key }
        .prefix(drop).map(\.key))
    for key in victims {
      if let old = messages.open.removeValue(forKey: key) { finalize(old, key) }
    }
    for (key, state) in laterMessages {
      if victims.contains(key) {
        finalize(state, key)
      } else {
        messages.open[key] = state
      }
    }
    input.lineStats.evictedMessages += victims.count
  }

  /// Closes the books at the end of input: open messages' unconfirmed receipts are remembered.
  public mutating func finish() {
    if submitters.isTracking { finishHops() }
    submitters.settleOpenDays()
    for (key, state) in messages.open { finalize(state, key) }
    messages = MessageLifecycle()
    messages.hosts = SymbolTable(capacity: 0)
    smtpd.open = [:]
    postscreen.open = [:]
    // Only open state referred to the hosts, and the memos' raw texts are of no use
    // to the report: both go before the report is built, at the memory peak. (Every tree
    // counted through a memo: deferral reasons, reject details, postscreen's listed clients.)
    postscreen.passes.fold(into: &details[.postscreenActions], clients: postscreen.perIP)
    details.dropMemos()
    users.recipients.dropIndex()
    users.senders.dropIndex()
    domains.recipientDomains.dropIndex()
    domains.senderDomains.dropIndex()
    domains.senderDomainIDs = IDMemo()
  }

  /// Counts skipped overlong lines reported by the input layer.
  public mutating func addOverlongLines(_ n: Int) {
    input.lineStats.overlong += n
    input.lineStats.total += n
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
