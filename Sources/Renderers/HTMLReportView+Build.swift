import ReportModel

/// Building the view from a `Report`, section by section in `TextRenderer`'s order and under
/// the same conditions (per-day only for several days, `-q` hides empty reports …).
extension HTMLReportView {
  init(_ r: Report) {
    pageTitle = Self.title(r)
    generator = r.meta.generator
    version = r.meta.version
    generatedAt = r.meta.generatedAt
    generatedAtText = r.meta.generatedAt.map { $0.replacingFirst("T", with: " ") }
    if let p = r.period {
      periodText = p.first == p.last ? p.first.iso : "\(p.first.iso) to \(p.last.iso)"
      periodText += r.dayCount == 1 ? " (1 day with Postfix activity)" : " (\(r.dayCount) days with Postfix activity)"
    } else {
      periodText = "no dated lines"
    }
    notices = r.notices
    inputs = r.inputs.map { i in
      Input(
        inputName: i.name, compressed: i.compressed, lines: FigureText.count(i.lines), linesValue: String(i.lines),
        bytes: FigureText.count(i.bytes), bytesValue: String(i.bytes), problems: i.problems, hasProblems: !i.problems.isEmpty)
    }
    hasInputs = !r.inputs.isEmpty
    let s = r.lineStats
    lineStats = [
      ("lines read", s.total), ("Postfix lines summarised", s.postfix), ("Postfix lines not summarised", s.unprocessed),
      ("lines of other programs", s.otherPrograms), ("lines without a timestamp", s.undated),
      ("lines outside the date range", s.outOfRange), ("overlong lines skipped", s.overlong),
      ("messages evicted (in-flight cap)", s.evictedMessages), ("connections evicted (in-flight cap)", s.evictedConnections),
    ].map { Figure(figureText: FigureText.count($0.1), figureValue: String($0.1), figureLabel: $0.0, figureNote: nil) }

    navigation = r.navigation.map { n in
      let link = { (l: PageNavigation.Link) in NavLink(linkLabel: l.label, linkHref: l.href) }
      return Navigation(
        navPrevious: n.previous.map(link), navNext: n.next.map(link), navUp: n.up.map(link), navDown: n.down.map(link),
        navDownTitle: n.downTitle, hasNavDown: !n.down.isEmpty)
    }

    var b = SectionList(quiet: r.layout.quiet, iso: r.layout.isoDateTime)
    for section in r.sectionOrder { b.add(section, r) }
    sections = b.sections
  }

  /// The text report's title line.
  static func title(_ r: Report) -> String { DayText.title(r.period) }
}

/// Accumulates the sections; one method per kind of section of the text report.
private struct SectionList {
  var quiet: Bool
  var iso: Bool
  var sections: [HTMLReportView.Section] = []

  typealias Section = HTMLReportView.Section
  typealias Cell = HTMLReportView.Cell
  typealias Row = HTMLReportView.Row
  typealias Column = HTMLReportView.Column
  typealias Figure = HTMLReportView.Figure
  typealias Rows = HTMLReportView.Rows

  mutating func add(_ s: Section) { sections.append(s) }

