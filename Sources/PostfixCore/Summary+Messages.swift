import ReportModel

/// The stateful part of the summary: message (queue id) lifecycles and connection timing,
/// applied either directly or, for histories that began in an earlier shard, replayed at merge.
extension Summary {
  /// Routes a message event: applied now when this shard knows the message's history, else
  /// kept for the merge.
  mutating func messageEvent(_ qid: ByteKey, _ event: MessageEvent, _ options: ParseOptions) {
    // One hash lookup on the common path: a found state is copied out, updated and stored back
    // by index (`apply` never touches `messages`, so the index stays valid). A message open
    // here was started here (or restarted), so none of the bookkeeping for inherited histories
    // below applies to it.
    if let i = messages.index(forKey: qid) {
      var state: MessageState? = messages.state(at: i)
      apply(event, qid: qid, state: &state, options)
      if var state {
        state.lastSeen = now
        messages.setState(state, at: i)
      } else {
        messages.remove(at: i)
      }
      return
    }
    if hasPredecessor && !inheritedEvent(qid, event) { return }
    var state: MessageState?
    apply(event, qid: qid, state: &state, options)
    if var state {
      state.lastSeen = now
      messages[qid] = state
      if messages.count > limits.messages { evictOldestMessages() }
    }
  }

  /// An event for a queue id with no open message in a shard that has predecessors: false when
  /// it was kept for the merge (its history may be in an earlier shard), true when it is to be
  /// applied now as the start of a history.
  private mutating func inheritedEvent(_ qid: ByteKey, _ event: MessageEvent) -> Bool {
    let fp = qid.fingerprint
    if restartedMessages.contains(fp) { return true }
    if pendingMessages[qid] != nil {
      switch event {
      case .received:
        // A new message with this id: the events kept so far are replayed at the merge and
        // then superseded (see `merge`); this one and the rest need no earlier history.
        restartedMessages.insert(fp)
        return true
      case .removed, .dropped:
        // The message ends here; what follows needs no earlier history.
        pendingMessages[qid]!.append(event)  // Safe: checked just above.
        pendingEventCount += 1
        restartedMessages.insert(fp)
        return false
      default:
        if pendingEventCount < limits.pendingEvents {
          pendingMessages[qid]!.append(event)  // Safe: checked just above.
          pendingEventCount += 1
          return false
        }
        // Too many events kept for the merge: read the rest of this message as having no history.
        lineStats.evictedMessages += 1
        restartedMessages.insert(fp)
        return true
      }
    }
    if case .received = event {
      restartedMessages.insert(fp)
      return true
    }
    if pendingMessages.count >= limits.pendingMessages || pendingEventCount >= limits.pendingEvents {
      // Too many unknown histories to keep for the merge: read this one as having none.
      lineStats.evictedMessages += 1
      restartedMessages.insert(fp)
      return true
    }
    pendingMessages[qid] = [event]
    pendingOrder.append(qid)
    pendingEventCount += 1
    if case .removed = event { restartedMessages.insert(fp) }
    if case .dropped = event { restartedMessages.insert(fp) }
    return false
  }

  /// Drops the oldest tenth of the open messages (by their last line's time, then queue id) —
  /// more after a merge that brought the count further over the cap, so that it is back at it.
  mutating func evictOldestMessages() {
    let drop = max(1, limits.messages / 10, messages.count - limits.messages)
    let victims = messages.map { (key: $0.key, seen: $0.value.lastSeen) }
      .sorted { $0.seen != $1.seen ? $0.seen < $1.seen : $0.key < $1.key }
      .prefix(drop)
    for v in victims {
      if let old = messages.removeValue(forKey: v.key) { finalize(old) }
    }
    lineStats.evictedMessages += victims.count
  }

