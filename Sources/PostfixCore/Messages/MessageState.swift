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
  // views of sentinel-valued fields, and the receipt's cell shares one word with the flags and
  // a content filter's link (40 bytes a state instead of 80).
  /// Bits 0–31: the receipt's cell (year << 14 | month << 10 | day << 5 | hour; a year past
  /// 262 143 is kept as that one); bits 32–39: the flags below; bits 40–63: `link`.
  private var receipt: UInt64 = 0
  private var originValue = MessageOrigin.unknown
  private var relayID: Int32 = -1
  private var sizeValue: Int64 = -1
  /// Log time of the message's last line (seconds), for evicting the oldest under the cap.
  var lastSeen: Int64 = 0

  private static let cellMask: UInt64 = 0xFFFF_FFFF
  private static let hasCellBit: UInt64 = 1 << 32
  private static let pendingBit: UInt64 = 1 << 33
  private static let hadReceiptBit: UInt64 = 1 << 34
  private static let deferredBit: UInt64 = 1 << 35
  private static let mayBeFilterCopyBit: UInt64 = 1 << 36
  private static let filterCopyBit: UInt64 = 1 << 37
  /// `link` holds the Message-ID's hash.
  private static let messageIDBit: UInt64 = 1 << 38
  /// `link` holds where the original of this filter copy was received (`becomeFilterCopy`).
  private static let originalCellBit: UInt64 = 1 << 39
  private static let linkShift: UInt64 = 40
  static let messageIDMask: UInt32 = 0xFF_FFFF

  init(pendingReceipt: Cell? = nil, hadReceipt: Bool = false, origin: MessageOrigin? = nil) {
    self.pendingReceipt = pendingReceipt
    self.hadReceipt = hadReceipt
    self.origin = origin
  }

  @inline(__always)
  private func flag(_ bit: UInt64) -> Bool { receipt & bit != 0 }

  @inline(__always)
  private mutating func set(_ bit: UInt64, _ on: Bool) {
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

  /// Received from a loopback client that did not log in, and not yet known to be a content
  /// filter's copy or not (`FilterHops`): what it would count for its submitter is held.
  var mayBeFilterCopy: Bool {
    get { flag(Self.mayBeFilterCopyBit) }
    set { set(Self.mayBeFilterCopyBit, newValue) }
  }

  /// A content filter's copy of a message (`FilterHops`): its origin is the original's, and it
  /// is not a message of its submitter (no message, no size).
  var isFilterCopy: Bool { flag(Self.filterCopyBit) }

  /// A 24-bit hash of the `message-id=` cleanup logged (the content filter's fallback link).
  var messageID: UInt32? {
    get { flag(Self.messageIDBit) ? UInt32(truncatingIfNeeded: receipt >> Self.linkShift) : nil }
    set {
      guard !flag(Self.originalCellBit) else { return }  // the link is taken
      setLink(newValue.map { UInt64($0 & Self.messageIDMask) })
      set(Self.messageIDBit, newValue != nil)
    }
  }

  @inline(__always)
  private mutating func setLink(_ value: UInt64?) {
    receipt = (receipt & ((1 << Self.linkShift) - 1)) | ((value ?? 0) << Self.linkShift)
  }

  /// Where the receipt landed, whether confirmed or not; for a filter copy, once confirmed,
  /// where its original was received (the day and hour a recipient's final status counts in
  /// for its submitter).
  var receivedCell: Cell? {
    guard flag(Self.hasCellBit) else { return nil }
    return Self.cell(receipt & Self.cellMask)
  }

  @inline(__always)
  private static func cell(_ c: UInt64) -> Cell {
    Cell(day: Day(year: Int(c >> 14), month: Int((c >> 10) & 0xF), day: Int((c >> 5) & 0x1F)), hour: Int(c & 0x1F))
  }

  @inline(__always)
  private static func bits(_ c: Cell) -> UInt64 {
    // Month 1-12, day 1-31 and hour 0-24 (a leap second's 24:00) in their bits; the year
    // (four digits at most in a stamp) above them.
    assert((1...12).contains(c.day.month) && (1...31).contains(c.day.day) && (0...31).contains(c.hour), "not a log cell")
    let year = UInt64(min(max(c.day.year, 0), 0x3_FFFF))
    return (year << 14 | UInt64(c.day.month & 0xF) << 10 | UInt64(c.day.day & 0x1F) << 5 | UInt64(c.hour & 0x1F)) & cellMask
  }

  /// Where the receipt landed, until it is confirmed or dropped.
  var pendingReceipt: Cell? {
    get { flag(Self.pendingBit) ? receivedCell : nil }
    set {
      guard let c = newValue else {
        set(Self.pendingBit, false)
        return
      }
      receipt = (receipt & ~Self.cellMask) | Self.bits(c) | Self.hasCellBit | Self.pendingBit
    }
  }

  /// Makes this message a content filter's copy of one received at `originalCell` by
  /// `submitter` (from `client`), once `FilterHops` has linked the two. The copy's own receipt
  /// cell stays until its receipt is confirmed (the traffic tables count it there); from then on
  /// `receivedCell` is the original's. The Message-ID hash gives way to the original's cell.
  /// (An original whose receipt is not in the log has no cell: the copy keeps its own.)
  mutating func becomeFilterCopy(submitter: Int32, client: Int32, originalCell: Cell?) {
    if var o = origin {
      o.submitter = submitter
      o.client = client
      origin = o
    }
    mayBeFilterCopy = false
    set(Self.filterCopyBit, true)
    set(Self.messageIDBit, false)
    set(Self.originalCellBit, false)
    setLink(nil)
    guard let originalCell else { return }
    guard flag(Self.hasCellBit), flag(Self.pendingBit) else {
      receipt = (receipt & ~Self.cellMask) | Self.bits(originalCell) | Self.hasCellBit
      setLink(nil)
      return
    }
    // Days back from the copy's receipt (19 bits) and the hour (5 bits): a filter re-injects
    // within seconds, or, queued behind a stopped filter, days later — not 1 400 years.
    let back = (receivedCell?.day.ordinal ?? 0) - originalCell.day.ordinal
    guard (0..<(1 << 19)).contains(back) else {
      setLink(nil)
      return
    }
    setLink(UInt64(back) << 5 | UInt64(originalCell.hour & 0x1F))
    set(Self.originalCellBit, true)
  }

  /// A copy of a message that is itself a copy not yet linked to its original
  /// (`FilterHops.Whose.copy`): not a message of its own, and what it counts is still held.
  mutating func markFilterCopy() {
    set(Self.filterCopyBit, true)
  }

  /// For a filter copy whose receipt was just confirmed: its cell becomes its original's
  /// (`becomeFilterCopy`).
  mutating func adoptOriginalCell() {
    guard flag(Self.originalCellBit), let own = receivedCell else { return }
    let link = receipt >> Self.linkShift
    let original = Cell(day: Day(ordinal: own.day.ordinal - Int(link >> 5)), hour: Int(link & 0x1F))
    receipt = (receipt & ~Self.cellMask) | Self.bits(original)
    set(Self.originalCellBit, false)
    setLink(nil)
  }

  /// The state as a run that does not track who is sending makes it: no submitter or client
  /// in its origin, and none of the content-filter marks (`FilterHops`).
  mutating func forgetSubmitter() {
    if let o = origin { origin = o.withoutSubmitter }
    mayBeFilterCopy = false
    set(Self.filterCopyBit, false)
    if flag(Self.originalCellBit) {
      set(Self.originalCellBit, false)
      setLink(nil)
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
    // Every bit of the word has a meaning (cell, flags, link): what is checked is how they go
    // together.
    receipt = try input.uint()
    if flag(Self.pendingBit) && !flag(Self.hasCellBit) { throw input.failure("a pending receipt without its cell") }
    if !flag(Self.hasCellBit) && receipt & Self.cellMask != 0 { throw input.failure("a receipt cell without its flag") }
    if flag(Self.hasCellBit) {
      let c = receipt & Self.cellMask
      let year = Int(c >> 14)
      let month = Int((c >> 10) & 0xF)
      let day = Int((c >> 5) & 0x1F)
      guard Day.savedYears.contains(year), Day.isValid(year: year, month: month, day: day), c & 0x1F < 24 else {
        throw input.failure("a receipt cell that is no day and hour")
      }
    }
    // The link holds a Message-ID's hash or the original's cell (`becomeFilterCopy`: only on a
    // filter copy whose receipt is pending), never both; nothing without either.
    let link = receipt >> Self.linkShift
    if flag(Self.messageIDBit) && flag(Self.originalCellBit) { throw input.failure("a message state with two links") }
    if !flag(Self.messageIDBit) && !flag(Self.originalCellBit) && link != 0 { throw input.failure("a link with no kind") }
    if flag(Self.originalCellBit) {
      guard flag(Self.filterCopyBit), let own = pendingReceipt, Int(link & 0x1F) < 24,
        Day.savedOrdinals.contains(own.day.ordinal - Int(link >> 5))
      else { throw input.failure("an original's cell that is no day and hour") }
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
