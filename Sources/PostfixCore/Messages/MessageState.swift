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
  private var originValue = MessageOrigin.unknown
  private var relayID: Int32 = -1
  private var sizeValue: Int64 = -1
  var hadReceipt = false
  var deferred = false
  /// Log time of the message's last line (seconds), for evicting the oldest under the cap.
  var lastSeen: Int64 = 0

  init(pendingReceipt: Cell? = nil, hadReceipt: Bool = false, origin: MessageOrigin? = nil) {
    self.pendingReceipt = pendingReceipt
    self.hadReceipt = hadReceipt
    self.origin = origin
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

  /// Who and what put the message in the queue; nil when the receipt is not in the log.
  /// Sections attach their per-message data there (`MessageOrigin`), not here.
  var origin: MessageOrigin? {
    get { originValue.isKnown ? originValue : nil }
    set { originValue = newValue ?? .unknown }
  }

  /// The qmgr size (a count of digits from the log: never negative).
  var size: Int64? {
    get { sizeValue >= 0 ? sizeValue : nil }
    set { sizeValue = newValue ?? -1 }
  }

  /// Relay of the last deferral (for "message expired detail"), an id of the lifecycle's `hosts`.
  var relay: Int32? {
    get { relayID >= 0 ? relayID : nil }
    set { relayID = newValue ?? -1 }
  }
}

extension MessageState {
  /// Another summary's open messages with their ids translated into this one's; the table is
  /// returned as is when no id changes.
  static func remapping(_ states: OpenMessages, _ ids: IDTranslation) -> OpenMessages {
    if IDTranslation.isIdentity(ids.hosts) && !MessageOrigin.isChanged(by: ids) { return states }
    var out = states
    out.updateStates { state in
      if let o = state.origin { state.origin = o.remapped(ids) }
      if let r = state.relay { state.relay = ids.hosts[Int(r)] }
    }
    return out
  }
}
