/// The one summary every output reads.
///
/// A `Report` is built once from the merged aggregates of all inputs (see `PostfixCore`'s
/// `ReportBuilder`). It is already sorted and cut to the requested top-N limits, and it carries
/// raw numbers (counts, bytes, seconds); formatting (`k`/`m` units, `%5.1f` delays, averages
/// rounded the way pflogsumm rounds them) belongs to the renderers, using the shared helpers in
/// `ReportMath` so that every format prints the same figures.
///
/// Optional sections are `nil` when the user did not ask for them (or suppressed them); an empty
/// section is one that was asked for but has no data (text prints it as `title: none`).
public struct Report: Sendable, Codable, Equatable {
  /// Bumped whenever the JSON shape changes incompatibly.
  public static let schemaVersion = 1

  public var meta: ReportMeta
  /// First and last date of any timestamped line read (nil when nothing was dated).
  public var period: ReportPeriod?
  public var inputs: [InputSummary]
  /// Notices printed right after the title (deprecated option spellings, as pflogsumm does).
  public var notices: [String]
  public var layout: ReportLayout

  public var totals: GrandTotals
  /// `--smtpd-stats`
  public var smtpdTotals: ConnectionTotals?
  /// `--pscrn-stats`
  public var postscreenTotals: ConnectionTotals?

  /// Number of distinct days with Postfix activity; per-hour figures are daily averages when > 1.
  public var dayCount: Int
  /// nil with `--suppress per-hour`.
  public var perDay: [DayTraffic]?
  /// nil with `--suppress per-hour`.
  public var perHour: [HourTraffic]?

  /// nil with `-h 0` or `--suppress host/domain`.
  public var deliveryDomains: DomainTable<DeliveryDomain>?
  public var receivedDomains: DomainTable<ReceivedDomain>?

  /// `--smtpd-stats` (per-day/per-hour nil with `--suppress per-hour`)
  public var smtpdPerDay: [DayConnections]?
  public var smtpdPerHour: [HourConnections]?
  public var smtpdDomains: DomainTable<ConnectionDomain>?

  /// `--ssl-tls-stats`
  public var tlsLevels: DetailReport?

  public var sendersByCount: UserTable?
  public var recipientsByCount: UserTable?
  public var sendersBySize: UserTable?
  public var recipientsBySize: UserTable?
  /// nil with `--no-no-msg-size`.
  public var messagesWithoutSize: [MessageWithoutSize]?

  /// The "problem" reports in pflogsumm's order (deferrals ... panics), each present only
  /// when enabled.
  public var problems: [DetailReport]
  public var masterMessages: [DetailLeaf]

  /// `-e`
  public var messageDetail: [MessageDetail]?
  /// `--mailq`: what `mailq` printed.
  public var mailQueue: String?

  /// How the input was classified; not part of pflogsumm's text report.
  public var lineStats: LineStats

  /// Per syslog host: lines and messages received; not part of pflogsumm's text report.
  public var servers: [ServerRow] = []

  /// Who is sending (`--findings` in the text report).
  public var submitters: SubmitterTable?
  /// The flagged submitters, each with its reason.
  public var findings: [Finding] = []
  /// Abuse attempts (not part of pflogsumm's text report; in it with `--abuse-stats`): SASL
  /// authentication failures and `Relay access denied` rejects per client IP, by attempts;
  /// the rejects by class.
  public var authFailures = AbuseClientTable()
  public var relayDenied = AbuseClientTable()
  public var rejectClasses: [RejectClassRow] = []

  /// Links to the neighbouring pages of an archive site (`postsumm archive`); nil otherwise.
  /// Only the HTML page shows them.
  public var navigation: PageNavigation?

