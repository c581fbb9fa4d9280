import ReportModel

/// pflogsumm 1.3.0's plain-text report, byte for byte (PFLOGSUMM.md §2), from the `Report`.
public struct TextRenderer: Renderer {
  public static let format = OutputFormat.text

  public init() {}

  /// Streams the report to `sink` in chunks of about a megabyte, so that a report listing
  /// hundreds of thousands of recipients never sits in memory whole (nor twice).
  public func write(_ r: Report, to sink: any ReportSink) {
    var out = TextBuffer(sink: sink)
    renderText(r, into: &out)
    _ = out.finish()
  }

  private func renderText(_ r: Report, into out: inout TextBuffer) {
    title(r, &out)
    if !r.notices.isEmpty {
      out.line("")
      for n in r.notices { out.line(n) }
    }
    for section in r.sectionOrder { render(section, r, &out) }
  }

  /// One section, under pflogsumm's conditions (per-day tables only for several days …).
  private func render(_ section: ReportSection, _ r: Report, _ out: inout TextBuffer) {
    switch section {
    case .grandTotals:
      grandTotals(r, &out)
    case .servers:
      // Not in pflogsumm's report: only when asked for (`--server-stats`).
      if r.layout.serverStats { servers(r.servers, quiet: r.layout.quiet, &out) }
    case .findings:
      if r.layout.abuseStats { findings(r.findings, &out) }
    case .submitters:
      if r.layout.abuseStats, let t = r.submitters { submitters(t, quiet: r.layout.quiet, &out) }
    case .abuse:
      // Not in pflogsumm's report either: only when asked for (`--abuse-stats`).
      if r.layout.abuseStats { abuse(r, &out) }
    case .perDayTraffic:
      if r.perHour != nil, let perDay = r.perDay, r.dayCount > 1 { perDaySummary(perDay, r, &out) }
    case .perHourTraffic:
      if let perHour = r.perHour { perHourSummary(perHour, r, &out) }
    case .deliveryDomains:
      if let t = r.deliveryDomains { deliveryDomains(t, &out) }
    case .receivedDomains:
      if let t = r.receivedDomains { receivedDomains(t, &out) }
    case .smtpdPerDay:
      if r.smtpdTotals != nil, let perDay = r.smtpdPerDay, r.dayCount > 1 { smtpdPerDay(perDay, r, &out) }
    case .smtpdPerHour:
      if r.smtpdTotals != nil, let perHour = r.smtpdPerHour { smtpdPerHour(perHour, r, &out) }
    case .smtpdDomains:
      if r.smtpdTotals != nil, let t = r.smtpdDomains { smtpdDomains(t, &out) }
    case .tlsLevels:
      if let tls = r.tlsLevels { nested(tls, quiet: r.layout.quiet, &out) }
    case .userTables:
      for t in [r.sendersByCount, r.recipientsByCount, r.sendersBySize, r.recipientsBySize] {
        if let t { userTable(t, quiet: r.layout.quiet, &out) }
      }
    case .messagesWithoutSize:
      if let noSize = r.messagesWithoutSize, !noSize.isEmpty {
        subsection("Messages with no size data (\(noSize.count))", &out)
        for m in noSize { out.line(" \(m.queueID)  \(m.recipient)") }
      }
    case .problems:
      problems(r, &out)
    case .messageDetail:
      if let detail = r.messageDetail { messageDetail(detail, quiet: r.layout.quiet, &out) }
    case .mailQueue:
      if let q = r.mailQueue {
        subsection("Current Mail Queue", &out)
        out.raw(q)
      }
    }
  }

  // MARK: - Sections

  private func title(_ r: Report, _ out: inout TextBuffer) {
    out.line(DayText.title(r.period))
  }