  /// The lifecycle rules (see `MessageState`).
  mutating func apply(_ event: MessageEvent, qid: ByteKey, state s: inout MessageState?, _ options: ParseOptions) {
    switch event {
    case .received(let whence, let cell):
      if let old = s { finalize(old) }
      s = MessageState(pendingReceipt: cell, hadReceipt: true, whence: whence)

    case .sized(let sender, let size):
      if s?.size != nil { return }  // qmgr repeats the line after each deferral
      var st = s ?? MessageState()
      confirm(&st)
      st.size = size
      if options.extendedDetail { messageDetail[qid.string, default: []].append(senderUsers.keys.string(sender)) }
      if let whence = st.whence {
        // The sender's folded domain; for `from=<>` (or an address that folds to nothing), the
        // client's domain.
        let folded = senderDomainID(sender)
        let domain = folded != Self.noDomain ? folded : messageHosts.withBytes(whence) { senderDomains.id($0) }
        senderDomains[domain].add(count: 1, bytes: size)
        senderUsers[sender].add(count: 1, bytes: size)
        bytesReceived = bytesReceived.addingSaturated(size)
      }
      s = st

    case .delivered(let recipient, let domain, let delay):
      var size: Int64 = 0
      if var st = s {
        confirm(&st)
        s = st
        size = st.size ?? 0
      }
      recipientDomains[domain].addDelivery(delay: delay, bytes: size)
      recipientUsers[recipient].add(count: 1, bytes: size)
      if let st = s, st.size != nil {
        bytesDelivered = bytesDelivered.addingSaturated(size)
        if options.extendedDetail { messageDetail[qid.string, default: []].append(recipientUsers.keys.string(recipient)) }
        return
      }
      if !options.noMessageSizeReport { noSizeData[qid.string] = recipientUsers.keys.string(recipient) }
      if options.extendedDetail {
        messageDetail[qid.string, default: []].append("(sender not in log)")
        messageDetail[qid.string, default: []].append(recipientUsers.keys.string(recipient))
      }

    case .deferred(let relay):
      let existed = s != nil
      var st = s ?? MessageState()
      confirm(&st)
      if !st.deferred {
        st.deferred = true
        deferredMessages += 1
      }
      if existed { st.relay = relay }
      s = st

    case .accepted:
      if var st = s {
        confirm(&st)
        s = st
      }

    case .expired:
      if var st = s {
        confirm(&st)
        s = st
      }
      let key = s?.relay.map { r in messageHosts.withBytes(r) { HostNames.clientDomain($0, fqdn: true) } } ?? "unknown"
      expiredTree.add([key])

    case .removed:
      if var st = s { confirm(&st) }
      s = nil

    case .dropped:
      s = nil
    }
  }

  /// The id of `sender`'s folded domain in `senderDomains`, or `noDomain` (see `senderDomainIDs`).
  @inline(__always)
  mutating func senderDomainID(_ sender: Int32) -> Int32 {
    if let known = senderDomainIDs.value(sender) { return known }
    let senders = senderUsers.keys
    let folded: Int32 = senders.withBytes(sender) { b in
      if b.count == 7 && b.matches("from=<>", at: 0) { return Self.noDomain }
      if let fast = HostNames.fastFoldDomainRange(b) {
        return fast.lower ? senderDomains.id(HostNames.lowered(b, fast.range)) : senderDomains.id(UnsafeBufferPointer(rebasing: b[fast.range]))
      }
      let f = HostNames.foldDomain(String(decoding: b, as: UTF8.self))
      return f.isEmpty ? Self.noDomain : senderDomains.id(f)
    }
    senderDomainIDs.store(folded, for: sender)
    return folded
  }

  /// Counts a pending receipt as received, in the cell where it happened.
  @inline(__always)
  mutating func confirm(_ st: inout MessageState) {
    guard let cell = st.pendingReceipt else { return }
    st.pendingReceipt = nil
    received += 1
    self[traffic: cell.day].received += 1
    perHour[cell.hour].received += 1
  }

  /// A message that will see no more events: an unconfirmed receipt is remembered (it counts
  /// only if the input has no size data at all).
  mutating func finalize(_ st: MessageState) {
    if let cell = st.pendingReceipt { unconfirmedReceipts[cell, default: 0] += 1 }
  }

  // MARK: - smtpd connections

  // A pid (postscreen: client address and port) whose first line in a shard is an end waits for
  // the merge with that one end: a later end before any connect changes nothing (no connection
  // is open by then), and a connect starts afresh — from then on the shard reads the pid itself,
  // and the merge drops the earlier shards' state for it after replaying the end. So what is
  // kept for the merge is one end per pid, and bounded by the cap on pids.

  mutating func smtpdConnect(pid: Int, at time: LogTime) {
    if hasPredecessor && smtpdOpen[pid] == nil { restartedSmtpd.insert(pid) }
    smtpdOpen[pid] = SmtpdConnection(start: time)
    if smtpdOpen.count > limits.connections { evictOldestSmtpd() }
  }

