import ReportModel

/// The JSON report: the serialisation-only shape of a `Report` (ripgrep's `jsont.rs` idea).
///
/// Property names are camelCase here and become snake_case keys through the encoder's
/// `.convertToSnakeCase`; keys are sorted. `docs/report.schema.json` describes every key, and
/// `docs/OUTPUTS.md` the conventions:
///
/// * every key is always present; `null` means the section was not asked for (or suppressed),
///   an empty array or a detail report without children/leaves means asked for but empty;
/// * numbers are raw: counts, bytes, seconds (delays may be fractional); nothing is scaled to
///   `k`/`m`; per-hour rows carry the totals over the whole period plus the daily averages the
///   text report prints;
/// * dates are `YYYY-MM-DD` wall-clock dates as read in the log (no time zone);
/// * strings are valid UTF-8: bytes of the log that were not valid UTF-8 were replaced by
///   U+FFFD when the line was parsed, before they reached the report.
///
/// Fields may be added in later versions without changing `schema_version`; renaming, removing
/// or retyping one bumps it (`Report.schemaVersion`).
struct JSONReportDocument: Encodable {
  var schemaVersion: Int
  var generator: String
  var version: String
  var generatedAt: JSONNullable<String>
  var period: JSONNullable<ReportPeriod>
  var dateRange: JSONNullable<ReportPeriod>
  var dayCount: Int
  var inputs: [InputSummary]
  var lineStats: LineStats
  var notices: [String]

  // The sections (`ReportSection`), each set by its case in `init`.
  var totals = GrandTotals()
  var servers: [ServerRow] = []
  var submitters: JSONNullable<[Submitter]> = .null
  var findings: [Finding] = []
  var authFailures: [AuthFailure] = []
  var relayDenied: [RelayDenied] = []
  var rejectClasses: [RejectClassCounts] = []
  var smtpdTotals: JSONNullable<Connections> = .null
  var postscreenTotals: JSONNullable<Connections> = .null

  var perDay: JSONNullable<[DayRow]> = .null
  var perHour: JSONNullable<[HourRow]> = .null
  var deliveryDomains: JSONNullable<Table<DeliveryDomain>> = .null
  var receivedDomains: JSONNullable<Table<ReceivedDomain>> = .null

  var smtpdPerDay: JSONNullable<[ConnectionDayRow]> = .null
  var smtpdPerHour: JSONNullable<[ConnectionHourRow]> = .null
  var smtpdDomains: JSONNullable<Table<ConnectionDomainRow>> = .null

  var sendersByCount: JSONNullable<Table<MessageCountRow>> = .null
  var recipientsByCount: JSONNullable<Table<MessageCountRow>> = .null
  var sendersBySize: JSONNullable<Table<ByteCountRow>> = .null
  var recipientsBySize: JSONNullable<Table<ByteCountRow>> = .null
  var messagesWithoutSize: JSONNullable<[MessageWithoutSize]> = .null

  var tlsLevels: JSONNullable<Detail> = .null
  var deferralDetail: JSONNullable<Detail> = .null
  var bounceDetail: JSONNullable<Detail> = .null
  var expiredDetail: JSONNullable<Detail> = .null
  var rejectDetail: JSONNullable<Detail> = .null
  var rejectWarningDetail: JSONNullable<Detail> = .null
  var holdDetail: JSONNullable<Detail> = .null
  var discardDetail: JSONNullable<Detail> = .null
  var inboundTlsErrors: JSONNullable<Detail> = .null
  var smtpExceptions: JSONNullable<Detail> = .null
  var warnings: JSONNullable<Detail> = .null
  var postscreenActions: JSONNullable<Detail> = .null
  var fatalErrors: JSONNullable<Detail> = .null
  var panics: JSONNullable<Detail> = .null
  var masterMessages: [DetailLeaf] = []

  var messageDetail: JSONNullable<[MessageDetail]> = .null
  var mailQueue: JSONNullable<String> = .null

  // MARK: - Building