  private func grandTotals(_ r: Report, _ out: inout TextBuffer) {
    let t = r.totals
    subsection("Grand Totals", &out)
    out.line("messages")
    out.line("")
    out.line(" \(NumberFormat.units(t.received))  received")
    out.line(" \(NumberFormat.units(t.delivered))  delivered")
    out.line(" \(NumberFormat.units(t.forwarded))  forwarded")
    var deferred = " \(NumberFormat.units(t.deferred))  deferred"
    if t.deferrals > 0 { deferred += "  (\(NumberFormat.unitsTight(Int64(t.deferrals))) deferrals)" }
    out.line(deferred)
    out.line(" \(NumberFormat.units(t.bounced))  bounced")
    out.line(" \(NumberFormat.units(t.removed))  removed (canceled)")
    out.line(" \(NumberFormat.units(t.expired))  expired")
    out.line(" \(NumberFormat.units(t.rejected))  rejected (\(t.rejectedPercent)%)")
    out.line(" \(NumberFormat.units(t.rejectWarnings))  reject warnings")
    out.line(" \(NumberFormat.units(t.held))  held")
    out.line(" \(NumberFormat.units(t.discarded))  discarded (\(t.discardedPercent)%)")
    out.line("")
    out.line(" \(NumberFormat.units(t.bytesReceived))  bytes received")
    out.line(" \(NumberFormat.units(t.bytesDelivered))  bytes delivered")
    out.line(" \(NumberFormat.units(t.senders))  senders")
    out.line(" \(NumberFormat.units(t.sendingDomains))  sending hosts/domains")
    out.line(" \(NumberFormat.units(t.recipients))  recipients")
    out.line(" \(NumberFormat.units(t.recipientDomains))  recipient hosts/domains")
    if let s = r.smtpdTotals { connectionTotals("smtpd", "hosts/domains", s, &out) }
    if let p = r.postscreenTotals { connectionTotals("postscreen", "IP addresses", p, &out) }
    out.line("")
  }

  private func connectionTotals(_ name: String, _ clients: String, _ c: ConnectionTotals, _ out: inout TextBuffer) {
    out.line("")
    out.line(name)
    out.line("")
    out.line("  \(NumberFormat.units(c.connections))  connections")
    out.line("  \(NumberFormat.units(c.clients))  \(clients)")
    out.line("  \(NumberFormat.pad(c.averageSeconds, 6))   avg. connect time (seconds)")
    let (h, m, s) = NumberFormat.hms(Double(c.totalSeconds))
    out.line(" \(NumberFormat.pad(h, 2)):\(NumberFormat.zero2(m)):\(NumberFormat.zero2(s))  total connect time")
  }

  private static let trafficHeader = """
        time          received  delivered   deferred    bounced     rejected
        --------------------------------------------------------------------
    """

  private func perDaySummary(_ rows: [DayTraffic], _ r: Report, _ out: inout TextBuffer) {
    subsection("Per-Day Traffic Summary", &out)
    out.line("    date          received  delivered   deferred    bounced     rejected")
    out.line("    --------------------------------------------------------------------")
    for row in rows {
      var line = dateCell(row.date, r.layout.isoDateTime)
      for v in row.counts.columns { line += "    " + NumberFormat.units(v) }
      out.line(line)
    }
  }

  private func dateCell(_ d: Day, _ iso: Bool) -> String {
    iso ? "    \(d.iso) " : "    \(Day.monthAbbreviations[d.month - 1]) \(NumberFormat.pad(d.day, 2)) \(d.year)"
  }

  private func hourCell(_ h: Int, _ iso: Bool) -> String {
    iso ? "    \(NumberFormat.zero2(h)):00-\(NumberFormat.zero2(h + 1)):00" : "    \(NumberFormat.zero2(h))00-\(NumberFormat.zero2(h + 1))00  "
  }

  private func perHourSummary(_ rows: [HourTraffic], _ r: Report, _ out: inout TextBuffer) {
    subsection("Per-Hour Traffic \(r.dayCount > 1 ? "Daily Average" : "Summary")", &out)
    out.line(Self.trafficHeader)
    for row in rows {
      var line = hourCell(row.hour, r.layout.isoDateTime)
      for v in row.counts.columns {
        let shown = r.dayCount > 0 ? Double(v) / Double(r.dayCount) + 0.5 : Double(v)
        line += "    " + NumberFormat.units(shown)
      }
      out.line(line)
    }
  }

