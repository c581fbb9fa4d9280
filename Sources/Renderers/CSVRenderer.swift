import ReportModel

/// The CSV tables: one RFC 4180 file per table of the report, for spreadsheets and scripts.
///
/// Only the tables present in the report are written (a section that was not asked for, or
/// was suppressed, has no file; one asked for but empty has its header row only). File names
/// are stable and listed, with their columns, in `docs/OUTPUTS.md`; `index.csv` lists the
/// files written, each with the text report's title and its top-N cut. Quoting, line ends and
/// formula neutralisation are `CSVTable`'s. Values are raw: counts and bytes as integers (no
/// `k`/`m`), delays and connection times in seconds, dates as `YYYY-MM-DD`, hours as 0...23.
/// Nested reports become one row per leaf with one column per level (`DetailReportKind.levelNames`).
public struct CSVRenderer: Renderer {
  public static let format = OutputFormat.csv

  public init() {}

  /// Writes the files one at a time, each begun with `sink.beginFile(named:)` and streamed in
  /// chunks of about a megabyte; stops at the first file the sink cannot take.
  public func write(_ report: Report, to sink: any ReportSink) {
    for table in tables(report) {
      guard sink.beginFile(named: table.name) else { return }
      var out = TextBuffer(sink: sink)
      table.write(to: &out)
      guard out.finish() else { return }
    }
  }

  // MARK: - Tables

  /// Every table, `index.csv` first, in the order of `docs/OUTPUTS.md`.
  func tables(_ r: Report) -> [CSVTable] {
    var list: [(table: CSVTable, title: String, limit: Int?, totalRows: Int?)] = []
    func add(_ t: CSVTable, _ title: String, limit: Int? = nil, totalRows: Int? = nil) {
      list.append((t, title, limit, totalRows))
    }

    add(reportInfo(r), "Report")
    add(inputs(r), "Input files")
    add(inputProblems(r), "Input problems")
    add(lineStats(r), "Lines read")
    // The files' order is fixed (docs/OUTPUTS.md), whatever `--problems-first` says.
    for section in ReportSection.allCases {
      switch section {
      case .grandTotals:
        add(totals(r), "Grand Totals")
      case .servers:
        add(servers(r.servers), "Servers")
      case .findings:
        if r.submitters != nil { add(findings(r.findings), "Findings") }
      case .submitters:
        if let t = r.submitters { add(submitters(t), "Submitters", limit: t.limit, totalRows: t.totalRows) }
      case .abuse:
        for (file, distinct, t, title) in [
          ("auth_failures.csv", "distinct_logins", r.authFailures, AbuseTitles.authFailures),
          ("relay_denied.csv", "distinct_recipient_domains", r.relayDenied, AbuseTitles.relayDenied),
        ] {
          add(clientAttempts(file, distinct, t.rows), title, limit: t.limit, totalRows: t.totalRows)
        }
        add(rejectClasses(r.rejectClasses), AbuseTitles.rejectClasses)
      case .perDayTraffic:
        if let rows = r.perDay { add(perDay(rows), "Per-Day Traffic Summary") }
      case .perHourTraffic:
        if let rows = r.perHour {
          add(perHour(rows, dayCount: r.dayCount), "Per-Hour Traffic \(r.dayCount > 1 ? "Daily Average" : "Summary")")
        }
      case .deliveryDomains:
        if let t = r.deliveryDomains {
          add(deliveryDomains(t), "Host/Domain Summary: Message Delivery", limit: t.limit, totalRows: t.totalRows)
        }
      case .receivedDomains:
        if let t = r.receivedDomains {
          add(receivedDomains(t), "Host/Domain Summary: Messages Received", limit: t.limit, totalRows: t.totalRows)
        }
      case .smtpdPerDay:
        if let rows = r.smtpdPerDay { add(smtpdPerDay(rows), "Per-Day SMTPD Connection Summary") }
      case .smtpdPerHour:
        if let rows = r.smtpdPerHour {
          add(
            smtpdPerHour(rows, dayCount: r.dayCount),
            "Per-Hour SMTPD Connection \(r.dayCount > 1 ? "Daily Average" : "Summary")")
        }
      case .smtpdDomains:
        if let t = r.smtpdDomains {
          add(smtpdDomains(t), "Host/Domain Summary: SMTPD Connections", limit: t.limit, totalRows: t.totalRows)
        }
      case .tlsLevels:
        if let d = r.tlsLevels { add(detail(d), d.title, limit: d.limit) }
      case .userTables:
        for t in [r.sendersByCount, r.recipientsByCount, r.sendersBySize, r.recipientsBySize] {
          if let t { add(userTable(t), t.kind.title, limit: t.limit, totalRows: t.totalRows) }
        }
      case .messagesWithoutSize:
        if let rows = r.messagesWithoutSize { add(messagesWithoutSize(rows), "Messages with no size data") }
      case .problems:
        for d in r.problems { add(detail(d), d.title, limit: d.limit) }
        add(masterMessages(r.masterMessages), "Master daemon messages")
      case .messageDetail:
        if let rows = r.messageDetail { add(messageDetail(rows), "Message detail") }
      case .mailQueue:
        break  // what `mailq` printed is text for people: the text report and the page show it
      }
    }

    var index = CSVTable(name: "index.csv", header: ["file", "title", "limit", "total_rows"])
    index.records.append([.text(index.name), .text("Index of the CSV files"), .text(""), .text("")])
    for entry in list {
      index.records.append([
        .text(entry.table.name), .text(entry.title),
        entry.limit.map { .int($0) } ?? .text(""), entry.totalRows.map { .int($0) } ?? .text(""),
      ])
    }
    return [index] + list.map(\.table)
  }

