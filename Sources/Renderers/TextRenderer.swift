#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReportModel

/// pflogsumm 1.3.0's plain-text report, byte for byte (PFLOGSUMM.md §2), from the `Report`.
public struct TextRenderer: Renderer {
  public static let format = OutputFormat.text

  public init() {}

  public func render(_ report: Report) -> RenderedOutput {
    .document(renderText(report))
  }

  public func renderText(_ r: Report) -> String {
    var out = TextBuffer()
    renderText(r, into: &out)
    return out.text
  }

  /// Streams the report to `sink` in chunks of about a megabyte, so that a report listing
  /// hundreds of thousands of recipients never sits in memory whole (nor twice).
  public func writeText(_ r: Report, to sink: @escaping (UnsafeRawBufferPointer) -> Bool) -> Bool {
    var out = TextBuffer(sink: sink)
    renderText(r, into: &out)
    return out.finish()
  }

  private func renderText(_ r: Report, into out: inout TextBuffer) {
    title(r, &out)
    if !r.notices.isEmpty {
      out.line("")
      for n in r.notices { out.line(n) }
    }
    grandTotals(r, &out)
    if r.layout.problemsFirst { problems(r, &out) }
    if let perHour = r.perHour {
      if let perDay = r.perDay, r.dayCount > 1 { perDaySummary(perDay, r, &out) }
      perHourSummary(perHour, r, &out)
    }
    if let t = r.deliveryDomains { deliveryDomains(t, &out) }
    if let t = r.receivedDomains { receivedDomains(t, &out) }
    if r.smtpdTotals != nil {
      if let perDay = r.smtpdPerDay, r.dayCount > 1 { smtpdPerDay(perDay, r, &out) }
      if let perHour = r.smtpdPerHour { smtpdPerHour(perHour, r, &out) }
      if let t = r.smtpdDomains { smtpdDomains(t, &out) }
    }
    if let tls = r.tlsLevels { nested(tls, quiet: r.layout.quiet, &out) }
    for t in [r.sendersByCount, r.recipientsByCount, r.sendersBySize, r.recipientsBySize] {
      if let t { userTable(t, quiet: r.layout.quiet, &out) }
    }
    if let noSize = r.messagesWithoutSize, !noSize.isEmpty {
      subsection("Messages with no size data (\(noSize.count))", &out)
      for m in noSize { out.line(" \(m.queueID)  \(m.recipient)") }
    }
    if !r.layout.problemsFirst { problems(r, &out) }
    if let detail = r.messageDetail { messageDetail(detail, quiet: r.layout.quiet, &out) }
    if let q = r.mailQueue {
      subsection("Current Mail Queue", &out)
      out.raw(q)
    }
  }

  // MARK: - Sections

  private func title(_ r: Report, _ out: inout TextBuffer) {
    var t = "Postfix Log Summaries"
    if let p = r.period {
      t += " for " + Self.longDate(p.first)
      if p.first != p.last { t += " through " + Self.longDate(p.last) }
    }
    out.line(t)
  }

  static func longDate(_ d: Day) -> String {
    "\(Day.weekdayAbbreviations[d.isoWeekday - 1]), \(Day.monthAbbreviations[d.month - 1]) \(d.day) \(d.year)"
  }

  private func grandTotals(_ r: Report, _ out: inout TextBuffer) {
    let t = r.totals
    subsection("Grand Totals", &out)
    out.line("messages")
    out.line("")
    out.line(" \(Self.units(t.received))  received")
    out.line(" \(Self.units(t.delivered))  delivered")
    out.line(" \(Self.units(t.forwarded))  forwarded")
    var deferred = " \(Self.units(t.deferred))  deferred"
    if t.deferrals > 0 { deferred += "  (\(Self.unitsTight(Int64(t.deferrals))) deferrals)" }
    out.line(deferred)
    out.line(" \(Self.units(t.bounced))  bounced")
    out.line(" \(Self.units(t.removed))  removed (canceled)")
    out.line(" \(Self.units(t.expired))  expired")
    out.line(" \(Self.units(t.rejected))  rejected (\(t.rejectedPercent)%)")
    out.line(" \(Self.units(t.rejectWarnings))  reject warnings")
    out.line(" \(Self.units(t.held))  held")
    out.line(" \(Self.units(t.discarded))  discarded (\(t.discardedPercent)%)")
    out.line("")
    out.line(" \(Self.units(t.bytesReceived))  bytes received")
    out.line(" \(Self.units(t.bytesDelivered))  bytes delivered")
    out.line(" \(Self.units(t.senders))  senders")
    out.line(" \(Self.units(t.sendingDomains))  sending hosts/domains")
    out.line(" \(Self.units(t.recipients))  recipients")
    out.line(" \(Self.units(t.recipientDomains))  recipient hosts/domains")
    if let s = r.smtpdTotals { connectionTotals("smtpd", "hosts/domains", s, &out) }
    if let p = r.postscreenTotals { connectionTotals("postscreen", "IP addresses", p, &out) }
    out.line("")
  }