  private func deliveryDomains(_ t: DomainTable<DeliveryDomain>, _ out: inout TextBuffer) {
    subsection("Host/Domain Summary: Message Delivery \(TopCount.title(t.limit, t.totalRows))", &out)
    out.line(" msg cnt   bytes   defers   avg dly max dly host/domain")
    out.line(" -------- -------  -------  ------- ------- -----------")
    for d in t.rows {
      // " %6d%s  %6d%s  %6d%s  %5.1f %s  %5.1f %s  %s", written as bytes: one row per domain.
      out.units(Int64(d.delivered), before: " ")
      out.units(d.bytes, before: "  ")
      out.units(Int64(d.deferrals), before: "  ")
      out.delay(d.averageDelay, before: "  ")
      out.delay(d.maxDelay, before: "  ")
      out.raw("  ")
      out.line(d.domain)
    }
  }

  private func receivedDomains(_ t: DomainTable<ReceivedDomain>, _ out: inout TextBuffer) {
    subsection("Host/Domain Summary: Messages Received \(TopCount.title(t.limit, t.totalRows))", &out)
    out.line(" msg cnt   bytes   host/domain")
    out.line(" -------- -------  -----------")
    for d in t.rows {
      out.units(Int64(d.messages), before: " ")
      out.units(d.bytes, before: "  ")
      out.raw("  ")
      out.line(d.domain)
    }
  }

  private func smtpdPerDay(_ rows: [DayConnections], _ r: Report, _ out: inout TextBuffer) {
    subsection("Per-Day SMTPD Connection Summary", &out)
    out.line("    date        connections    time conn.    avg./conn.   max. time")
    out.line("    --------------------------------------------------------------------")
    for row in rows {
      let (h, m, s) = NumberFormat.hms(Double(row.totalSeconds))
      out.line(
        dateCell(row.date, r.layout.isoDateTime)
          + "   \(NumberFormat.units(row.connections))       \(NumberFormat.pad(h, 2)):\(NumberFormat.zero2(m)):\(NumberFormat.zero2(s))      \(NumberFormat.pad(row.averageSeconds, 6))s      \(NumberFormat.pad64(row.maxSeconds, 6))s"
      )
    }
  }

  private func smtpdPerHour(_ rows: [HourConnections], _ r: Report, _ out: inout TextBuffer) {
    let average = r.dayCount > 1
    if average {
      subsection("Per-Hour SMTPD Connection Daily Average", &out)
      out.line("    hour        connections    time conn.")
      out.line("    -------------------------------------")
    } else {
      subsection("Per-Hour SMTPD Connection Summary", &out)
      out.line("    hour        connections    time conn.    avg./conn.   max. time")
      out.line("    --------------------------------------------------------------------")
    }
    for row in rows {
      var count = Double(row.connections)
      var total = Double(row.totalSeconds)
      if average {
        count = count / Double(r.dayCount) + 0.5
        total = total / Double(r.dayCount) + 0.5
      }
      let (h, m, s) = NumberFormat.hms(total)
      var line = hourCell(row.hour, r.layout.isoDateTime)
      line += "   \(NumberFormat.units(count))       \(NumberFormat.pad(h, 2)):\(NumberFormat.zero2(m)):\(NumberFormat.zero2(s))"
      if !average { line += "      \(NumberFormat.pad(row.averageSeconds, 6))s      \(NumberFormat.pad64(row.maxSeconds, 6))s" }
      out.line(line)
    }
  }