  /// One section, under the text report's conditions (per-day tables only for several days …).
  mutating func add(_ section: ReportSection, _ r: Report) {
    switch section {
    case .grandTotals:
      grandTotals(r)
    case .servers:
      // One host says nothing the title does not: the table is for logs of several servers.
      if r.servers.count > 1 { servers(r.servers) }
    case .findings:
      if r.submitters != nil { findings(r.findings) }
    case .submitters:
      if let t = r.submitters { submitters(t) }
    case .abuse:
      abuse(r)
    case .perDayTraffic:
      if r.perHour != nil, let perDay = r.perDay, r.dayCount > 1 { self.perDay(perDay) }
    case .perHourTraffic:
      if let perHour = r.perHour { self.perHour(perHour, dayCount: r.dayCount) }
    case .deliveryDomains:
      if let t = r.deliveryDomains { deliveryDomains(t) }
    case .receivedDomains:
      if let t = r.receivedDomains { receivedDomains(t) }
    case .smtpdPerDay:
      if r.smtpdTotals != nil, let rows = r.smtpdPerDay, r.dayCount > 1 { smtpdPerDay(rows) }
    case .smtpdPerHour:
      if r.smtpdTotals != nil, let rows = r.smtpdPerHour { smtpdPerHour(rows, dayCount: r.dayCount) }
    case .smtpdDomains:
      if r.smtpdTotals != nil, let t = r.smtpdDomains { smtpdDomains(t) }
    case .tlsLevels:
      if let tls = r.tlsLevels { nested(tls) }
    case .userTables:
      for t in [r.sendersByCount, r.recipientsByCount, r.sendersBySize, r.recipientsBySize] {
        if let t { userTable(t) }
      }
    case .messagesWithoutSize:
      if let rows = r.messagesWithoutSize, !rows.isEmpty { messagesWithoutSize(rows) }
    case .problems:
      problems(r)
    case .messageDetail:
      if let rows = r.messageDetail { messageDetail(rows) }
    case .mailQueue:
      if let q = r.mailQueue {
        add(Section(id: "mail-queue", title: "Current Mail Queue", navTitle: "Current Mail Queue", preformatted: q))
      }
    }
  }

  private static let trafficSeries = ["received", "delivered", "deferred", "bounced", "rejected"].enumerated().map {
    HTMLBarChart.Series(name: $0.element, cssClass: "s\($0.offset)")
  }

  private func columns(_ names: [String], numbers: Set<Int>) -> [Column] {
    names.enumerated().map { Column(columnLabel: $0.element, columnIsNumber: numbers.contains($0.offset)) }
  }

  // MARK: - Grand Totals

  mutating func grandTotals(_ r: Report) {
    let t = r.totals
    func figure(_ v: Int, _ label: String, _ note: String? = nil) -> Figure {
      Figure(figureText: FigureText.count(v), figureValue: String(v), figureLabel: label, figureNote: note)
    }
    func figure(_ v: Int64, _ label: String) -> Figure {
      Figure(figureText: FigureText.count(v), figureValue: String(v), figureLabel: label, figureNote: nil)
    }
    var groups = [
      HTMLReportView.FigureGroup(
        groupHeading: "messages",
        figures: [
          figure(t.received, "received"), figure(t.delivered, "delivered"), figure(t.forwarded, "forwarded"),
          figure(t.deferred, "deferred", t.deferrals > 0 ? "(\(FigureText.count(t.deferrals)) deferrals)" : nil),
          figure(t.bounced, "bounced"), figure(t.removed, "removed (canceled)"), figure(t.expired, "expired"),
          figure(t.rejected, "rejected", "(\(t.rejectedPercent)%)"), figure(t.rejectWarnings, "reject warnings"),
          figure(t.held, "held"), figure(t.discarded, "discarded", "(\(t.discardedPercent)%)"),
        ]),
      HTMLReportView.FigureGroup(
        groupHeading: nil,
        figures: [
          figure(t.bytesReceived, "bytes received"), figure(t.bytesDelivered, "bytes delivered"),
          figure(t.senders, "senders"), figure(t.sendingDomains, "sending hosts/domains"),
          figure(t.recipients, "recipients"), figure(t.recipientDomains, "recipient hosts/domains"),
        ]),
    ]
    for (name, clients, c) in [("smtpd", "hosts/domains", r.smtpdTotals), ("postscreen", "IP addresses", r.postscreenTotals)] {
      guard let c else { continue }
      groups.append(
        HTMLReportView.FigureGroup(
          groupHeading: name,
          figures: [
            figure(c.connections, "connections"), figure(c.clients, clients),
            figure(c.averageSeconds, "avg. connect time (seconds)"),
            Figure(
              figureText: FigureText.duration(c.totalSeconds), figureValue: String(c.totalSeconds),
              figureLabel: "total connect time", figureNote: nil),
          ]))
    }
    add(Section(id: "grand-totals", title: "Grand Totals", navTitle: "Grand Totals", figureGroups: groups))
  }

