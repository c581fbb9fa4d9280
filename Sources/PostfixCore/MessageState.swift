import ReportModel

/// Where an event falls in the per-day and per-hour tables.
struct Cell: Hashable, Sendable {
  var day: Day
  var hour: Int
}

/// What is known about one message (queue id) while it is in flight.
///
/// postsumm's "received" differs from pflogsumm's on purpose (docs/DIFFERENCES.md): a receipt
/// (`client=` or pickup) is counted once the message is known to have been accepted — its queue
/// manager size line, a hold or discard by cleanup, or any delivery attempt — and it is counted
/// in the day and hour of the receipt, so the total always equals the sum of the per-day and
/// per-hour cells and is never negative. A receipt followed by a cleanup reject or
/// `removed (canceled)` is not counted; one that is never confirmed is counted only when the
/// input has no size lines at all (very old logs), as pflogsumm does.
struct MessageState: Sendable {
  // Plain values only (no strings), packed: states are copied in and out of the table on every
  // line, and the table of open messages is looked up at random. The optionals below are
  // views of sentinel-valued fields (40 bytes a state instead of 80).
  private var receipt = Int64.min
  private var whenceID: Int32 = -1
  private var relayID: Int32 = -1
  private var sizeValue: Int64 = -1
  var hadReceipt = false
  var deferred = false
  /// Log time of the message's last line (seconds), for evicting the oldest under the cap.
  var lastSeen: Int64 = 0

  init(pendingReceipt: Cell? = nil, hadReceipt: Bool = false, whence: Int32? = nil) {
    self.pendingReceipt = pendingReceipt
    self.hadReceipt = hadReceipt
    self.whence = whence
  }

  /// Where the receipt landed, until it is confirmed or dropped.
  var pendingReceipt: Cell? {
    get {
      guard receipt != Int64.min else { return nil }
      return Cell(
        day: Day(year: Int(receipt >> 14), month: Int((receipt >> 10) & 0xF), day: Int((receipt >> 5) & 0x1F)),
        hour: Int(receipt & 0x1F))
    }
    set {
      guard let c = newValue else {
        receipt = Int64.min
        return
      }
      // Month 1-12, day 1-31 and hour 0-24 (a leap second's 24:00) in their bits; the year
      // (any Int a stamp can give) above them.
      assert((1...12).contains(c.day.month) && (1...31).contains(c.day.day) && (0...31).contains(c.hour), "not a log cell")
      receipt = Int64(c.day.year) << 14 | Int64(c.day.month) << 10 | Int64(c.day.day) << 5 | Int64(c.hour)
    }
  }

  /// Client domain (or "pickup") of the receipt, an id of the summary's `messageHosts`: the
  /// sender's domain of last resort, and the condition for counting senders and bytes received.
  var whence: Int32? {
    get { whenceID >= 0 ? whenceID : nil }
    set { whenceID = newValue ?? -1 }
  }

  /// The qmgr size (a count of digits from the log: never negative).
  var size: Int64? {
    get { sizeValue >= 0 ? sizeValue : nil }
    set { sizeValue = newValue ?? -1 }
  }

  /// Relay of the last deferral (for "message expired detail"), an id of `messageHosts`.
  var relay: Int32? {
    get { relayID >= 0 ? relayID : nil }
    set { relayID = newValue ?? -1 }
  }
}

extension MessageState {
  /// Another summary's open messages with their host ids translated into this one's
  /// (`hosts[id]`); the table is returned as is when no id changes.
  static func remapping(_ states: OpenMessages, hosts: [Int32]) -> OpenMessages {
    if hosts.enumerated().allSatisfy({ Int($0.element) == $0.offset }) { return states }
    var out = states
    out.updateStates { state in
      if let w = state.whence { state.whence = hosts[Int(w)] }
      if let r = state.relay { state.relay = hosts[Int(r)] }
    }
    return out
  }
}

/// The stateful half of a line about a queue id: what needs the message's earlier history.
/// Events of a message whose history is in an earlier shard are kept in order and replayed
/// when the shards are merged.
enum MessageEvent: Sendable {
  /// `client=` / pickup: starts a new message (supersedes any earlier one with this id).
  /// `whence` is an id of the shard's `messageHosts`.
  case received(whence: Int32, cell: Cell)
  /// qmgr `from=<…>, size=N`; `sender` (already munged) is an id of the shard's sender table.
  case sized(sender: Int32, size: Int64)
  /// A delivery: counted (with its delay) in the recipient and domain tables here, so that each
  /// table is looked up once per delivery, with the bytes when the size is known.
  /// Ids of the shard's recipient and recipient-domain tables.
  case delivered(recipient: Int32, domain: Int32, delay: Int64)
  /// `relay` is an id of the shard's `messageHosts`.
  case deferred(relay: Int32)
  /// Bounce, forward, hold: the message was accepted.
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
  func remapped(senders: [Int32], domains: [Int32], hosts: [Int32]) -> MessageEvent {
    switch self {
    case .sized(let sender, let size): .sized(sender: senders[Int(sender)], size: size)
    case .delivered(let r, let d, let delay): .delivered(recipient: r, domain: domains[Int(d)], delay: delay)
    case .received(let whence, let cell): .received(whence: hosts[Int(whence)], cell: cell)
    case .deferred(let relay): .deferred(relay: hosts[Int(relay)])
    default: self
    }
  }

  /// The event with its recipient id translated.
  func remapped(recipients: [Int32]) -> MessageEvent {
    if case .delivered(let r, let d, let delay) = self { return .delivered(recipient: recipients[Int(r)], domain: d, delay: delay) }
    return self
  }
}
