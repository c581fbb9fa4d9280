import ReportModel

/// The message lifecycle: queue id events routed to open messages, or kept for the merge when
/// their history began in an earlier shard; and the lifecycle rules, which count in the
/// sections (traffic, users, domains, detail trees, the per-message lists).
extension Summary {
  /// Routes a message event: applied now when this shard knows the message's history, else
  /// kept for the merge.
  mutating func messageEvent(_ qid: ByteKey, _ event: MessageEvent, _ options: ParseOptions) {
    // One hash lookup on the common path: a found state is copied out, updated and stored back
    // by index (`apply` never touches the open messages, so the index stays valid). A message
    // open here was started here (or restarted), so none of the bookkeeping for inherited
    // histories below applies to it.
    if let i = messages.open.index(forKey: qid) {
      var state: MessageState? = messages.open.state(at: i)
      apply(event, qid: qid, state: &state, options)
      if var state {
        state.lastSeen = now
        messages.open.setState(state, at: i)
      } else {
        messages.open.remove(at: i)
      }
      if submitters.isTracking { sweepHopsIfDue() }
      return
    }
    if hasPredecessor && !inheritedEvent(qid, event) { return }
    var state: MessageState?
    apply(event, qid: qid, state: &state, options)
    if var state {
      state.lastSeen = now
      messages.open[qid] = state
      if messages.open.count > limits.messages { evictOldestMessages() }
    }
    if submitters.isTracking { sweepHopsIfDue() }
  }

  /// cleanup's Message-ID of `qid` (its hash): `messageEvent(qid, .identified(…))`. Every
  /// message has one, and nearly every one is open here and no possible content-filter copy:
  /// for those the rule (`apply`) only keeps the hash in the state, written here where the
  /// state lies; the rest take the general route.
  mutating func messageIdentified(_ qid: ByteKey, _ messageID: UInt32, _ options: ParseOptions) {
    if let i = messages.open.index(forKey: qid) {
      var state = messages.open.state(at: i)
      if !state.mayBeFilterCopy {
        state.messageID = messageID
        state.lastSeen = now
        messages.open.setState(state, at: i)
        if submitters.isTracking { sweepHopsIfDue() }
        return
      }
    }
    messageEvent(qid, .identified(messageID: messageID), options)
  }

  /// An event for a queue id with no open message in a shard that has predecessors: false when
  /// it was kept for the merge (its history may be in an earlier shard), true when it is to be
  /// applied now as the start of a history.
  private mutating func inheritedEvent(_ qid: ByteKey, _ event: MessageEvent) -> Bool {
    let fp = qid.fingerprint
    if messages.restarted.contains(fp) { return true }
    if messages.pending[qid] != nil {
      switch event {
      case .received:
        // A new message with this id: the events kept so far are replayed at the merge and
        // then superseded (see `merge`); this one and the rest need no earlier history.
        messages.restarted.insert(fp)
        return true
      case .removed, .dropped:
        // The message ends here; what follows needs no earlier history.
        messages.pending[qid]!.append(event)  // Safe: checked just above.
        messages.pendingEventCount += 1
        messages.restarted.insert(fp)
        return false
      default:
        if messages.pendingEventCount < limits.pendingEvents {
          messages.pending[qid]!.append(event)  // Safe: checked just above.
          messages.pendingEventCount += 1
          notePendingHandOff(event)
          return false
        }
        // Too many events kept for the merge: read the rest of this message as having no history.
        input.lineStats.evictedMessages += 1
        messages.restarted.insert(fp)
        return true
      }
    }
    if case .received = event {
      messages.restarted.insert(fp)
      return true
    }
    if messages.pending.count >= limits.pendingMessages || messages.pendingEventCount >= limits.pendingEvents {
      // Too many unknown histories to keep for the merge: read this one as having none.
      input.lineStats.evictedMessages += 1
      messages.restarted.insert(fp)
      return true
    }
    messages.pending[qid] = [event]
    messages.pendingOrder.append(qid)
    messages.pendingEventCount += 1
    notePendingHandOff(event)
    if case .removed = event { messages.restarted.insert(fp) }
    if case .dropped = event { messages.restarted.insert(fp) }
    return false
  }

  /// Drops the oldest tenth of the open messages (by their last line's time, then queue id) —
  /// more after a merge that brought the count further over the cap, so that it is back at it.
  mutating func evictOldestMessages() {
    let drop = max(1, limits.messages / 10, messages.open.count - limits.messages)
    let victims = messages.open.map { (key: $0.key, seen: $0.value.lastSeen) }
      .sorted { $0.seen != $1.seen ? $0.seen < $1.seen : $0.key < $1.key }
      .prefix(drop)
    for v in victims {
      if let old = messages.open.removeValue(forKey: v.key) { finalize(old, v.key) }
    }
    input.lineStats.evictedMessages += victims.count
  }