  private func reportInfo(_ r: Report) -> CSVTable {
    var t = CSVTable(name: "report.csv", header: ["field", "value"])
    t.records = [
      [.text("schema_version"), .int(r.meta.schemaVersion)],
      [.text("generator"), .text(r.meta.generator)],
      [.text("version"), .text(r.meta.version)],
      [.text("generated_at"), .text(r.meta.generatedAt ?? "")],
      [.text("period_first"), .text(r.period?.first.iso ?? "")],
      [.text("period_last"), .text(r.period?.last.iso ?? "")],
      [.text("date_range_first"), .text(r.layout.dateRange?.first.iso ?? "")],
      [.text("date_range_last"), .text(r.layout.dateRange?.last.iso ?? "")],
      [.text("day_count"), .int(r.dayCount)],
    ]
    return t
  }

  private func inputs(_ r: Report) -> CSVTable {
    var t = CSVTable(name: "inputs.csv", header: ["file", "compressed", "lines", "bytes", "problems"])
    for i in r.inputs {
      t.records.append([.text(i.name), .text(i.compressed ? "yes" : "no"), .int(i.lines), .integer(i.bytes), .int(i.problems.count)])
    }
    return t
  }

  private func inputProblems(_ r: Report) -> CSVTable {
    var t = CSVTable(name: "input_problems.csv", header: ["file", "problem"])
    for i in r.inputs {
      for p in i.problems { t.records.append([.text(i.name), .text(p)]) }
    }
    return t
  }

  private func lineStats(_ r: Report) -> CSVTable {
    let s = r.lineStats
    var t = CSVTable(name: "line_stats.csv", header: ["category", "lines"])
    t.records = [
      ("total", s.total), ("undated", s.undated), ("out_of_range", s.outOfRange),
      ("other_programs", s.otherPrograms), ("postfix", s.postfix), ("unprocessed", s.unprocessed),
      ("overlong", s.overlong), ("evicted_messages", s.evictedMessages),
      ("evicted_connections", s.evictedConnections),
    ].map { [.text($0.0), .int($0.1)] }
    return t
  }

  private func totals(_ r: Report) -> CSVTable {
    let g = r.totals
    var t = CSVTable(name: "totals.csv", header: ["metric", "value"])
    var rows: [(String, Int64)] = [
      ("received", Int64(g.received)), ("delivered", Int64(g.delivered)), ("forwarded", Int64(g.forwarded)),
      ("deferred", Int64(g.deferred)), ("deferrals", Int64(g.deferrals)), ("bounced", Int64(g.bounced)),
      ("removed", Int64(g.removed)), ("expired", Int64(g.expired)), ("rejected", Int64(g.rejected)),
      ("rejected_percent", Int64(g.rejectedPercent)), ("reject_warnings", Int64(g.rejectWarnings)),
      ("held", Int64(g.held)), ("discarded", Int64(g.discarded)), ("discarded_percent", Int64(g.discardedPercent)),
      ("bytes_received", g.bytesReceived), ("bytes_delivered", g.bytesDelivered), ("senders", Int64(g.senders)),
      ("sending_domains", Int64(g.sendingDomains)), ("recipients", Int64(g.recipients)),
      ("recipient_domains", Int64(g.recipientDomains)),
    ]
    for (prefix, c) in [("smtpd", r.smtpdTotals), ("postscreen", r.postscreenTotals)] {
      guard let c else { continue }
      rows += [
        ("\(prefix)_connections", Int64(c.connections)), ("\(prefix)_clients", Int64(c.clients)),
        ("\(prefix)_average_seconds", Int64(c.averageSeconds)), ("\(prefix)_total_seconds", c.totalSeconds),
      ]
    }
    t.records = rows.map { [.text($0.0), .integer($0.1)] }
    return t
  }

