import ReportModel

/// Abuse attempts: SASL authentication failures and `Relay access denied` rejects per client
/// (`ClientAttempts`), and every reject by class and reply (`RejectClassRules`). Not part of
/// pflogsumm's text report (shown there with `--abuse-stats`). Everything adds up at merge.
struct AbuseSection: Sendable {
  /// smtpd's `SASL … authentication failed` warnings, with the login tried.
  var authFailures = ClientAttempts()
  /// smtpd's `Relay access denied` rejects, with the recipient's domain.
  var relayDenied = ClientAttempts()
  /// Rejects by `RejectClass.allCases` index, twice: temporary (4xx) then permanent (5xx).
  private(set) var rejects = [Int](repeating: 0, count: 2 * RejectClass.allCases.count)

  /// A reject (`Summary+Record.swift` counts them where the Grand Totals' `rejected` counts
  /// them, so that the classes add up to it).
  mutating func countReject(_ rejectClass: RejectClass, temporary: Bool) {
    rejects[2 * Self.index(rejectClass) + (temporary ? 0 : 1)] += 1
  }

  /// `c`'s place in `RejectClass.allCases` (a switch: `allCases` makes an array per call).
  private static func index(_ c: RejectClass) -> Int {
    switch c {
    case .dnsbl: 0
    case .relayDenied: 1
    case .unknownUser: 2
    case .helo: 3
    case .sender: 4
    case .client: 5
    case .policy: 6
    case .headerBodyCheck: 7
    case .size: 8
    case .postscreen: 9
    case .other: 10
    }
  }

  mutating func merge(_ later: AbuseSection) {
    authFailures.merge(later.authFailures)
    relayDenied.merge(later.relayDenied)
    for k in rejects.indices { rejects[k] += later.rejects[k] }
  }

  func invariantsHold() -> Bool { authFailures.invariantsHold() && relayDenied.invariantsHold() }

  /// The two client tables, cut as host tables are (`-h`: their clients are hosts), and the
  /// classes with rejects, by total, then permanent rejects, then name.
  func build(into report: inout Report, _ o: ReportOptions) {
    report.authFailures = authFailures.table(limit: o.hostCount)
    report.relayDenied = relayDenied.table(limit: o.hostCount)
    assert(RejectClass.allCases.enumerated().allSatisfy { Self.index($0.element) == $0.offset })
    let classes = RejectClass.allCases.map { c in
      RejectClassRow(rejectClass: c, temporary: rejects[2 * Self.index(c)], permanent: rejects[2 * Self.index(c) + 1])
    }.filter { $0.total > 0 }
    report.rejectClasses = ReportBuilder.sortedByCountThenSize(
      classes, count: { $0.total }, size: { Int64($0.permanent) }, key: { $0.rejectClass.rawValue })
  }
}

// MARK: Aggregate file

extension AbuseSection: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    authFailures.encode(to: &out)
    relayDenied.encode(to: &out)
    out.list(rejects) { $0.count($1) }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    authFailures = try ClientAttempts(decoding: &input)
    relayDenied = try ClientAttempts(decoding: &input)
    let rejects = try input.list { r throws(AggregateError) in try r.count() }
    guard rejects.count == self.rejects.count else { throw input.failure("\(rejects.count) reject classes, not \(self.rejects.count)") }
    self.rejects = rejects
  }
}