  private func smtpdDomains(_ t: DomainTable<ConnectionDomain>, _ out: inout TextBuffer) {
    subsection("Host/Domain Summary: SMTPD Connections \(TopCount.title(t.limit, t.totalRows))", &out)
    out.line(" connections  time conn.  avg./conn.  max. time  host/domain")
    out.line(" -----------  ----------  ----------  ---------  -----------")
    for d in t.rows {
      let (h, m, s) = NumberFormat.hms(Double(d.totalSeconds))
      out.line(
        "  \(NumberFormat.units(d.connections))      \(NumberFormat.pad(h, 2)):\(NumberFormat.zero2(m)):\(NumberFormat.zero2(s))     \(NumberFormat.pad(d.averageSeconds, 6))s    \(NumberFormat.pad64(d.maxSeconds, 6))s   \(d.domain)"
      )
    }
  }

  private func abuse(_ r: Report, _ out: inout TextBuffer) {
    let iso = r.layout.isoDateTime
    let quiet = r.layout.quiet
    clientAttempts(AbuseTitles.authFailures, "logins", r.authFailures, iso: iso, quiet: quiet, &out)
    clientAttempts(AbuseTitles.relayDenied, "domains", r.relayDenied, iso: iso, quiet: quiet, &out)
    if r.rejectClasses.isEmpty {
      none(AbuseTitles.rejectClasses, quiet: quiet, &out)
      return
    }
    subsection(AbuseTitles.rejectClasses, &out)
    out.line("    4xx      5xx    total   class")
    out.line("    ---      ---    -----   -----")
    for row in r.rejectClasses {
      out.units(Int64(row.temporary), before: " ")
      out.units(Int64(row.permanent), before: "  ")
      out.units(Int64(row.total), before: "  ")
      out.raw("  ")
      out.line(row.rejectClass.label)
    }
  }

  /// A table of clients and their attempts; `distinct` names what they tried.
  private func clientAttempts(
    _ title: String, _ distinct: String, _ table: AbuseClientTable, iso: Bool, quiet: Bool, _ out: inout TextBuffer
  ) {
    let rows = table.rows
    if table.limit == 0 { return }  // -h 0: no host tables
    if rows.isEmpty {
      none(title, quiet: quiet, &out)
      return
    }
    subsection("\(title) \(TopCount.title(table.limit, table.totalRows))", &out)
    // The columns end where the figures' unit letters do, as in pflogsumm's tables.
    let width = iso ? 19 : 20
    func column(_ name: String) -> String { name + String(repeating: " ", count: width - name.count) }
    func dashes(_ n: Int) -> String { String(repeating: "-", count: n) }
    let indent = String(repeating: " ", count: 9 - distinct.count)
    out.line(" attempts\(indent)\(distinct)  \(column("first seen"))  \(column("last seen"))  client")
    out.line(" --------\(indent)\(dashes(distinct.count))  \(column(dashes(10)))  \(column(dashes(9)))  ------")
    for row in rows {
      out.units(Int64(row.attempts), before: "  ")
      out.units(Int64(row.distinct), before: "  ")
      out.moment(row.first, iso: iso, before: "  ")
      out.moment(row.last, iso: iso, before: "  ")
      out.client(row, before: "  ")
    }
  }

  /// `TITLE: none`, unless `-q`.
  private func none(_ title: String, quiet: Bool, _ out: inout TextBuffer) {
    if quiet { return }
    out.line("")
    out.line("\(title): none")
  }

  private func userTable(_ t: UserTable, quiet: Bool, _ out: inout TextBuffer) {
    let title = t.kind.title + " " + TopCount.title(t.limit, t.totalRows)
    if t.totalRows == 0 {
      if !quiet {
        out.line("")
        out.line(title)
      }
      return
    }
    subsection(title, &out)
    out.countedLines(t.rows)
  }

  /// `--abuse-stats`: one line per finding, or a line saying there is none.
  private func findings(_ findings: [Finding], _ out: inout TextBuffer) {
    subsection("Findings", &out)
    if findings.isEmpty {
      out.line(" nothing flagged")
      return
    }
    for f in findings { out.line(" \(f.flag): \(f.kind) \(f.name): \(f.reason)") }
  }