  // MARK: - Traffic

  mutating func perDay(_ rows: [DayTraffic]) {
    let categories = rows.map { d in
      (axis: iso ? d.date.iso : "\(Day.monthAbbreviations[d.date.month - 1]) \(d.date.day)", full: FigureText.date(d.date, iso: iso))
    }
    let values = (0..<5).map { s in rows.map { $0.counts.columns[s] } }
    let title = "Per-Day Traffic Summary"
    let chart = HTMLBarChart(title: title, categories: categories, series: Self.trafficSeries, values: values)
    let table = HTMLReportView.Table(
      caption: nil,
      columns: columns(["date", "received", "delivered", "deferred", "bounced", "rejected"], numbers: [1, 2, 3, 4, 5]),
      rows: rows.map { d in .cells([.date(FigureText.date(d.date, iso: iso))] + d.counts.columns.map(Cell.count)) })
    add(Section(id: "per-day", title: title, navTitle: title, charts: [chart], table: table))
  }

  mutating func perHour(_ rows: [HourTraffic], dayCount: Int) {
    let title = "Per-Hour Traffic \(dayCount > 1 ? "Daily Average" : "Summary")"
    let shown = rows.map { $0.dailyAverage(dayCount: dayCount).columns }
    let categories = rows.map { h in (axis: NumberFormat.zero2(h.hour), full: FigureText.hour(h.hour, iso: iso)) }
    let values = (0..<5).map { s in shown.map { $0[s] } }
    let chart = HTMLBarChart(title: title, categories: categories, series: Self.trafficSeries, values: values)
    let table = HTMLReportView.Table(
      caption: nil,
      columns: columns(["time", "received", "delivered", "deferred", "bounced", "rejected"], numbers: [1, 2, 3, 4, 5]),
      rows: zip(rows, shown).map { h, v in .cells([.date(FigureText.hour(h.hour, iso: iso))] + v.map(Cell.count)) })
    add(Section(id: "per-hour", title: title, navTitle: title, charts: [chart], table: table))
  }

  mutating func deliveryDomains(_ t: DomainTable<DeliveryDomain>) {
    let table = HTMLReportView.Table(
      caption: nil,
      columns: columns(["msg cnt", "bytes", "defers", "avg dly", "max dly", "host/domain"], numbers: [0, 1, 2, 3, 4]),
      rows: Rows(t.rows) { d in
        .cells([
          .count(d.delivered), .count(d.bytes), .count(d.deferrals),
          .number(FigureText.delay(d.averageDelay), FigureText.machine(d.averageDelay)),
          .number(FigureText.delay(d.maxDelay), FigureText.machine(d.maxDelay)), .text(d.domain),
        ])
      })
    add(
      Section(
        id: "delivery-domains", title: "Host/Domain Summary: Message Delivery \(TopCount.title(t.limit, t.totalRows))",
        navTitle: "Message Delivery by domain", table: table))
  }

  mutating func receivedDomains(_ t: DomainTable<ReceivedDomain>) {
    let table = HTMLReportView.Table(
      caption: nil, columns: columns(["msg cnt", "bytes", "host/domain"], numbers: [0, 1]),
      rows: Rows(t.rows) { d in .cells([.count(d.messages), .count(d.bytes), .text(d.domain)]) })
    add(
      Section(
        id: "received-domains", title: "Host/Domain Summary: Messages Received \(TopCount.title(t.limit, t.totalRows))",
        navTitle: "Messages Received by domain", table: table))
  }

  // MARK: - smtpd