  /// Who submitted a message (`unknown` when its receipt is not in the log).
  @inline(__always)
  mutating func submitter(of state: MessageState?) -> Int32 {
    if let s = state?.origin?.submitter, s >= 0 { return s }
    return submitters.unknownID()
  }

  /// Day and hour a recipient's final status counts in: the receipt's (nil when its receipt
  /// is not in the log).
  @inline(__always)
  private func statusCell(_ state: MessageState?) -> Cell? {
    state?.origin == nil ? nil : state?.receivedCell
  }

  /// Whose a message is for its submitter's counts (`FilterHops`): a copy whose original is
  /// not yet known counts as whatever it turns out to be.
  private mutating func whose(_ qid: ByteKey, _ s: MessageState?) -> FilterHops.Whose {
    if let st = s, st.mayBeFilterCopy, hopHolds(qid) { return .copy(qid) }
    return .owner(FilterHops.Owner(submitter: submitter(of: s), client: s?.origin?.client ?? -1, cell: statusCell(s)))
  }

  /// Whether what the message counts for its submitter is held (`FilterHops`).
  @inline(__always)
  private func holds(_ qid: ByteKey, _ s: MessageState?) -> Bool {
    guard let st = s, st.mayBeFilterCopy else { return false }
    return hopHolds(qid)
  }

  /// What a held copy counts as until its original is known: its loopback client's.
  private mutating func ownOf(_ s: MessageState?) -> FilterHops.Owner {
    FilterHops.Owner(submitter: submitter(of: s), client: -1, cell: s?.receivedCell)
  }

  /// The lifecycle rules (see `MessageState`).
  mutating func apply(_ event: MessageEvent, qid: ByteKey, state s: inout MessageState?, _ options: ParseOptions) {
    switch event {
    case .received(let origin, let cell, let mayBeFilterCopy):
      if let old = s { finalize(old, qid) }
      var st = MessageState(pendingReceipt: cell, hadReceipt: true, origin: origin)
      if mayBeFilterCopy && submitters.isTracking {
        st.mayBeFilterCopy = true
        if let whose = hopCopyReceived(qid, own: FilterHops.Owner(submitter: origin.submitter, client: -1, cell: cell)) {
          st.become(whose)
        }
      }
      s = st

    case .identified(let messageID):
      guard var st = s else { return }
      st.messageID = messageID
      if st.mayBeFilterCopy, submitters.isTracking, let whose = hopIdentified(qid, messageID, own: ownOf(st)) { st.become(whose) }
      s = st

    case .sized(let sender, let size):
      if s?.size != nil { return }  // qmgr repeats the line after each deferral
      var st = s ?? MessageState()
      confirm(&st, qid)
      st.size = size
      if options.extendedDetail { messageDetail.add(qid, users.senders.keys.string(sender)) }
      if submitters.isTracking {
        if holds(qid, st) {
          if !st.isFilterCopy { hopHold(qid, own: ownOf(st)) { $0.bytes = size } }
        } else if !st.isFilterCopy {
          let submitter = submitter(of: st)
          if st.origin == nil { submitters.submitters[submitter].messages += 1 }
          submitters.countSize(submitter, sender: sender, size: size)
        }
      }
      if let origin = st.origin {
        // The sender's folded domain; for `from=<>` (or an address that folds to nothing), the
        // client's domain.
        let folded = domains.senderDomainID(sender, senders: users.senders.keys)
        let domain = folded != DomainSection.noDomain ? folded : messages.hosts.withBytes(origin.whence) { domains.senderDomains.id($0) }
        domains.senderDomains[domain].add(count: 1, bytes: size)
        users.senders[sender].add(count: 1, bytes: size)
        traffic.bytesReceived = traffic.bytesReceived.addingSaturated(size)
      }
      s = st

    case .delivered(let recipient, let domain, let delay, let relayed):
      countDelivery(qid, &s, recipient: recipient, domain: domain, delay: delay, options)
      countFinalStatus(qid, s, FilterHops.Status(recipient: recipient, domain: domain, delivered: true, relayed: relayed, blocked: false))

    case .handedOff(let recipient, let domain, let delay, let relayed, let copy, let at):
      countDelivery(qid, &s, recipient: recipient, domain: domain, delay: delay, options)
      guard submitters.isTracking else { return }
      let status = FilterHops.Status(recipient: recipient, domain: domain, delivered: true, relayed: relayed, blocked: false)
      // Without `queued as`, the Message-ID names the copy (the fallback link).
      var key = copy
      if key.isEmpty, let m = s?.messageID { key = FilterHops.messageIDKey(m, host: qid.hostTag) }
      guard !key.isEmpty else {
        countFinalStatus(qid, s, status)
        return
      }
      if let whose = hopHandOff(key, at: at, whose: whose(qid, s), status, current: qid) { s?.become(whose) }

    case .deferred(let relay):
      if submitters.isTracking {
        if holds(qid, s) {
          hopHold(qid, own: ownOf(s)) { $0.deferrals = 1 }
        } else {
          submitters.countDeferral(submitter(of: s))
        }
      }
      let existed = s != nil
      var st = s ?? MessageState()
      confirm(&st, qid)
      if !st.deferred {
        st.deferred = true
        traffic.deferredMessages += 1
      }
      if existed { st.relay = relay }
      s = st

    case .accepted:
      if var st = s {
        confirm(&st, qid)
        s = st
      }

    case .bounced(let recipient, let domain, let relayed, let blocked):
      if var st = s {
        confirm(&st, qid)
        s = st
      }
      countFinalStatus(qid, s, FilterHops.Status(recipient: recipient, domain: domain, delivered: false, relayed: relayed, blocked: blocked))

    case .forwarded(let recipient):
      if var st = s {
        confirm(&st, qid)
        s = st
      }
      countFinalStatus(qid, s, FilterHops.Status(recipient: recipient, domain: -1, delivered: true, relayed: false, blocked: false))

    case .expired:
      if var st = s {
        confirm(&st, qid)
        s = st
      }
      let key = s?.relay.map { r in messages.hosts.withBytes(r) { HostNames.clientDomain($0, fqdn: true) } } ?? "unknown"
      details[.expired].add([key])

    case .removed:
      if var st = s { confirm(&st, qid) }
      s = nil

    case .dropped:
      s = nil
    }
  }