  /// `--abuse-stats`: who put the messages in the queue, and what became of them.
  private func submitters(_ t: SubmitterTable, quiet: Bool, _ out: inout TextBuffer) {
    let title = "Submitters " + TopCount.title(t.limit, t.totalRows)
    if t.rows.isEmpty {
      if !quiet {
        out.line("")
        out.line(title)
      }
      return
    }
    subsection(title, &out)
    out.line("   msgs   rcpts  deliv  defer bounce  block  relay  nets  submitter")
    for row in t.rows {
      var line = ""
      for v in [row.messages, row.recipients, row.delivered, row.deferred, row.bounced, row.remoteBlocked, row.relayed] {
        line += NumberFormat.units(v)
      }
      line += NumberFormat.pad(row.clientNetworks, 6)
      line += "  \(row.kind) \(AbuseTitles.submitter(row))"
      if !row.flags.isEmpty { line += " [" + row.flags.joined(separator: ", ") + "]" }
      out.line(line)
    }
  }

  /// `--server-stats`: per syslog host, its lines and its part of the grand totals.
  private func servers(_ rows: [ServerRow], quiet: Bool, _ out: inout TextBuffer) {
    if rows.isEmpty { return none("Servers", quiet: quiet, &out) }
    subsection("Servers", &out)
    out.line("  lines   rcvd  deliv  defer bounce reject  bytes rcvd  bytes dlvd  host")
    out.line("  ----- ------ ------ ------ ------ ------  ----------  ----------  ----")
    for row in rows {
      var line = ""
      for v in [row.lines, row.received, row.delivered, row.deferred, row.bounced, row.rejected] { line += NumberFormat.units(v) }
      line += "     " + NumberFormat.units(row.bytesReceived) + "     " + NumberFormat.units(row.bytesDelivered)
      out.line(line + "  " + row.host)
    }
  }

  private func problems(_ r: Report, _ out: inout TextBuffer) {
    for p in r.problems { nested(p, quiet: r.layout.quiet, &out) }
    // Master daemon messages: a flat list with one space of indent.
    if r.masterMessages.isEmpty {
      if !r.layout.quiet {
        out.line("")
        out.line("Master daemon messages: none")
      }
    } else {
      subsection("Master daemon messages", &out)
      for leaf in r.masterMessages { out.countedLine(indent: 1, Int64(leaf.count), leaf.key) }
    }
  }

  private func nested(_ report: DetailReport, quiet: Bool, _ out: inout TextBuffer) {
    if report.isEmpty {
      if !quiet {
        out.line("")
        out.line("\(report.title): none")
      }
      return
    }
    subsection(report.title, &out)
    walk(report.root, limit: report.limit, indent: 2, &out)
  }

  private func walk(_ node: DetailNode, limit: Int?, indent: Int, _ out: inout TextBuffer) {
    if node.children.isEmpty {
      for leaf in node.leaves { out.countedLine(indent: indent, Int64(leaf.count), leaf.key) }
      return
    }
    let pad = String(repeating: " ", count: indent)
    for child in node.children {
      var line = pad + child.key
      if child.children.isEmpty {
        line += " ("
        if let limit, limit > 0, child.distinctLeaves > limit { line += "top \(limit) of " }
        line += "\(child.total))"
      }
      out.line(line)
      walk(child, limit: limit, indent: indent + 2, &out)
    }
  }

  private func messageDetail(_ detail: [MessageDetail], quiet: Bool, _ out: inout TextBuffer) {
    if detail.isEmpty {
      if !quiet {
        out.line("")
        out.line("Message detail: none")
      }
      return
    }
    subsection("Message detail", &out)
    for m in detail {
      out.line(" \(m.queueID)  \(m.sender)")
      for rcpt in m.recipients { out.line("   \(rcpt)") }
      out.line("")
    }
  }

  private func subsection(_ title: String, _ out: inout TextBuffer) {
    out.line("")
    out.line(title)
    out.line(String(repeating: "-", count: title.utf8.count))
  }
}