  mutating func smtpdPerDay(_ rows: [DayConnections]) {
    let title = "Per-Day SMTPD Connection Summary"
    let table = HTMLReportView.Table(
      caption: nil,
      columns: columns(["date", "connections", "time conn.", "avg./conn.", "max. time"], numbers: [1, 2, 3, 4]),
      rows: rows.map { d in
        .cells([
          .date(FigureText.date(d.date, iso: iso)), .count(d.connections),
          .number(FigureText.duration(d.totalSeconds), String(d.totalSeconds)),
          .number(FigureText.seconds(Int64(d.averageSeconds)), String(d.averageSeconds)),
          .number(FigureText.seconds(d.maxSeconds), String(d.maxSeconds)),
        ])
      })
    add(Section(id: "smtpd-per-day", title: title, navTitle: title, table: table))
  }

  mutating func smtpdPerHour(_ rows: [HourConnections], dayCount: Int) {
    let average = dayCount > 1
    let title = "Per-Hour SMTPD Connection \(average ? "Daily Average" : "Summary")"
    let names = average ? ["hour", "connections", "time conn."] : ["hour", "connections", "time conn.", "avg./conn.", "max. time"]
    let table = HTMLReportView.Table(
      caption: nil, columns: columns(names, numbers: [1, 2, 3, 4]),
      rows: rows.map { h in
        let seconds = h.dailyAverageSeconds(dayCount: dayCount)
        var cells: [Cell] = [
          .date(FigureText.hour(h.hour, iso: iso)), .count(h.dailyAverageConnections(dayCount: dayCount)),
          .number(FigureText.duration(seconds), String(seconds)),
        ]
        if !average {
          cells += [
            .number(FigureText.seconds(Int64(h.averageSeconds)), String(h.averageSeconds)),
            .number(FigureText.seconds(h.maxSeconds), String(h.maxSeconds)),
          ]
        }
        return .cells(cells)
      })
    add(Section(id: "smtpd-per-hour", title: title, navTitle: title, table: table))
  }

  mutating func smtpdDomains(_ t: DomainTable<ConnectionDomain>) {
    let table = HTMLReportView.Table(
      caption: nil,
      columns: columns(["connections", "time conn.", "avg./conn.", "max. time", "host/domain"], numbers: [0, 1, 2, 3]),
      rows: Rows(t.rows) { d in
        .cells([
          .count(d.connections), .number(FigureText.duration(d.totalSeconds), String(d.totalSeconds)),
          .number(FigureText.seconds(Int64(d.averageSeconds)), String(d.averageSeconds)),
          .number(FigureText.seconds(d.maxSeconds), String(d.maxSeconds)), .text(d.domain),
        ])
      })
    add(
      Section(
        id: "smtpd-domains", title: "Host/Domain Summary: SMTPD Connections \(TopCount.title(t.limit, t.totalRows))",
        navTitle: "SMTPD Connections by domain", table: table))
  }

  // MARK: - Senders and recipients

  mutating func userTable(_ t: UserTable) {
    let title = t.kind.title + " " + TopCount.title(t.limit, t.totalRows)
    let id = t.kind.rawValue.replacingAll("_", with: "-")
    if t.totalRows == 0 {
      if !quiet { add(Section(id: id, title: title, navTitle: t.kind.title, isNone: true)) }
      return
    }
    let table = HTMLReportView.Table(
      caption: nil, columns: columns([t.kind.isSize ? "bytes" : "messages", "address"], numbers: [0]),
      rows: Rows(t.rows) { .cells([.count($0.value), .text($0.address)]) })
    add(Section(id: id, title: title, navTitle: t.kind.title, table: table))
  }

  /// The page's first box: every flagged submitter and why, or that nothing was flagged.
  mutating func findings(_ findings: [Finding]) {
    guard !findings.isEmpty else {
      add(Section(id: "findings", title: "Findings", navTitle: "Findings", preformatted: "Nothing flagged."))
      return
    }
    let table = HTMLReportView.Table(
      caption: nil, columns: columns(["finding", "submitter", "why"], numbers: []),
      rows: Rows(findings) { .cells([.text($0.flag), .text("\($0.kind) \($0.name)"), .text($0.reason)]) })
    add(Section(id: "findings", title: "Findings (\(findings.count))", navTitle: "Findings", table: table))
  }

