import ReportModel

/// The grand totals and the per-day and per-hour traffic tables ("Grand Totals", "Per-Day
/// Traffic Summary", "Per-Hour Traffic Daily Average").
///
/// Every counter adds up in a merge. Receipts are counted here only once the message lifecycle
/// confirms them (`confirmReceipt`, see `MessageState`); those never confirmed are kept by cell
/// and counted only when the input has no size lines at all, as pflogsumm does.
struct TrafficSection: Sendable {
  var received = 0
  var delivered = 0
  var forwarded = 0
  var deferredMessages = 0
  var deferrals = 0
  var bounced = 0
  var canceled = 0
  var expired = 0
  var rejected = 0
  var rejectWarnings = 0
  var held = 0
  var discarded = 0
  var bytesReceived: Int64 = 0
  var bytesDelivered: Int64 = 0
  /// Whether any queue manager size line was seen (pflogsumm's condition for discounting
  /// receipts that never got one).
  var sizeDataExists = false
  /// Receipts never confirmed (superseded or still open at the end), by cell.
  var unconfirmedReceipts: [Cell: Int] = [:]

  /// Days with Postfix activity.
  var days: Set<Day> = []
  /// Per-day counts, but for the day counted last (`openDay`), which is kept apart: most lines
  /// count in the same day as the line before, and a dictionary lookup per line cost more than
  /// the rest of counting it.
  private var closedDays: [Day: TrafficCounts] = [:]
  private var openDay: Day?
  private var openDayCounts = TrafficCounts()
  var perHour = [TrafficCounts](repeating: TrafficCounts(), count: 24)

  /// Every day's counts.
  var perDay: [Day: TrafficCounts] {
    get {
      guard let openDay else { return closedDays }
      var all = closedDays
      all[openDay] = openDayCounts
      return all
    }
    set {
      closedDays = newValue
      openDay = nil
    }
  }

  /// The counts of `day`, to update in place.
  subscript(day day: Day) -> TrafficCounts {
    get { day == openDay ? openDayCounts : closedDays[day] ?? TrafficCounts() }
    _modify {
      if day != openDay {
        if let openDay { closedDays[openDay] = openDayCounts }
        openDay = day
        openDayCounts = closedDays.removeValue(forKey: day) ?? TrafficCounts()
      }
      yield &openDayCounts
    }
  }

  // MARK: Counting

  /// A column of the traffic tables.
  enum Column {
    case received, delivered, deferred, bounced, rejected
  }

  /// One more in `column` of the cell's day and hour.
  @inline(__always)
  mutating func count(_ column: Column, in cell: Cell) {
    switch column {
    case .received:
      perHour[cell.hour].received += 1
      self[day: cell.day].received += 1
    case .delivered:
      perHour[cell.hour].delivered += 1
      self[day: cell.day].delivered += 1
    case .deferred:
      perHour[cell.hour].deferred += 1
      self[day: cell.day].deferred += 1
    case .bounced:
      perHour[cell.hour].bounced += 1
      self[day: cell.day].bounced += 1
    case .rejected:
      perHour[cell.hour].rejected += 1
      self[day: cell.day].rejected += 1
    }
  }

  /// A receipt the lifecycle confirmed, counted in the cell where it happened.
  @inline(__always)
  mutating func confirmReceipt(in cell: Cell) {
    received += 1
    count(.received, in: cell)
  }

  /// The totals each server's row is a part of (`ServerSection`).
  var serverFigures: ServerSection.Figures {
    ServerSection.Figures(
      received: received, delivered: delivered, deferred: deferredMessages, bounced: bounced, rejected: rejected,
      bytesReceived: bytesReceived, bytesDelivered: bytesDelivered)
  }

  // MARK: Merge

  mutating func merge(_ later: TrafficSection) {
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
    perDay.merge(later.perDay) { a, b in a.adding(b) }
    for h in 0..<24 { perHour[h] = perHour[h].adding(later.perHour[h]) }
  }

  // MARK: Report

  /// The grand totals' traffic figures, the per-day and per-hour tables and the day count.
  func build(into report: inout Report, _ o: ReportOptions) {
    var perDay = self.perDay
    var perHour = self.perHour
    var totals = report.totals
    totals.received = received
    if !sizeDataExists {
      // No size lines anywhere (very old logs): every receipt counts, as in pflogsumm.
      for (cell, n) in unconfirmedReceipts {
        totals.received += n
        perDay[cell.day, default: TrafficCounts()].received += n
        perHour[cell.hour].received += n
      }
    }
    totals.delivered = delivered
    totals.forwarded = forwarded
    totals.deferred = deferredMessages
    totals.deferrals = deferrals
    totals.bounced = bounced
    totals.removed = canceled
    totals.expired = expired
    totals.rejected = rejected
    totals.rejectWarnings = rejectWarnings
    totals.held = held
    totals.discarded = discarded
    let whole = delivered + rejected + discarded
    totals.rejectedPercent = ReportMath.percent(rejected, of: whole)
    totals.discardedPercent = ReportMath.percent(discarded, of: whole)
    totals.bytesReceived = bytesReceived
    totals.bytesDelivered = bytesDelivered
    report.totals = totals
    report.dayCount = days.count
    guard !o.suppressPerHour else { return }
    if o.zeroFill { for d in days where perDay[d] == nil { perDay[d] = TrafficCounts() } }
    report.perDay = perDay.keys.sorted().map { DayTraffic(date: $0, counts: perDay[$0]!) }  // Safe: keys of `perDay`.
    report.perHour = (0..<24).map { HourTraffic(hour: $0, counts: perHour[$0]) }
  }
}

extension TrafficCounts {
  /// Column by column.
  func adding(_ b: TrafficCounts) -> TrafficCounts {
    TrafficCounts(
      received: received + b.received, delivered: delivered + b.delivered, deferred: deferred + b.deferred,
      bounced: bounced + b.bounced, rejected: rejected + b.rejected)
  }
}

// MARK: Aggregate file

extension TrafficSection: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    for n in [received, delivered, forwarded, deferredMessages, deferrals, bounced, canceled, expired, rejected, rejectWarnings, held, discarded] {
      out.count(n)
    }
    out.amount(bytesReceived)
    out.amount(bytesDelivered)
    out.bool(sizeDataExists)
    out.sorted(unconfirmedReceipts, key: { $1.encode(to: &$0) }, value: { $0.count($1) })
    out.sortedSet(days) { $1.encode(to: &$0) }
    out.sorted(perDay, key: { $1.encode(to: &$0) }, value: { $1.encode(to: &$0) })
    for counts in perHour { counts.encode(to: &out) }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    received = try input.count()
    delivered = try input.count()
    forwarded = try input.count()
    deferredMessages = try input.count()
    deferrals = try input.count()
    bounced = try input.count()
    canceled = try input.count()
    expired = try input.count()
    rejected = try input.count()
    rejectWarnings = try input.count()
    held = try input.count()
    discarded = try input.count()
    bytesReceived = try input.amount()
    bytesDelivered = try input.amount()
    sizeDataExists = try input.bool()
    unconfirmedReceipts = try input.sorted(key: { r throws(AggregateError) in try Cell(decoding: &r) }, value: { r throws(AggregateError) in try r.count() })
    days = try input.sortedSet { r throws(AggregateError) in try Day(decoding: &r) }
    perDay = try input.sorted(key: { r throws(AggregateError) in try Day(decoding: &r) }, value: { r throws(AggregateError) in try TrafficCounts(decoding: &r) })
    for h in 0..<24 { perHour[h] = try TrafficCounts(decoding: &input) }
  }
}