  init(_ r: Report) {
    schemaVersion = r.meta.schemaVersion
    generator = r.meta.generator
    version = r.meta.version
    generatedAt = JSONNullable(r.meta.generatedAt)
    period = JSONNullable(r.period)
    dateRange = JSONNullable(r.layout.dateRange)
    dayCount = r.dayCount
    inputs = r.inputs
    lineStats = r.lineStats
    notices = r.notices

    for section in ReportSection.allCases { set(section, from: r) }
  }

  /// The keys of one section (`null` for what was not asked for).
  private mutating func set(_ section: ReportSection, from r: Report) {
    func detail(_ kind: DetailReportKind) -> JSONNullable<Detail> {
      JSONNullable(r.problem(kind).map(Detail.init))
    }
    switch section {
    case .grandTotals:
      totals = r.totals
      smtpdTotals = JSONNullable(r.smtpdTotals.map(Connections.init))
      postscreenTotals = JSONNullable(r.postscreenTotals.map(Connections.init))
    case .servers:
      servers = r.servers
    case .findings:
      findings = r.findings
    case .submitters:
      submitters = JSONNullable(r.submitters?.rows.map(Submitter.init))
    case .abuse:
      authFailures = r.authFailures.rows.map(AuthFailure.init)
      relayDenied = r.relayDenied.rows.map(RelayDenied.init)
      rejectClasses = r.rejectClasses.map(RejectClassCounts.init)
    case .perDayTraffic:
      perDay = JSONNullable(r.perDay.map { $0.map(DayRow.init) })
    case .perHourTraffic:
      perHour = JSONNullable(r.perHour.map { $0.map { HourRow($0, dayCount: r.dayCount) } })
    case .deliveryDomains:
      deliveryDomains = JSONNullable(r.deliveryDomains.map { Table($0) })
    case .receivedDomains:
      receivedDomains = JSONNullable(r.receivedDomains.map { Table($0) })
    case .smtpdPerDay:
      smtpdPerDay = JSONNullable(r.smtpdPerDay.map { $0.map(ConnectionDayRow.init) })
    case .smtpdPerHour:
      smtpdPerHour = JSONNullable(r.smtpdPerHour.map { $0.map { ConnectionHourRow($0, dayCount: r.dayCount) } })
    case .smtpdDomains:
      smtpdDomains = JSONNullable(
        r.smtpdDomains.map { Table(limit: $0.limit, totalRows: $0.totalRows, rows: $0.rows.map(ConnectionDomainRow.init)) })
    case .tlsLevels:
      tlsLevels = JSONNullable(r.tlsLevels.map(Detail.init))
    case .userTables:
      sendersByCount = JSONNullable(r.sendersByCount.map { Table(counts: $0) })
      recipientsByCount = JSONNullable(r.recipientsByCount.map { Table(counts: $0) })
      sendersBySize = JSONNullable(r.sendersBySize.map { Table(sizes: $0) })
      recipientsBySize = JSONNullable(r.recipientsBySize.map { Table(sizes: $0) })
    case .messagesWithoutSize:
      messagesWithoutSize = JSONNullable(r.messagesWithoutSize)
    case .problems:
      deferralDetail = detail(.deferrals)
      bounceDetail = detail(.bounces)
      expiredDetail = detail(.expired)
      rejectDetail = detail(.rejects)
      rejectWarningDetail = detail(.rejectWarnings)
      holdDetail = detail(.holds)
      discardDetail = detail(.discards)
      inboundTlsErrors = detail(.inboundTLSErrors)
      smtpExceptions = detail(.smtpExceptions)
      warnings = detail(.warnings)
      postscreenActions = detail(.postscreenActions)
      fatalErrors = detail(.fatalErrors)
      panics = detail(.panics)
      masterMessages = r.masterMessages
    case .messageDetail:
      messageDetail = JSONNullable(r.messageDetail)
    case .mailQueue:
      mailQueue = JSONNullable(r.mailQueue)
    }
  }

  // MARK: - Section shapes