  private func connectionTotals(_ name: String, _ clients: String, _ c: ConnectionTotals, _ out: inout TextBuffer) {
    out.line("")
    out.line(name)
    out.line("")
    out.line("  \(Self.units(c.connections))  connections")
    out.line("  \(Self.units(c.clients))  \(clients)")
    out.line("  \(Self.pad(c.averageSeconds, 6))   avg. connect time (seconds)")
    let (h, m, s) = Self.hms(Double(c.totalSeconds))
    out.line(" \(Self.pad(h, 2)):\(Self.zero2(m)):\(Self.zero2(s))  total connect time")
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
      for v in row.counts.columns { line += "    " + Self.units(v) }
      out.line(line)
    }
  }

  private func dateCell(_ d: Day, _ iso: Bool) -> String {
    iso ? "    \(d.iso) " : "    \(Day.monthAbbreviations[d.month - 1]) \(Self.pad(d.day, 2)) \(d.year)"
  }

  private func hourCell(_ h: Int, _ iso: Bool) -> String {
    iso ? "    \(Self.zero2(h)):00-\(Self.zero2(h + 1)):00" : "    \(Self.zero2(h))00-\(Self.zero2(h + 1))00  "
  }

  private func perHourSummary(_ rows: [HourTraffic], _ r: Report, _ out: inout TextBuffer) {
    subsection("Per-Hour Traffic \(r.dayCount > 1 ? "Daily Average" : "Summary")", &out)
    out.line(Self.trafficHeader)
    for row in rows {
      var line = hourCell(row.hour, r.layout.isoDateTime)
      for v in row.counts.columns {
        let shown = r.dayCount > 0 ? Double(v) / Double(r.dayCount) + 0.5 : Double(v)
        line += "    " + Self.units(shown)
      }
      out.line(line)
    }
  }

  private func topCount(_ limit: Int?, _ total: Int) -> String {
    if let limit, limit > 0, total > limit { return "(top \(limit) of \(total))" }
    return "(\(total))"
  }

  private func deliveryDomains(_ t: DomainTable<DeliveryDomain>, _ out: inout TextBuffer) {
    subsection("Host/Domain Summary: Message Delivery \(topCount(t.limit, t.totalRows))", &out)
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
    subsection("Host/Domain Summary: Messages Received \(topCount(t.limit, t.totalRows))", &out)
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
      let (h, m, s) = Self.hms(Double(row.totalSeconds))
      out.line(
        dateCell(row.date, r.layout.isoDateTime)
          + "   \(Self.units(row.connections))       \(Self.pad(h, 2)):\(Self.zero2(m)):\(Self.zero2(s))      \(Self.pad(row.averageSeconds, 6))s      \(Self.pad64(row.maxSeconds, 6))s"
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
      let (h, m, s) = Self.hms(total)
      var line = hourCell(row.hour, r.layout.isoDateTime)
      line += "   \(Self.units(count))       \(Self.pad(h, 2)):\(Self.zero2(m)):\(Self.zero2(s))"
      if !average { line += "      \(Self.pad(row.averageSeconds, 6))s      \(Self.pad64(row.maxSeconds, 6))s" }
      out.line(line)
    }
  }

  private func smtpdDomains(_ t: DomainTable<ConnectionDomain>, _ out: inout TextBuffer) {
    subsection("Host/Domain Summary: SMTPD Connections \(topCount(t.limit, t.totalRows))", &out)
    out.line(" connections  time conn.  avg./conn.  max. time  host/domain")
    out.line(" -----------  ----------  ----------  ---------  -----------")
    for d in t.rows {
      let (h, m, s) = Self.hms(Double(d.totalSeconds))
      out.line(
        "  \(Self.units(d.connections))      \(Self.pad(h, 2)):\(Self.zero2(m)):\(Self.zero2(s))     \(Self.pad(d.averageSeconds, 6))s    \(Self.pad64(d.maxSeconds, 6))s   \(d.domain)"
      )
    }
  }

  private func userTable(_ t: UserTable, quiet: Bool, _ out: inout TextBuffer) {
    let title = t.kind.title + " " + topCount(t.limit, t.totalRows)
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

  // MARK: - Number formats (PFLOGSUMM.md §2.1)

  /// `%6d%s` after pflogsumm's binary k/m scaling above 512 Ki / 512 Mi.
  static func units(_ v: Int) -> String { units(Double(v)) }
  static func units(_ v: Int64) -> String { units(Double(v)) }
  static func units(_ value: Double) -> String {
    let (v, unit) = scaled(value)
    return pad64(v, 6) + unit
  }

  /// `%d%s` (no width), as in "(2  deferrals)".
  static func unitsTight(_ value: Int64) -> String {
    let (v, unit) = scaled(Double(value))
    return String(v) + unit
  }

  /// pflogsumm's `adj_int_units`: binary megabytes above 512 Mi, kilobytes above 512 Ki, then
  /// truncated like Perl's `%d`.
  static func scaled(_ value: Double) -> (Int64, String) {
    let (v, unit) = scaledUnit(value)
    return (v, String(UnicodeScalar(unit)))
  }

  /// `scaled`, with the unit as its byte (`m`, `k` or a space).
  @inline(__always)
  static func scaledUnit(_ value: Double) -> (Int64, UInt8) {
    if value > 536_870_912 { return (Int64((value / 1_048_576).rounded(.towardZero)), 0x6D) }
    if value > 524_288 { return (Int64((value / 1024).rounded(.towardZero)), 0x6B) }
    return (Int64(value.rounded(.towardZero)), 0x20)
  }

  /// `%5.1f %s` with seconds, minutes or hours.
  static func delay(_ seconds: Double) -> String {
    var text: [UInt8] = []
    appendDelay(seconds, to: &text)
    return String(decoding: text, as: UTF8.self)
  }

  /// Appends `delay(seconds)`.
  static func appendDelay(_ seconds: Double, to bytes: inout [UInt8]) {
    var v = seconds
    var unit: UInt8 = 0x73  // "s"
    if v > 3600 {
      v /= 3600
      unit = 0x68  // "h"
    } else if v > 60 {
      v /= 60
      unit = 0x6D  // "m"
    }
    if let tenths = Tenths.rounded(v) {
      Tenths.append(tenths, width: 5, to: &bytes)
    } else {
      bytes.append(contentsOf: cFormat("%5.1f", v).utf8)
    }
    bytes.append(0x20)
    bytes.append(unit)
  }

  /// Hours, minutes and (possibly fractional, then truncated) seconds, as pflogsumm's get_smh.
  static func hms(_ total: Double) -> (Int, Int, Int) {
    guard total != 0 else { return (0, 0, 0) }
    let h = Int((total / 3600).rounded(.towardZero))
    var rest = total - Double(h) * 3600
    let m = Int((rest / 60).rounded(.towardZero))
    rest -= Double(m) * 60
    return (h, m, Int(rest.rounded(.towardZero)))
  }

  static func pad(_ v: Int, _ width: Int) -> String { pad64(Int64(v), width) }

  static func pad64(_ v: Int64, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
  }

  static func zero2(_ v: Int) -> String { v < 10 && v >= 0 ? "0\(v)" : String(v) }

  static func cFormat(_ format: String, _ v: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let n = withVaList([v]) { vsnprintf(&buffer, buffer.count, format, $0) }
    let bytes = buffer.prefix(max(0, min(Int(n), buffer.count - 1))).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }
}