  private static let trafficColumns = ["received", "delivered", "deferred", "bounced", "rejected"]

  private func perDay(_ rows: [DayTraffic]) -> CSVTable {
    var t = CSVTable(name: "per_day.csv", header: ["date"] + Self.trafficColumns)
    t.records = rows.map { [.text($0.date.iso)] + $0.counts.columns.map(CSVCell.int) }
    return t
  }

  private func perHour(_ rows: [HourTraffic], dayCount: Int) -> CSVTable {
    let averages = Self.trafficColumns.map { $0 + "_daily_average" }
    var t = CSVTable(name: "per_hour.csv", header: ["hour"] + Self.trafficColumns + averages)
    t.records = rows.map { row in
      [.int(row.hour)] + row.counts.columns.map(CSVCell.int)
        + row.dailyAverage(dayCount: dayCount).columns.map(CSVCell.int)
    }
    return t
  }

  private func deliveryDomains(_ table: DomainTable<DeliveryDomain>) -> CSVTable {
    var t = CSVTable(
      name: "delivery_domains.csv",
      header: ["domain", "delivered", "bytes", "deferrals", "average_delay_seconds", "max_delay_seconds"])
    t.records = table.rows.map {
      [.text($0.domain), .int($0.delivered), .integer($0.bytes), .int($0.deferrals), .decimal($0.averageDelay), .decimal($0.maxDelay)]
    }
    return t
  }

  private func receivedDomains(_ table: DomainTable<ReceivedDomain>) -> CSVTable {
    var t = CSVTable(name: "received_domains.csv", header: ["domain", "messages", "bytes"])
    t.records = table.rows.map { [.text($0.domain), .int($0.messages), .integer($0.bytes)] }
    return t
  }

  private func smtpdPerDay(_ rows: [DayConnections]) -> CSVTable {
    var t = CSVTable(
      name: "smtpd_per_day.csv", header: ["date", "connections", "total_seconds", "average_seconds", "max_seconds"])
    t.records = rows.map {
      [.text($0.date.iso), .int($0.connections), .integer($0.totalSeconds), .int($0.averageSeconds), .integer($0.maxSeconds)]
    }
    return t
  }

  private func smtpdPerHour(_ rows: [HourConnections], dayCount: Int) -> CSVTable {
    var t = CSVTable(
      name: "smtpd_per_hour.csv",
      header: [
        "hour", "connections", "total_seconds", "average_seconds", "max_seconds", "connections_daily_average",
        "total_seconds_daily_average",
      ])
    t.records = rows.map {
      [
        .int($0.hour), .int($0.connections), .integer($0.totalSeconds), .int($0.averageSeconds), .integer($0.maxSeconds),
        .int($0.dailyAverageConnections(dayCount: dayCount)), .integer($0.dailyAverageSeconds(dayCount: dayCount)),
      ]
    }
    return t
  }

  private func smtpdDomains(_ table: DomainTable<ConnectionDomain>) -> CSVTable {
    var t = CSVTable(
      name: "smtpd_domains.csv", header: ["domain", "connections", "total_seconds", "average_seconds", "max_seconds"])
    t.records = table.rows.map {
      [.text($0.domain), .int($0.connections), .integer($0.totalSeconds), .int($0.averageSeconds), .integer($0.maxSeconds)]
    }
    return t
  }

  private func userTable(_ table: UserTable) -> CSVTable {
    var t = CSVTable(name: table.kind.rawValue + ".csv", header: ["address", table.kind.isSize ? "bytes" : "messages"])
    let rows = table.rows
    t.madeRecords = (rows.count, { [.text(rows[$0].address), .integer(rows[$0].value)] })
    return t
  }

  private func findings(_ rows: [Finding]) -> CSVTable {
    var t = CSVTable(name: "findings.csv", header: ["flag", "kind", "name", "reason"])
    for f in rows { t.records.append([.text(f.flag), .text(f.kind), .text(f.name), .text(f.reason)]) }
    return t
  }