  /// A submitter row, `busiest_hour` null when it had no message.
  struct Submitter: Encodable {
    var kind: String
    var name: String
    var host: JSONNullable<String>
    var messages: Int
    var recipients: Int
    var distinctRecipients: JSONNullable<Int>
    var recipientDomains: JSONNullable<Int>
    var bytes: Int64
    var envelopeSenders: JSONNullable<Int>
    var clientIps: Int
    var clientNetworks: Int
    var busiestHour: JSONNullable<Int>
    var delivered: Int
    var deferred: Int
    var bounced: Int
    var remoteBlocked: Int
    var relayed: Int
    var flags: [String]

    init(_ r: SubmitterRow) {
      kind = r.kind
      name = r.name
      host = JSONNullable(r.host)
      messages = r.messages
      recipients = r.recipients
      distinctRecipients = JSONNullable(r.distinctRecipients)
      recipientDomains = JSONNullable(r.recipientDomains)
      bytes = r.bytes
      envelopeSenders = JSONNullable(r.envelopeSenders)
      clientIps = r.clientIPs
      clientNetworks = r.clientNetworks
      busiestHour = JSONNullable(r.busiestHour)
      delivered = r.delivered
      deferred = r.deferred
      bounced = r.bounced
      remoteBlocked = r.remoteBlocked
      relayed = r.relayed
      flags = r.flags
    }
  }

  /// smtpd or postscreen totals, with the average the text report prints.
  struct Connections: Encodable {
    var connections: Int
    var clients: Int
    var totalSeconds: Int64
    var averageSeconds: Int

    init(_ c: ConnectionTotals) {
      connections = c.connections
      clients = c.clients
      totalSeconds = c.totalSeconds
      averageSeconds = c.averageSeconds
    }
  }

  /// One day of traffic, counters flattened next to the date.
  struct DayRow: Encodable {
    var date: Day
    var received, delivered, deferred, bounced, rejected: Int

    init(_ d: DayTraffic) {
      date = d.date
      received = d.counts.received
      delivered = d.counts.delivered
      deferred = d.counts.deferred
      bounced = d.counts.bounced
      rejected = d.counts.rejected
    }
  }

  /// One hour of the day: totals over the whole period and the daily average shown in text.
  struct HourRow: Encodable {
    var hour: Int
    var received, delivered, deferred, bounced, rejected: Int
    var dailyAverage: TrafficCounts

    init(_ h: HourTraffic, dayCount: Int) {
      hour = h.hour
      received = h.counts.received
      delivered = h.counts.delivered
      deferred = h.counts.deferred
      bounced = h.counts.bounced
      rejected = h.counts.rejected
      dailyAverage = h.dailyAverage(dayCount: dayCount)
    }
  }

  /// One day of smtpd connections.
  struct ConnectionDayRow: Encodable {
    var date: Day
    var connections: Int
    var totalSeconds: Int64
    var averageSeconds: Int
    var maxSeconds: Int64

    init(_ d: DayConnections) {
      date = d.date
      connections = d.connections
      totalSeconds = d.totalSeconds
      averageSeconds = d.averageSeconds
      maxSeconds = d.maxSeconds
    }
  }

  /// One hour of smtpd connections (hours without connections are left out, as in text).
  struct ConnectionHourRow: Encodable {
    var hour: Int
    var connections: Int
    var totalSeconds: Int64
    var averageSeconds: Int
    var maxSeconds: Int64
    var dailyAverage: ConnectionAverage

    init(_ h: HourConnections, dayCount: Int) {
      hour = h.hour
      connections = h.connections
      totalSeconds = h.totalSeconds
      averageSeconds = h.averageSeconds
      maxSeconds = h.maxSeconds
      dailyAverage = ConnectionAverage(
        connections: h.dailyAverageConnections(dayCount: dayCount),
        totalSeconds: h.dailyAverageSeconds(dayCount: dayCount))
    }
  }

  /// What the "Per-Hour SMTPD Connection Daily Average" table prints for an hour.
  struct ConnectionAverage: Encodable {
    var connections: Int
    var totalSeconds: Int64
  }

