/// The report's sections, stated once, in pflogsumm's order. Every output handles each one in
/// an exhaustive `switch` (`TextRenderer`, `HTMLReportView`, `CSVRenderer`,
/// `JSONReportDocument`, and `Report.hasContent`), so a new case is a compile error in each
/// until it is rendered there, or deliberately left out of that format.
///
/// The frame around them — title, notices, the input files and line counts, who made the
/// report — is not a section: every format shows it in its own place.
public enum ReportSection: CaseIterable, Sendable {
  /// The flagged submitters, each with its reason (in the text report with `--abuse-stats`).
  case findings
  /// "Grand Totals" (with the smtpd and postscreen totals of `--smtpd-stats`, `--pscrn-stats`).
  case grandTotals
  /// Lines and messages per syslog host (not in the text report).
  case servers
  /// Who is sending: per submitter (in the text report with `--abuse-stats`).
  case submitters
  /// SASL authentication failures and relay attempts per client IP, and the rejects by class
  /// (the text report shows them with `--abuse-stats`).
  case abuse
  case perDayTraffic
  case perHourTraffic
  /// "Host/Domain Summary: Message Delivery"
  case deliveryDomains
  /// "Host/Domain Summary: Messages Received"
  case receivedDomains
  case smtpdPerDay
  case smtpdPerHour
  case smtpdDomains
  /// "SMTP TLS Levels (by relay)" (`--ssl-tls-stats`)
  case tlsLevels
  /// Senders and recipients by message count and by size.
  case userTables
  case messagesWithoutSize
  /// Deferral … panic detail and master's messages (`Report.problems`, `Report.masterMessages`).
  case problems
  /// `-e`
  case messageDetail
  /// `--mailq`
  case mailQueue
}

extension Report {
  /// The sections in the order the outputs show them: pflogsumm's, with `--problems-first`
  /// moving the problem reports right after the grand totals.
  public var sectionOrder: [ReportSection] {
    var order = ReportSection.allCases
    if layout.problemsFirst {
      order.removeAll { $0 == .problems }
      order.insert(.problems, at: (order.firstIndex(of: .grandTotals) ?? 0) + 1)
    }
    return order
  }

  /// Whether `section` holds anything (a section not asked for, or asked for but empty, does
  /// not): what the tests check every section against.
  public func hasContent(_ section: ReportSection) -> Bool {
    switch section {
    case .grandTotals: totals != GrandTotals()
    case .servers: !servers.isEmpty
    case .findings: !findings.isEmpty
    case .submitters: !(submitters?.rows.isEmpty ?? true)
    case .abuse: !authFailures.rows.isEmpty || !relayDenied.rows.isEmpty || !rejectClasses.isEmpty
    case .perDayTraffic: !(perDay ?? []).isEmpty
    case .perHourTraffic: (perHour ?? []).contains { $0.counts != TrafficCounts() }
    case .deliveryDomains: !(deliveryDomains?.rows.isEmpty ?? true)
    case .receivedDomains: !(receivedDomains?.rows.isEmpty ?? true)
    case .smtpdPerDay: !(smtpdPerDay ?? []).isEmpty
    case .smtpdPerHour: !(smtpdPerHour ?? []).isEmpty
    case .smtpdDomains: !(smtpdDomains?.rows.isEmpty ?? true)
    case .tlsLevels: !(tlsLevels?.isEmpty ?? true)
    case .userTables: [sendersByCount, recipientsByCount, sendersBySize, recipientsBySize].contains { ($0?.totalRows ?? 0) > 0 }
    case .messagesWithoutSize: !(messagesWithoutSize ?? []).isEmpty
    case .problems: problems.contains { !$0.isEmpty } || !masterMessages.isEmpty
    case .messageDetail: !(messageDetail ?? []).isEmpty
    case .mailQueue: mailQueue != nil
    }
  }
}