  private func submitters(_ table: SubmitterTable) -> CSVTable {
    var t = CSVTable(
      name: "submitters.csv",
      header: [
        "kind", "name", "host", "messages", "recipients", "distinct_recipients", "recipient_domains", "bytes", "envelope_senders",
        "client_ips", "client_networks", "busiest_hour", "delivered", "deferred", "bounced", "remote_blocked", "relayed", "flags",
      ])
    for r in table.rows {
      t.records.append([
        .text(r.kind), .text(r.name), .text(r.host ?? ""), .int(r.messages), .int(r.recipients), r.distinctRecipients.map { .int($0) } ?? .text(""),
        r.recipientDomains.map { .int($0) } ?? .text(""), .integer(r.bytes), r.envelopeSenders.map { .int($0) } ?? .text(""), .int(r.clientIPs), .int(r.clientNetworks),
        r.busiestHour.map { .int($0) } ?? .text(""), .int(r.delivered), .int(r.deferred), .int(r.bounced),
        .int(r.remoteBlocked), .int(r.relayed), .text(r.flags.joined(separator: " ")),
      ])
    }
    return t
  }

  private func servers(_ rows: [ServerRow]) -> CSVTable {
    var t = CSVTable(
      name: "servers.csv",
      header: ["host", "lines", "messages", "received", "delivered", "deferred", "bounced", "rejected", "bytes_received", "bytes_delivered"])
    for row in rows {
      t.records.append([
        .text(row.host), .int(row.lines), .int(row.messages), .int(row.received), .int(row.delivered), .int(row.deferred),
        .int(row.bounced), .int(row.rejected), .integer(row.bytesReceived), .integer(row.bytesDelivered),
      ])
    }
    return t
  }

  /// An abuse table: per client IP, its host name, attempts, what it tried, first and last time.
  private func clientAttempts(_ name: String, _ distinct: String, _ rows: [AbuseClientRow]) -> CSVTable {
    var t = CSVTable(name: name, header: ["client", "host", "attempts", distinct, "first", "last"])
    for row in rows {
      t.records.append([.text(row.client), .text(row.host), .int(row.attempts), .int(row.distinct), .text(row.first.iso), .text(row.last.iso)])
    }
    return t
  }

  private func rejectClasses(_ rows: [RejectClassRow]) -> CSVTable {
    var t = CSVTable(name: "reject_classes.csv", header: ["class", "code_4xx", "code_5xx", "total"])
    for row in rows { t.records.append([.text(row.rejectClass.rawValue), .int(row.temporary), .int(row.permanent), .int(row.total)]) }
    return t
  }

  private func messagesWithoutSize(_ rows: [MessageWithoutSize]) -> CSVTable {
    var t = CSVTable(name: "messages_without_size.csv", header: ["queue_id", "recipient"])
    t.madeRecords = (rows.count, { [.text(rows[$0].queueID), .text(rows[$0].recipient)] })
    return t
  }

  /// One row per leaf: the keys of its ancestors (outermost first), its own key, its count.
  /// A tree shallower than `levelNames` leaves the missing inner columns empty.
  func detail(_ d: DetailReport) -> CSVTable {
    let levels = d.kind.levelNames
    var t = CSVTable(name: d.kind.rawValue + ".csv", header: levels + ["count"])
    func walk(_ node: DetailNode, path: [String]) {
      for child in node.children { walk(child, path: path + [child.key]) }
      for leaf in node.leaves {
        var keys = path
        while keys.count < levels.count - 1 { keys.append("") }
        t.records.append(keys.map(CSVCell.text) + [.text(leaf.key), .int(leaf.count)])
      }
    }
    walk(d.root, path: [])
    return t
  }

  private func masterMessages(_ leaves: [DetailLeaf]) -> CSVTable {
    var t = CSVTable(name: "master_messages.csv", header: ["message", "count"])
    t.records = leaves.map { [.text($0.key), .int($0.count)] }
    return t
  }

  private func messageDetail(_ rows: [MessageDetail]) -> CSVTable {
    var t = CSVTable(name: "message_detail.csv", header: ["queue_id", "sender", "recipient"])
    for m in rows {
      if m.recipients.isEmpty { t.records.append([.text(m.queueID), .text(m.sender), .text("")]) }
      for rcpt in m.recipients { t.records.append([.text(m.queueID), .text(m.sender), .text(rcpt)]) }
    }
    return t
  }
}