  /// One client domain of "Host/Domain Summary: SMTPD Connections".
  struct ConnectionDomainRow: Encodable {
    var domain: String
    var connections: Int
    var totalSeconds: Int64
    var averageSeconds: Int
    var maxSeconds: Int64

    init(_ d: ConnectionDomain) {
      domain = d.domain
      connections = d.connections
      totalSeconds = d.totalSeconds
      averageSeconds = d.averageSeconds
      maxSeconds = d.maxSeconds
    }
  }

  /// A row of "Senders/Recipients by message count".
  struct MessageCountRow: Encodable {
    var address: String
    var messages: Int64
  }

  /// A row of "Senders/Recipients by message size".
  struct ByteCountRow: Encodable {
    var address: String
    var bytes: Int64
  }

  /// A client's failed SASL logins.
  struct AuthFailure: Encodable {
    var client: String
    var host: String
    var attempts: Int
    var distinctLogins: Int
    var logins: [String]
    var first: WallClockTime
    var last: WallClockTime

    init(_ row: AbuseClientRow) {
      client = row.client
      host = row.host
      attempts = row.attempts
      distinctLogins = row.distinct
      logins = row.examples
      first = row.first
      last = row.last
    }
  }

  /// A client's `Relay access denied` rejects.
  struct RelayDenied: Encodable {
    var client: String
    var host: String
    var attempts: Int
    var distinctRecipientDomains: Int
    var recipientDomains: [String]
    var first: WallClockTime
    var last: WallClockTime

    init(_ row: AbuseClientRow) {
      client = row.client
      host = row.host
      attempts = row.attempts
      distinctRecipientDomains = row.distinct
      recipientDomains = row.examples
      first = row.first
      last = row.last
    }
  }

  /// A reject class's rejects by reply code.
  struct RejectClassCounts: Encodable {
    var rejectClass: String
    var code4xx: Int
    var code5xx: Int
    var total: Int

    enum CodingKeys: String, CodingKey {
      case rejectClass = "class"
      case code4xx = "code_4xx"
      case code5xx = "code_5xx"
      case total
    }

    init(_ row: RejectClassRow) {
      rejectClass = row.rejectClass.rawValue
      code4xx = row.temporary
      code5xx = row.permanent
      total = row.total
    }
  }

  /// A table cut to the top N: `limit` (null = unlimited), the row count before the cut, rows.
  struct Table<Row: Encodable>: Encodable {
    var limit: JSONNullable<Int>
    var totalRows: Int
    var rows: [Row]

    init(limit: Int?, totalRows: Int, rows: [Row]) {
      self.limit = JSONNullable(limit)
      self.totalRows = totalRows
      self.rows = rows
    }
  }

  /// A nested report: the title and level names, the unnamed root's totals and its children
  /// (or, for one-level reports, its leaves).
  struct Detail: Encodable {
    var title: String
    var levels: [String]
    var limit: JSONNullable<Int>
    var total: Int
    var distinctLeaves: Int
    var children: [DetailNode]
    var leaves: [DetailLeaf]

    init(_ d: DetailReport) {
      title = d.title
      levels = d.kind.levelNames
      limit = JSONNullable(d.limit)
      total = d.root.total
      distinctLeaves = d.root.distinctLeaves
      children = d.root.children
      leaves = d.root.leaves
    }
  }
}

extension JSONReportDocument.Table where Row: Sendable & Codable & Equatable {
  init(_ t: DomainTable<Row>) {
    self.init(limit: t.limit, totalRows: t.totalRows, rows: t.rows)
  }
}

extension JSONReportDocument.Table where Row == JSONReportDocument.MessageCountRow {
  init(counts t: UserTable) {
    self.init(limit: t.limit, totalRows: t.totalRows, rows: t.rows.map { .init(address: $0.address, messages: $0.value) })
  }
}

extension JSONReportDocument.Table where Row == JSONReportDocument.ByteCountRow {
  init(sizes t: UserTable) {
    self.init(limit: t.limit, totalRows: t.totalRows, rows: t.rows.map { .init(address: $0.address, bytes: $0.value) })
  }
}
