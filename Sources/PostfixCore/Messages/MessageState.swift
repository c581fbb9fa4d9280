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
  // views of sentinel-valued fields, and the receipt's cell shares one word with four flags
  // (40 bytes a state instead of 80).
  /// Bits 0–47: the receipt's cell (year << 14 | month << 10 | day << 5 | hour); then the
  /// flags below.
  private var receipt: Int64 = 0
  private var originValue = MessageOrigin.unknown
  private var relayID: Int32 = -1
  private var sizeValue: Int64 = -1
  /// Log time of the message's last line (seconds), for evicting the oldest under the cap.
  var lastSeen: Int64 = 0

  private static let hasCellBit: Int64 = 1 << 48
  private static let pendingBit: Int64 = 1 << 49
  private static let hadReceiptBit: Int64 = 1 << 50
  private static let deferredBit: Int64 = 1 << 51
  private static let cellMask: Int64 = (1 << 48) - 1

  init(pendingReceipt: Cell? = nil, hadReceipt: Bool = false, origin: MessageOrigin? = nil) {
    self.pendingReceipt = pendingReceipt
    self.hadReceipt = hadReceipt
    self.origin = origin
  }

  @inline(__always)
  private func flag(_ bit: Int64) -> Bool { receipt & bit != 0 }

  @inline(__always)
  private mutating func set(_ bit: Int64, _ on: Bool) {
    if on { receipt |= bit } else { receipt &= ~bit }
  }

  var hadReceipt: Bool {
    get { flag(Self.hadReceiptBit) }
    set { set(Self.hadReceiptBit, newValue) }
  }

  var deferred: Bool {
    get { flag(Self.deferredBit) }
    set { set(Self.deferredBit, newValue) }
  }

  /// Where the receipt landed, whether confirmed or not (the day and hour a recipient's final
  /// status counts in for its submitter).
  var receivedCell: Cell? {
    guard flag(Self.hasCellBit) else { return nil }
    let c = receipt & Self.cellMask
    return Cell(day: Day(year: Int(c >> 14), month: Int((c >> 10) & 0xF), day: Int((c >> 5) & 0x1F)), hour: Int(c & 0x1F))
  }

  /// Where the receipt landed, until it is confirmed or dropped.
  var pendingReceipt: Cell? {
    get { flag(Self.pendingBit) ? receivedCell : nil }
    set {
      guard let c = newValue else {
        set(Self.pendingBit, false)
        return
      }
      // Month 1-12, day 1-31 and hour 0-24 (a leap second's 24:00) in their bits; the year
      // (four digits at most in a stamp) above them, under the flags.
      assert((1...12).contains(c.day.month) && (1...31).contains(c.day.day) && (0...31).contains(c.hour), "not a log cell")
      let cell = (Int64(c.day.year) << 14 | Int64(c.day.month) << 10 | Int64(c.day.day) << 5 | Int64(c.hour)) & Self.cellMask
      receipt = (receipt & ~Self.cellMask) | cell | Self.hasCellBit | Self.pendingBit
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

// MARK: Aggregate file

extension Cell: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    day.encode(to: &out)
    out.number(hour)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(day: try Day(decoding: &input), hour: try input.number(in: 0...23, "hour"))
  }
}

extension MessageState: AggregateCodable {
  /// The packed fields as they are (ids in their canonical form); `lastSeen` is not saved (see
  /// `Summary(aggregateBytes:)`).
  func encode(to out: inout AggregateWriter) {
    out.uint(UInt64(receipt))
    originValue.encode(to: &out)
    out.optionalID(relayID, .hosts)
    out.int(sizeValue)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    let packed = try input.uint()
    let known = UInt64(Self.cellMask | Self.hasCellBit | Self.pendingBit | Self.hadReceiptBit | Self.deferredBit)
    guard packed & ~known == 0 else { throw input.failure("a message state with unknown flags") }
    receipt = Int64(packed)
    if flag(Self.pendingBit) && !flag(Self.hasCellBit) { throw input.failure("a pending receipt without its cell") }
    if flag(Self.hasCellBit) {
      let c = receipt & Self.cellMask
      let year = Int(c >> 14)
      let month = Int((c >> 10) & 0xF)
      let day = Int((c >> 5) & 0x1F)
      guard Day.savedYears.contains(year), Day.isValid(year: year, month: month, day: day), c & 0x1F < 24 else {
        throw input.failure("a receipt cell that is no day and hour")
      }
    }
    originValue = try MessageOrigin(decoding: &input)
    relayID = try input.optionalID(.hosts)
    sizeValue = try input.int()
    guard sizeValue >= -1 else { throw input.failure("a negative message size") }
  }
}

/// Cells in order of day, then hour (for saving tables keyed by cell in a fixed order).
extension Cell: Comparable {
  static func < (a: Cell, b: Cell) -> Bool { (a.day, a.hour) < (b.day, b.hour) }
}
