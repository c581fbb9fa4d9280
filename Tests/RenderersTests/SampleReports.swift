import ReportModel
import Testing
import TestSupport

/// Hand-made reports for renderer tests: no log parsing involved, every section filled.
enum SampleReports {
  /// Strings an attacker can put into a log line (through an address, a HELO name, a reject
  /// text or a host name), each aimed at one way out of HTML text, CSV cells or JSON strings.
  static let hostileStrings = [
    "<script>alert(1)</script>",
    "\"onmouseover=alert(1)",
    "' onfocus='alert(1)",
    "</style><script>alert(1)</script>",
    "</title><img src=x onerror=alert(1)>",
    "javascript:alert(document.cookie)",
    "{{pageTitle}} {{{pageTitle}}} {{#sections}}x{{/sections}}",
    "=HYPERLINK(\"http://evil.example/\",\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\ttab",
    "\rcarriage",
    "a,b\r\nc\"d",
    "ünïcödé \u{FFFD} \u{2028}",
  ]

  /// Ordinary log strings, for tests that read the text report back line by line.
  static let plainStrings = [
    "example.org", "Relay access denied", "bob@example.org", "mx.example.net", "Connection timed out",
    "RCPT", "smtp", "alice@mail.example.com", "203.0.113.45", "Helo command rejected: Host not found",
  ]

