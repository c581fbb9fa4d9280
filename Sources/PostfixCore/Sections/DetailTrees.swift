import ReportModel

/// The nested reports' counts ("message deferral detail" … "Panics", and the TLS levels), one
/// `CountTree` per kind, and master's messages. Merging is addition, tree by tree.
struct DetailTrees: Sendable {
  private var trees = [CountTree](repeating: CountTree(), count: DetailReportKind.allCases.count)
  /// master's own lines (`daemon started`, …), by text.
  var masterMessages: [String: Int] = [:]

  /// The tree of `kind`, to count in place.
  subscript(kind: DetailReportKind) -> CountTree {
    get { trees[Self.slot(kind)] }
    _modify { yield &trees[Self.slot(kind)] }
  }

  @inline(__always)
  private static func slot(_ kind: DetailReportKind) -> Int {
    switch kind {
    case .deferrals: 0
    case .bounces: 1
    case .expired: 2
    case .rejects: 3
    case .rejectWarnings: 4
    case .holds: 5
    case .discards: 6
    case .inboundTLSErrors: 7
    case .smtpExceptions: 8
    case .warnings: 9
    case .postscreenActions: 10
    case .fatalErrors: 11
    case .panics: 12
    case .tlsLevels: 13
    }
  }

  mutating func merge(_ later: DetailTrees) {
    for k in trees.indices { trees[k].merge(later.trees[k]) }
    masterMessages.merge(later.masterMessages, uniquingKeysWith: +)
  }

  /// The memos are caches of the parse: of no use to the report (see `Summary.finish`).
  mutating func dropMemos() {
    for k in trees.indices { trees[k].dropMemo() }
  }

  func invariantsHold() -> Bool { trees.allSatisfy { $0.invariantsHold() } }

  // MARK: Report

  /// The problem reports in pflogsumm's order, each with its limit, the TLS levels and
  /// master's messages.
  func build(into report: inout Report, _ o: ReportOptions) {
    var problems: [DetailReport] = []
    func add(_ kind: DetailReportKind, _ limit: Int?) {
      if limit == 0 { return }
      problems.append(DetailReport(kind: kind, limit: limit, root: DetailTreeBuilder.node(self[kind], limit: limit)))
    }
    add(.deferrals, o.deferralDetail)
    add(.bounces, o.bounceDetail)
    add(.expired, o.expiredDetail)
    add(.rejects, o.rejectDetail)
    add(.rejectWarnings, o.rejectDetail)
    add(.holds, o.rejectDetail)
    add(.discards, o.rejectDetail)
    if o.tlsStats { add(.inboundTLSErrors, o.hostCount) }
    add(.smtpExceptions, nil)
    add(.warnings, o.warningDetail)
    add(.postscreenActions, o.postscreenDetail)
    add(.fatalErrors, nil)
    add(.panics, nil)
    report.problems = problems
    if o.tlsStats {
      report.tlsLevels = DetailReport(
        kind: .tlsLevels, limit: o.hostCount, root: DetailTreeBuilder.node(self[.tlsLevels], limit: o.hostCount))
    }
    report.masterMessages = ReportBuilder.sortedByValue(
      masterMessages.map { DetailLeaf(key: $0.key, count: $0.value) }, value: { Int64($0.count) }, key: { $0.key })
  }
}
