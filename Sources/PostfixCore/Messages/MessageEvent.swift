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

  /// The event as a run that does not track who is sending records it (`Summary.record`): a
  /// receipt without submitter or client, a content filter's hand-off as the delivery it is,
  /// a bounce or forward without the recipient interned for the submitters.
  var withoutSubmitter: MessageEvent {
    switch self {
    case .received(let origin, let cell, _): return .received(origin: origin.withoutSubmitter, cell: cell, mayBeFilterCopy: false)
    case .handedOff(let r, let d, let delay, let relayed, _, _): return .delivered(recipient: r, domain: d, delay: delay, relayed: relayed)
    case .bounced(_, _, let relayed, _): return .bounced(recipient: -1, domain: -1, relayed: relayed, blocked: false)
    case .forwarded: return .forwarded(recipient: -1)
    default: return self
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

// MARK: Aggregate file

extension MessageEvent: AggregateCodable {
  /// A tag, then the case's values; a new case takes the next tag.
  func encode(to out: inout AggregateWriter) {
    switch self {
    case .received(let origin, let cell, let mayBeFilterCopy):
      out.byte(0)
      origin.encode(to: &out)
      cell.encode(to: &out)
      out.bool(mayBeFilterCopy)
    case .sized(let sender, let size):
      out.byte(1)
      out.id(sender, .senders)
      out.amount(size)
    case .delivered(let recipient, let domain, let delay, let relayed):
      out.byte(2)
      out.id(recipient, .recipients)
      out.id(domain, .recipientDomains)
      out.amount(delay)
      out.bool(relayed)
    case .bounced(let recipient, let domain, let relayed, let blocked):
      out.byte(3)
      out.optionalID(recipient, .recipients)
      out.optionalID(domain, .recipientDomains)
      out.bool(relayed)
      out.bool(blocked)
    case .forwarded(let recipient):
      out.byte(4)
      out.optionalID(recipient, .recipients)
    case .deferred(let relay):
      out.byte(5)
      out.id(relay, .hosts)
    case .accepted: out.byte(6)
    case .expired: out.byte(7)
    case .removed: out.byte(8)
    case .dropped: out.byte(9)
    case .identified(let messageID):
      out.byte(10)
      out.uint(UInt64(messageID))
    case .handedOff(let recipient, let domain, let delay, let relayed, let copy, let at):
      out.byte(11)
      out.id(recipient, .recipients)
      out.id(domain, .recipientDomains)
      out.amount(delay)
      out.bool(relayed)
      out.optionalKey(copy)
      out.int(at)
    }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    switch try input.uint() {
    case 0:
      self = .received(origin: try MessageOrigin(decoding: &input), cell: try Cell(decoding: &input), mayBeFilterCopy: try input.bool())
    case 1:
      let sender = try input.id(.senders)
      let size = try input.amount()
      guard size >= 0 else { throw input.failure("a negative message size") }
      self = .sized(sender: sender, size: size)
    case 2:
      self = .delivered(
        recipient: try input.id(.recipients), domain: try input.id(.recipientDomains), delay: try input.amount(),
        relayed: try input.bool())
    case 3:
      self = .bounced(
        recipient: try input.optionalID(.recipients), domain: try input.optionalID(.recipientDomains),
        relayed: try input.bool(), blocked: try input.bool())
    case 4: self = .forwarded(recipient: try input.optionalID(.recipients))
    case 5: self = .deferred(relay: try input.id(.hosts))
    case 6: self = .accepted
    case 7: self = .expired
    case 8: self = .removed
    case 9: self = .dropped
    case 10:
      let hash = try input.uint()
      guard hash <= UInt64(MessageState.messageIDMask) else { throw input.failure("a Message-ID hash out of range") }
      self = .identified(messageID: UInt32(hash))
    case 11:
      self = .handedOff(
        recipient: try input.id(.recipients), domain: try input.id(.recipientDomains), delay: try input.amount(),
        relayed: try input.bool(), copy: try input.optionalKey(), at: try input.int())
    case let tag: throw input.failure("an unknown message event \(tag)")
    }
  }
}