  mutating func submitters(_ t: SubmitterTable) {
    let title = "Submitters " + TopCount.title(t.limit, t.totalRows)
    if t.rows.isEmpty {
      if !quiet { add(Section(id: "submitters", title: title, navTitle: "Submitters", isNone: true)) }
      return
    }
    // A dozen columns: on a phone each submitter is a card of labelled figures (`cards`).
    let labels = ["kind", "submitter", "messages", "recipients", "delivered", "deferred", "bounced", "blocked", "relayed", "client IPs", "networks", "flags"]
    let table = HTMLReportView.Table(
      caption: nil, columns: columns(labels, numbers: [2, 3, 4, 5, 6, 7, 8, 9, 10]),
      rows: Rows(t.rows) { row in
        let figures: [Cell] = [
          .count(row.messages), .count(row.recipients), .count(row.delivered), .count(row.deferred), .count(row.bounced),
          .count(row.remoteBlocked), .count(row.relayed), .count(row.clientIPs), .count(row.clientNetworks),
          .text(row.flags.joined(separator: ", ")),
        ]
        return .cells(
          [.text(row.kind), .text(AbuseTitles.submitter(row))] + figures.enumerated().map { $0.element.labelled(labels[$0.offset + 2]) })
      }, tableClass: "cards")
    add(Section(id: "submitters", title: title, navTitle: "Submitters", table: table))
  }

  mutating func servers(_ rows: [ServerRow]) {
    let table = HTMLReportView.Table(
      caption: nil,
      columns: columns(
        ["lines", "received", "delivered", "deferred", "bounced", "rejected", "bytes received", "bytes delivered", "host"],
        numbers: [0, 1, 2, 3, 4, 5, 6, 7]),
      rows: Rows(rows) {
        .cells([
          .count($0.lines), .count($0.received), .count($0.delivered), .count($0.deferred), .count($0.bounced), .count($0.rejected),
          .count($0.bytesReceived), .count($0.bytesDelivered), .text($0.host),
        ])
      })
    add(Section(id: "servers", title: "Servers", navTitle: "Servers", table: table))
  }

  // MARK: - Abuse

  /// The text report's abuse tables (`--abuse-stats` there; always here).
  mutating func abuse(_ r: Report) {
    clientAttempts(id: "auth-failures", AbuseTitles.authFailures, "logins", r.authFailures)
    clientAttempts(id: "relay-denied", AbuseTitles.relayDenied, "domains", r.relayDenied)
    let title = AbuseTitles.rejectClasses
    if r.rejectClasses.isEmpty {
      if !quiet { add(Section(id: "reject-classes", title: title, navTitle: title, isNone: true)) }
      return
    }
    let table = HTMLReportView.Table(
      caption: nil, columns: columns(["4xx", "5xx", "total", "class"], numbers: [0, 1, 2]),
      rows: r.rejectClasses.map { .cells([.count($0.temporary), .count($0.permanent), .count($0.total), .text($0.rejectClass.label)]) })
    add(Section(id: "reject-classes", title: title, navTitle: title, table: table))
  }

  private mutating func clientAttempts(id: String, _ title: String, _ distinct: String, _ t: AbuseClientTable) {
    let rows = t.rows
    if t.limit == 0 { return }  // -h 0: no host tables
    if rows.isEmpty {
      if !quiet { add(Section(id: id, title: title, navTitle: title, isNone: true)) }
      return
    }
    let iso = self.iso
    let table = HTMLReportView.Table(
      caption: nil, columns: columns(["attempts", distinct, "first seen", "last seen", "client"], numbers: [0, 1]),
      rows: Rows(rows) { row in
        .cells([
          .count(row.attempts), .count(row.distinct), .date(AbuseTitles.moment(row.first, iso: iso, padded: false)),
          .date(AbuseTitles.moment(row.last, iso: iso, padded: false)), .text(AbuseTitles.client(row)),
        ])
      })
    add(Section(id: id, title: "\(title) \(TopCount.title(t.limit, t.totalRows))", navTitle: title, table: table))
  }

