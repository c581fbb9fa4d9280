/// The front page of an archive site (`postsumm archive`): its months and its ISO weeks, newest
/// first, each with its totals and its days' traffic (drawn as a small chart), linking to the
/// period's page.
public struct ArchiveIndex: Sendable, Codable, Equatable {
  /// One month or week.
  public struct Entry: Sendable, Codable, Equatable {
    /// `November 2026`, `Week 48 of 2026`.
    public var label: String
    /// The period's page, relative to the index (`months/2026-11/index.html`).
    public var href: String
    public var first: Day
    public var last: Day
    /// Days archived in the period.
    public var days: Int
    public var received: Int
    public var delivered: Int
    /// Messages with at least one deferral.
    public var deferred: Int
    public var bounced: Int
    public var rejected: Int
    public var bytesDelivered: Int64
    /// The period's per-day traffic (empty with `--suppress per-hour`).
    public var perDay: [DayTraffic]

    public init(
      label: String, href: String, first: Day, last: Day, days: Int, totals: GrandTotals, perDay: [DayTraffic]
    ) {
      self.label = label
      self.href = href
      self.first = first
      self.last = last
      self.days = days
      received = totals.received
      delivered = totals.delivered
      deferred = totals.deferred
      bounced = totals.bounced
      rejected = totals.rejected
      bytesDelivered = totals.bytesDelivered
      self.perDay = perDay
    }
  }

  public var title: String
  public var meta: ReportMeta
  /// Newest first.
  public var months: [Entry]
  /// Newest first.
  public var weeks: [Entry]

  public init(title: String, meta: ReportMeta, months: [Entry], weeks: [Entry]) {
    self.title = title
    self.meta = meta
    self.months = months
    self.weeks = weeks
  }
}
