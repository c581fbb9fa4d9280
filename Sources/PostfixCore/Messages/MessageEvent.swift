/// The stateful half of a line about a queue id: what needs the message's earlier history.
/// Events of a message whose history is in an earlier shard are kept in order and replayed
/// when the shards are merged.
enum MessageEvent: Sendable {
  /// `client=` / pickup: starts a new message (supersedes any earlier one with this id).
  /// `origin` names ids of the shard's tables. `mayBeFilterCopy`: from a loopback client that
  /// did not log in (`FilterHops`).
  case received(origin: MessageOrigin, cell: Cell, mayBeFilterCopy: Bool)
  /// cleanup's `message-id=`: a 24-bit hash of it (`FilterHops`' fallback link).
  case identified(messageID: UInt32)
  /// qmgr `from=<…>, size=N`; `sender` (already munged) is an id of the shard's sender table.
  case sized(sender: Int32, size: Int64)
  /// A delivery: counted (with its delay) in the recipient and domain tables here, so that each
  /// table is looked up once per delivery, with the bytes when the size is known.
  /// Ids of the shard's recipient and recipient-domain tables.
  /// `relayed`: by the smtp transport (`SubmitterSection`'s "relayed").
  case delivered(recipient: Int32, domain: Int32, delay: Int64, relayed: Bool)
  /// A bounce (the recipient's final status): `blocked` when the remote reply cites a
  /// blocklist, spam or reputation (`RemoteBlockRules`). Ids as for `delivered`; the recipient
  /// is in the recipient table with no count of its own (only deliveries count there).
  case bounced(recipient: Int32, domain: Int32, relayed: Bool, blocked: Bool)
  /// A delivery to a relay on loopback that may be a content filter's hop (`FilterHops`): the
  /// reply's `queued as NEWID` (`copy`; empty when the reply names none) and the line's time
  /// (`at`, seconds). Counted as a `delivered` everywhere but for the submitters.
  case handedOff(recipient: Int32, domain: Int32, delay: Int64, relayed: Bool, copy: ByteKey, at: Int64)
  /// `status=sent (forwarded as NEWID)`: an alias or `.forward` expansion, the recipient's
  /// final status as far as the submitter is concerned (the copy is the server's own).
  case forwarded(recipient: Int32)
  /// `relay` is an id of the shard's `MessageLifecycle.hosts`.
  case deferred(relay: Int32)
  /// Hold: the message was accepted.
  case accepted
  case expired
  /// qmgr `removed`, cleanup discard: the message is gone.
  case removed
  /// cleanup reject, `removed (canceled)`: the receipt was not a message.
  case dropped
}

extension MessageEvent {
  /// The event with its table ids translated (when replayed into another summary).
  /// The recipients are left as they are: a merge translates them separately (see
  /// `Summary.merge`).
  func remapped(_ ids: IDTranslation) -> MessageEvent {
    switch self {
    case .sized(let sender, let size): .sized(sender: ids.senders[Int(sender)], size: size)
    case .delivered(let r, let d, let delay, let relayed): .delivered(recipient: r, domain: ids.domains[Int(d)], delay: delay, relayed: relayed)
    case .bounced(let r, let d, let relayed, let blocked):
      // -1: not interned (no submitters tracked).
      .bounced(recipient: r, domain: d < 0 ? d : ids.domains[Int(d)], relayed: relayed, blocked: blocked)
    case .handedOff(let r, let d, let delay, let relayed, let copy, let at):
      .handedOff(recipient: r, domain: ids.domains[Int(d)], delay: delay, relayed: relayed, copy: copy, at: at)
    case .received(let origin, let cell, let copy): .received(origin: origin.remapped(ids), cell: cell, mayBeFilterCopy: copy)
    case .deferred(let relay): .deferred(relay: ids.hosts[Int(relay)])
    default: self
    }
  }

  /// The event with its recipient id translated.
  func remapped(recipients: [Int32]) -> MessageEvent {
    switch self {
    case .delivered(let r, let d, let delay, let relayed):
      .delivered(recipient: recipients[Int(r)], domain: d, delay: delay, relayed: relayed)
    case .bounced(let r, let d, let relayed, let blocked):
      .bounced(recipient: r < 0 ? r : recipients[Int(r)], domain: d, relayed: relayed, blocked: blocked)
    case .handedOff(let r, let d, let delay, let relayed, let copy, let at):
      .handedOff(recipient: recipients[Int(r)], domain: d, delay: delay, relayed: relayed, copy: copy, at: at)
    case .forwarded(let r): .forwarded(recipient: r < 0 ? r : recipients[Int(r)])
    default: self
    }
  }
}