  mutating func messagesWithoutSize(_ rows: [MessageWithoutSize]) {
    let table = HTMLReportView.Table(
      caption: nil, columns: columns(["queue id", "recipient"], numbers: []),
      rows: Rows(rows) { .cells([.text($0.queueID), .text($0.recipient)]) })
    add(
      Section(
        id: "messages-without-size", title: "Messages with no size data (\(rows.count))",
        navTitle: "Messages with no size data", table: table))
  }

  // MARK: - Problems

  mutating func problems(_ r: Report) {
    for p in r.problems { nested(p) }
    if r.masterMessages.isEmpty {
      if !quiet {
        add(Section(id: "master-messages", title: "Master daemon messages", navTitle: "Master daemon messages", isNone: true))
      }
    } else {
      let table = HTMLReportView.Table(
        caption: nil, columns: columns(["count", "message"], numbers: [0]),
        rows: r.masterMessages.map { .cells([.count($0.count), .text($0.key)]) })
      add(Section(id: "master-messages", title: "Master daemon messages", navTitle: "Master daemon messages", table: table))
    }
  }

  /// A nested report as one table: group rows for inner nodes (with "(total)" or "(top N of
  /// M)" where the text report shows it), a count and key row per leaf.
  mutating func nested(_ report: DetailReport) {
    let id = report.kind.rawValue.replacingAll("_", with: "-")
    if report.isEmpty {
      if !quiet { add(Section(id: id, title: report.title, navTitle: report.title, isNone: true)) }
      return
    }
    var rows: [Row] = []
    func walk(_ node: DetailNode, depth: Int) {
      if node.children.isEmpty {
        for leaf in node.leaves { rows.append(.cells([.count(leaf.count), .text(leaf.key)], depth: depth)) }
        return
      }
      for child in node.children {
        var note: String?
        if child.children.isEmpty {
          var n = "("
          if let limit = report.limit, limit > 0, child.distinctLeaves > limit { n += "top \(limit) of " }
          note = n + "\(child.total))"
        }
        rows.append(.group(child.key, note: note, depth: depth, span: 2))
        walk(child, depth: depth + 1)
      }
    }
    walk(report.root, depth: 1)
    let levels = report.kind.levelNames
    let table = HTMLReportView.Table(
      caption: levels.joined(separator: " › "), columns: columns(["count", levels.last ?? ""], numbers: [0]), rows: rows)
    add(Section(id: id, title: report.title, navTitle: report.title, table: table))
  }

  mutating func messageDetail(_ detail: [MessageDetail]) {
    if detail.isEmpty {
      if !quiet { add(Section(id: "message-detail", title: "Message detail", navTitle: "Message detail", isNone: true)) }
      return
    }
    var rows: [Row] = []
    for m in detail {
      rows.append(.cells([.text(m.queueID), .text(m.sender)]))
      for rcpt in m.recipients { rows.append(.cells([.text(rcpt, span: 2)], depth: 2)) }
    }
    let table = HTMLReportView.Table(
      caption: nil, columns: columns(["queue id / recipients", "sender"], numbers: []), rows: rows)
    add(Section(id: "message-detail", title: "Message detail", navTitle: "Message detail", table: table))
  }
}

extension String {
  /// Foundation-free `replacingOccurrences` for the few fixed rewrites this file needs.
  fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
    var out = ""
    for c in self { if c == target { out += replacement } else { out.append(c) } }
    return out
  }

  func replacingFirst(_ target: Character, with replacement: String) -> String {
    guard let i = firstIndex(of: target) else { return self }
    return String(self[..<i]) + replacement + String(self[index(after: i)...])
  }
}