  /// A delivery, in every table but the submitters'.
  @inline(__always)
  private mutating func countDelivery(
    _ qid: ByteKey, _ s: inout MessageState?, recipient: Int32, domain: Int32, delay: Int64, _ options: ParseOptions
  ) {
    var size: Int64 = 0
    if var st = s {
      confirm(&st, qid)
      s = st
      size = st.size ?? 0
    }
    domains.recipientDomains[domain].addDelivery(delay: delay, bytes: size)
    users.recipients[recipient].add(count: 1, bytes: size)
    if let st = s, st.size != nil {
      traffic.bytesDelivered = traffic.bytesDelivered.addingSaturated(size)
      if options.extendedDetail { messageDetail.add(qid, users.recipients.keys.string(recipient)) }
      return
    }
    if !options.noMessageSizeReport { withoutSize.add(qid, recipient: users.recipients.keys.string(recipient)) }
    if options.extendedDetail {
      messageDetail.add(qid, "(sender not in log)")
      messageDetail.add(qid, users.recipients.keys.string(recipient))
    }
  }

  /// A recipient's final status, for its message's submitter (held while the message may be a
  /// content filter's copy whose original is not yet known).
  private mutating func countFinalStatus(_ qid: ByteKey, _ s: MessageState?, _ status: FilterHops.Status) {
    guard submitters.isTracking else { return }
    if holds(qid, s) {
      hopHoldStatus(qid, own: ownOf(s), status)
      return
    }
    submitters.countRecipient(
      submitter(of: s), recipient: status.recipient, domain: status.domain >= 0 ? status.domain : nil, delivered: status.delivered,
      relayed: status.relayed, blocked: status.blocked, in: statusCell(s))
  }

  /// Counts a pending receipt as received, in the cell where it happened; for its submitter,
  /// one message (but for a content filter's copy, whose message is its original).
  @inline(__always)
  mutating func confirm(_ st: inout MessageState, _ qid: ByteKey) {
    guard let cell = st.pendingReceipt else { return }
    st.pendingReceipt = nil
    traffic.confirmReceipt(in: cell)
    guard submitters.isTracking, let origin = st.origin else { return }
    if st.isFilterCopy {
      st.adoptOriginalCell()
    } else if holds(qid, st) {
      hopHold(qid, own: ownOf(st)) { $0.confirmed = true }
    } else {
      submitters.countMessage(origin, in: cell)
    }
  }

  /// A message (queue id `qid`) that will see no more events: an unconfirmed receipt is
  /// remembered, for its host too (it counts only if the input has no size data at all).
  mutating func finalize(_ st: MessageState, _ qid: ByteKey) {
    guard let cell = st.pendingReceipt else { return }
    traffic.unconfirmedReceipts[cell, default: 0] += 1
    servers.countUnconfirmed(key: qid)
  }
}