  public init(
    meta: ReportMeta, period: ReportPeriod?, inputs: [InputSummary], notices: [String],
    layout: ReportLayout, totals: GrandTotals, smtpdTotals: ConnectionTotals?,
    postscreenTotals: ConnectionTotals?, dayCount: Int, perDay: [DayTraffic]?,
    perHour: [HourTraffic]?, deliveryDomains: DomainTable<DeliveryDomain>?,
    receivedDomains: DomainTable<ReceivedDomain>?, smtpdPerDay: [DayConnections]?,
    smtpdPerHour: [HourConnections]?, smtpdDomains: DomainTable<ConnectionDomain>?,
    tlsLevels: DetailReport?, sendersByCount: UserTable?, recipientsByCount: UserTable?,
    sendersBySize: UserTable?, recipientsBySize: UserTable?,
    messagesWithoutSize: [MessageWithoutSize]?, problems: [DetailReport],
    masterMessages: [DetailLeaf], messageDetail: [MessageDetail]?, mailQueue: String?,
    lineStats: LineStats
  ) {
    self.meta = meta
    self.period = period
    self.inputs = inputs
    self.notices = notices
    self.layout = layout
    self.totals = totals
    self.smtpdTotals = smtpdTotals
    self.postscreenTotals = postscreenTotals
    self.dayCount = dayCount
    self.perDay = perDay
    self.perHour = perHour
    self.deliveryDomains = deliveryDomains
    self.receivedDomains = receivedDomains
    self.smtpdPerDay = smtpdPerDay
    self.smtpdPerHour = smtpdPerHour
    self.smtpdDomains = smtpdDomains
    self.tlsLevels = tlsLevels
    self.sendersByCount = sendersByCount
    self.recipientsByCount = recipientsByCount
    self.sendersBySize = sendersBySize
    self.recipientsBySize = recipientsBySize
    self.messagesWithoutSize = messagesWithoutSize
    self.problems = problems
    self.masterMessages = masterMessages
    self.messageDetail = messageDetail
    self.mailQueue = mailQueue
    self.lineStats = lineStats
  }

  /// A report of no sections yet: the report builder's sections each fill in their part.
  public init(meta: ReportMeta, inputs: [InputSummary], notices: [String], layout: ReportLayout, mailQueue: String?) {
    self.init(
      meta: meta, period: nil, inputs: inputs, notices: notices, layout: layout, totals: GrandTotals(), smtpdTotals: nil,
      postscreenTotals: nil, dayCount: 0, perDay: nil, perHour: nil, deliveryDomains: nil, receivedDomains: nil,
      smtpdPerDay: nil, smtpdPerHour: nil, smtpdDomains: nil, tlsLevels: nil, sendersByCount: nil, recipientsByCount: nil,
      sendersBySize: nil, recipientsBySize: nil, messagesWithoutSize: nil, problems: [], masterMessages: [],
      messageDetail: nil, mailQueue: mailQueue, lineStats: LineStats())
  }

  /// The problem report of a kind, if it is part of this report.
  public func problem(_ kind: DetailReportKind) -> DetailReport? {
    problems.first { $0.kind == kind }
  }
}

/// Who made the report and when; injected so that output is reproducible.
public struct ReportMeta: Sendable, Codable, Equatable {
  public var schemaVersion: Int
  public var generator: String
  public var version: String
  /// ISO 8601 local time, or nil when the caller wants byte-stable output without a clock.
  public var generatedAt: String?

  public init(generator: String = "postsumm", version: String, generatedAt: String?) {
    self.schemaVersion = Report.schemaVersion
    self.generator = generator
    self.version = version
    self.generatedAt = generatedAt
  }
}

public struct ReportPeriod: Sendable, Codable, Equatable {
  public var first: Day
  public var last: Day
  public init(first: Day, last: Day) {
    self.first = first
    self.last = last
  }
}

/// Presentation switches that every renderer honours.
public struct ReportLayout: Sendable, Codable, Equatable {
  /// `--iso-date-time`: `2026-11-24` and `08:00-09:00` instead of `Nov 24 2026` and `0800-0900`.
  public var isoDateTime: Bool
  /// `--problems-first`
  public var problemsFirst: Bool
  /// `-q`: omit the headings of empty reports.
  public var quiet: Bool
  /// The active `-d`/`--date-range`, if any, as first and last day.
  public var dateRange: ReportPeriod?
  /// `--abuse-stats`: the text report shows who is sending too — the findings, the submitters
  /// and the abuse tables (the other formats always do).
  public var abuseStats: Bool
  /// `--server-stats`: the text report shows the Servers table too (the other formats always
  /// do, the page when logs of several hosts were read).
  public var serverStats: Bool

  public init(
    isoDateTime: Bool = false, problemsFirst: Bool = false, quiet: Bool = false, dateRange: ReportPeriod? = nil,
    abuseStats: Bool = false, serverStats: Bool = false
  ) {
    self.isoDateTime = isoDateTime
    self.problemsFirst = problemsFirst
    self.quiet = quiet
    self.dateRange = dateRange
    self.abuseStats = abuseStats
    self.serverStats = serverStats
  }
}