  /// Every section present, each string field cycling through `strings`.
  static func kitchenSink(
    strings: [String] = hostileStrings, generatedAt: String? = "2026-11-27T10:00:00", layout: ReportLayout = ReportLayout()
  ) -> Report {
    var next = 0
    func hostile() -> String {
      defer { next += 1 }
      return strings[next % strings.count]
    }
    let day1 = Day(year: 2026, month: 11, day: 24)
    let day2 = Day(year: 2026, month: 11, day: 25)
    var totals = GrandTotals()
    totals.received = 12
    totals.delivered = 10
    totals.forwarded = 1
    totals.deferred = 2
    totals.deferrals = 3
    totals.bounced = 1
    totals.removed = 1
    totals.expired = 1
    totals.rejected = 4
    totals.rejectedPercent = 28
    totals.rejectWarnings = 1
    totals.held = 1
    totals.discarded = 0
    totals.bytesReceived = 734_063_211
    totals.bytesDelivered = 600_000
    totals.senders = 5
    totals.sendingDomains = 3
    totals.recipients = 4
    totals.recipientDomains = 2

    func tree(_ kind: DetailReportKind) -> DetailReport {
      let depth = kind.levelNames.count
      func leaves() -> [DetailLeaf] { [DetailLeaf(key: hostile(), count: 2), DetailLeaf(key: hostile(), count: 1)] }
      func node(_ level: Int) -> DetailNode {
        if level == depth - 1 {
          return DetailNode(key: hostile(), total: 3, distinctLeaves: 2, children: [], leaves: leaves())
        }
        let children = [node(level + 1)]
        return DetailNode(key: hostile(), total: 3, distinctLeaves: 0, children: children, leaves: [])
      }
      let root =
        depth == 1
        ? DetailNode(key: "", total: 3, distinctLeaves: 2, children: [], leaves: leaves())
        : DetailNode(key: "", total: 3, distinctLeaves: 0, children: [node(1)], leaves: [])
      return DetailReport(kind: kind, limit: nil, root: root)
    }
    func users(_ kind: UserTable.Kind) -> UserTable {
      UserTable(kind: kind, limit: 2, totalRows: 3, rows: [UserRow(address: hostile(), value: 600_000), UserRow(address: hostile(), value: 1)])
    }

    var stats = LineStats()
    stats.total = 100
    stats.postfix = 90
    stats.otherPrograms = 10
    var report = Report(
      meta: ReportMeta(version: "9.9.9-test", generatedAt: generatedAt),
      period: ReportPeriod(first: day1, last: day2),
      inputs: [
        InputSummary(name: hostile(), compressed: true, lines: 60, bytes: 6000, problems: [hostile()]),
        InputSummary(name: "mail.log", compressed: false, lines: 40, bytes: 4000, problems: []),
      ],
      notices: [hostile()],
      layout: layout,
      totals: totals,
      smtpdTotals: ConnectionTotals(connections: 7, clients: 3, totalSeconds: 3725),
      postscreenTotals: ConnectionTotals(connections: 2, clients: 2, totalSeconds: 14),
      dayCount: 2,
      perDay: [
        DayTraffic(date: day1, counts: TrafficCounts(received: 7, delivered: 6, deferred: 2, bounced: 1, rejected: 3)),
        DayTraffic(date: day2, counts: TrafficCounts(received: 5, delivered: 4, deferred: 1, bounced: 0, rejected: 3)),
      ],
      perHour: (0..<24).map { h in HourTraffic(hour: h, counts: TrafficCounts(received: h % 3, delivered: h % 2, deferred: h == 9 ? 3 : 0)) },
      deliveryDomains: DomainTable(
        limit: nil, totalRows: 2,
        rows: [
          DeliveryDomain(domain: hostile(), delivered: 6, bytes: 600_000, deferrals: 1, averageDelay: 1.2666666666666666, maxDelay: 63000),
          DeliveryDomain(domain: hostile(), delivered: 4, bytes: 100, deferrals: 0, averageDelay: 0.25, maxDelay: 0.5),
        ]),
      receivedDomains: DomainTable(limit: 1, totalRows: 2, rows: [ReceivedDomain(domain: hostile(), messages: 12, bytes: 734_063_211)]),
      smtpdPerDay: [
        DayConnections(date: day1, connections: 4, totalSeconds: 3700, maxSeconds: 3600),
        DayConnections(date: day2, connections: 3, totalSeconds: 25, maxSeconds: 12),
      ],
      smtpdPerHour: [
        HourConnections(hour: 8, connections: 5, totalSeconds: 3705, maxSeconds: 3600),
        HourConnections(hour: 23, connections: 2, totalSeconds: 20, maxSeconds: 12),
      ],
      smtpdDomains: DomainTable(limit: nil, totalRows: 1, rows: [ConnectionDomain(domain: hostile(), connections: 7, totalSeconds: 3725, maxSeconds: 3600)]),
      tlsLevels: tree(.tlsLevels),
      sendersByCount: users(.sendersByCount),
      recipientsByCount: users(.recipientsByCount),
      sendersBySize: users(.sendersBySize),
      recipientsBySize: users(.recipientsBySize),
      messagesWithoutSize: [MessageWithoutSize(queueID: "D3A4B5C6D7", recipient: hostile())],
      problems: DetailReportKind.allCases.filter { $0 != .tlsLevels }.map(tree),
      masterMessages: [DetailLeaf(key: hostile(), count: 1)],
      messageDetail: [MessageDetail(queueID: "4A1B2C3D4E", sender: hostile(), recipients: [hostile(), hostile()])],
      mailQueue: "Mail queue is empty " + hostile() + "\n",
      lineStats: stats)
    // Two syslog hosts: the page shows its "Servers" table only for several.
    report.servers = [
      ServerRow(
        host: hostile(), lines: 70, messages: 9, received: 8, delivered: 12, deferred: 2, bounced: 1, rejected: 4, bytesReceived: 734_063_211,
        bytesDelivered: 5_300),
      ServerRow(
        host: "mx2.example.test", lines: 20, messages: 3, received: 3, delivered: 0, deferred: 0, bounced: 2, rejected: 1_500_000,
        bytesReceived: 700, bytesDelivered: 0),
    ]
    let morning = WallClockTime(day: day1, secondOfDay: 7 * 3600 + 5 * 60)
    let evening = WallClockTime(day: day2, secondOfDay: 23 * 3600 + 59 * 60 + 59)
    let authFailures = [
      AbuseClientRow(
        client: "203.0.113.66", host: hostile(), attempts: 1500, distinct: 12, examples: [hostile(), hostile()], first: morning, last: evening),
      AbuseClientRow(client: hostile(), host: "", attempts: 1, distinct: 0, examples: [], first: evening, last: evening),
    ]
    let relayDenied = [
      AbuseClientRow(client: "2001:db8::13", host: hostile(), attempts: 24, distinct: 12, examples: [hostile()], first: morning, last: morning)
    ]
    report.authFailures = AbuseClientTable(totalRows: authFailures.count, rows: authFailures)
    report.relayDenied = AbuseClientTable(totalRows: relayDenied.count, rows: relayDenied)
    report.rejectClasses = [
      RejectClassRow(rejectClass: .relayDenied, temporary: 0, permanent: 24),
      RejectClassRow(rejectClass: .policy, temporary: 700_000, permanent: 3),
    ]
    return report
  }

  /// Nothing read: every optional section absent, as with `--suppress per-hour -h 0 -u 0`.
  static func empty() -> Report {
    Report(
      meta: ReportMeta(version: "9.9.9-test", generatedAt: nil), period: nil, inputs: [], notices: [], layout: ReportLayout(),
      totals: GrandTotals(), smtpdTotals: nil, postscreenTotals: nil, dayCount: 0, perDay: nil, perHour: nil,
      deliveryDomains: nil, receivedDomains: nil, smtpdPerDay: nil, smtpdPerHour: nil, smtpdDomains: nil, tlsLevels: nil,
      sendersByCount: nil, recipientsByCount: nil, sendersBySize: nil, recipientsBySize: nil, messagesWithoutSize: nil,
      problems: [DetailReport(kind: .rejects, limit: 5, root: DetailNode(key: "", total: 0, distinctLeaves: 0, children: [], leaves: []))],
      masterMessages: [], messageDetail: nil, mailQueue: nil, lineStats: LineStats())
  }

  /// The schema, read from `docs/report.schema.json`.
  static func schemaText() throws -> String {
    try #require(FixturePaths.read("../docs/report.schema.json"))
  }
}