  /// Drops the oldest tenth of the open smtpd connections, or down to the cap after a merge.
  mutating func evictOldestSmtpd() {
    let victims = smtpdOpen.sorted { $0.value.start != $1.value.start ? $0.value.start < $1.value.start : $0.key < $1.key }
      .prefix(max(1, limits.connections / 10, smtpdOpen.count - limits.connections))
    for v in victims { smtpdOpen.removeValue(forKey: v.key) }
    lineStats.evictedConnections += victims.count
  }

  mutating func smtpdDisconnect(pid: Int, at time: LogTime, client: String) {
    let end = ConnectionEnd(time: time, client: client)
    if pendingSmtpd[pid] != nil && !restartedSmtpd.contains(pid) {
      return  // a second end before any connect: nothing is open (see above)
    }
    if hasPredecessor && smtpdOpen[pid] == nil && !restartedSmtpd.contains(pid) {
      if pendingSmtpd.count < limits.connections {
        pendingSmtpd[pid] = [end]
        pendingSmtpdOrder.append(pid)
        return
      }
      lineStats.evictedConnections += 1
      restartedSmtpd.insert(pid)
    }
    var open = smtpdOpen.removeValue(forKey: pid)
    applySmtpd(end, open: &open)
    if let open { smtpdOpen[pid] = open }
  }

  mutating func applySmtpd(_ e: ConnectionEnd, open: inout SmtpdConnection?) {
    if e.isStart {
      open = SmtpdConnection(start: e.time)
      return
    }
    guard let start = open?.start else { return }
    open = nil
    // Lines out of order can put a disconnect before its connect; a negative duration is
    // counted as zero (pflogsumm adds it as negative seconds).
    let seconds = max(e.time.seconds - start.seconds, 0)
    smtpdTotal.add(seconds)
    smtpdPerHour[e.time.hour].add(seconds)
    smtpdPerDay[e.time.date, default: DurationStats()].add(seconds)
    smtpdPerDomain[e.client, default: DurationStats()].add(seconds)
  }

  // MARK: - postscreen connections

  mutating func postscreenConnect(key: ByteKey, at time: LogTime) {
    if hasPredecessor && postscreenOpen[key] == nil { restartedPostscreen.insert(key.fingerprint) }
    postscreenOpen[key] = time
    if postscreenOpen.count > limits.connections { evictOldestPostscreen() }
  }

  /// Drops the oldest tenth of the open postscreen connections, or down to the cap after a merge.
  mutating func evictOldestPostscreen() {
    let victims = postscreenOpen.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }
      .prefix(max(1, limits.connections / 10, postscreenOpen.count - limits.connections))
    for v in victims { postscreenOpen.removeValue(forKey: v.key) }
    lineStats.evictedConnections += victims.count
  }

  mutating func postscreenEnd(key: ByteKey, _ end: ConnectionEnd, _ options: ParseOptions) {
    if pendingPostscreen[key] != nil && !restartedPostscreen.contains(key.fingerprint) {
      return  // a second end before any connect: nothing is open (see smtpd above)
    }
    if hasPredecessor && postscreenOpen[key] == nil && !restartedPostscreen.contains(key.fingerprint) {
      if pendingPostscreen.count < limits.connections {
        pendingPostscreen[key] = [end]
        pendingPostscreenOrder.append(key)
        return
      }
      lineStats.evictedConnections += 1
      restartedPostscreen.insert(key.fingerprint)
    }
    var open = postscreenOpen.removeValue(forKey: key)
    applyPostscreen(end, open: &open, options)
    if let open { postscreenOpen[key] = open }
  }

  mutating func applyPostscreen(_ e: ConnectionEnd, open: inout LogTime?, _ options: ParseOptions) {
    if e.isStart {
      open = e.time
      return
    }
    guard let start = open else { return }
    open = nil
    let seconds = max(e.time.seconds - start.seconds, 0)
    postscreenTotal.add(seconds)
    let client = postscreenPerIP.id(e.client)
    postscreenPerIP[client].add(seconds)
    if let action = e.passAction, options.postscreenDetail {
      postscreenPasses.add(action, client: client)
    }
  }
}
