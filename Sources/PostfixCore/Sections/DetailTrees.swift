import ReportModel

/// The nested reports' counts ("message deferral detail" … "Panics", and the TLS levels), one
/// `CountTree` per kind, and master's messages. Merging is addition, tree by tree.
///
/// The texts the text report trims to `--colwidth` (warnings, cleanup's reject, hold and
/// discard texts) are counted whole, as logged, in trees of their own, and trimmed when the
/// report is built: trimming is a function of the text, so counting trimmed texts and trimming
/// counted ones give the same figures, and one parse serves both the text report and the HTML
/// page, which shows them whole.
struct DetailTrees: Sendable {
  private var trees = [CountTree](repeating: CountTree(), count: DetailReportKind.allCases.count)
  /// Counted by whole text (`WholeText`): each path's last label is the raw text.
  private var wholeTexts = [CountTree](repeating: CountTree(), count: 4)
  /// master's own lines (`daemon started`, …), by text.
  var masterMessages: [String: Int] = [:]

  /// The tree of `kind`, to count in place.
  subscript(kind: DetailReportKind) -> CountTree {
    get { trees[Self.slot(kind)] }
    _modify { yield &trees[Self.slot(kind)] }
  }

  /// The reports counted by whole text.
  enum WholeText: Equatable {
    /// "Warnings": [daemon, condensed text].
    case warnings
    /// cleanup's part of "message reject/hold/discard detail": ["cleanup", part, text].
    case cleanup(CleanupLine.Action)

    fileprivate var slot: Int {
      switch self {
      case .warnings: 0
      case .cleanup(.reject): 1
      case .cleanup(.hold): 2
      case .cleanup(.discard): 3
      }
    }

    /// pflogsumm's length for the text, before `--colwidth` adjusts it.
    fileprivate var maxLength: Int { self == .warnings ? 66 : 64 }
  }

  /// Counts one `text` under `labels` in the tree of `whole`.
  mutating func addWhole(_ whole: WholeText, _ labels: [String], _ text: [UInt8]) {
    wholeTexts[whole.slot].add(1) { key in
      PathKey.append(labels, to: &key)
      key.append(PathKey.separator)
      text.withUnsafeBufferPointer { PathKey.appendLabel($0, to: &key) }
    }
  }

  /// The tree of `kind` as the report shows it: texts counted whole trimmed to `columnWidth`
  /// (0: whole), their counts added up where trimmed texts agree.
  func shown(_ kind: DetailReportKind, columnWidth: Int) -> CountTree {
    func trimmed(_ whole: WholeText) -> CountTree {
      wholeTexts[whole.slot].mappingLastLabel { Trimming.trim($0, to: whole.maxLength, columnWidth: columnWidth) }
    }
    var tree = self[kind]
    switch kind {
    case .warnings: tree = trimmed(.warnings)
    case .rejects: tree.merge(trimmed(.cleanup(.reject)))
    case .holds: tree.merge(trimmed(.cleanup(.hold)))
    case .discards: tree.merge(trimmed(.cleanup(.discard)))
    default: break
    }
    return tree
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
    for k in wholeTexts.indices { wholeTexts[k].merge(later.wholeTexts[k]) }
    masterMessages.merge(later.masterMessages, uniquingKeysWith: +)
  }

  /// The memos are caches of the parse: of no use to the report (see `Summary.finish`).
  mutating func dropMemos() {
    for k in trees.indices { trees[k].dropMemo() }
  }

  func invariantsHold() -> Bool { (trees + wholeTexts).allSatisfy { $0.invariantsHold() } }

  // MARK: Report

  /// The problem reports in pflogsumm's order, each with its limit, the TLS levels and
  /// master's messages.
  func build(into report: inout Report, _ o: ReportOptions) {
    var problems: [DetailReport] = []
    func add(_ kind: DetailReportKind, _ limit: Int?) {
      if limit == 0 { return }
      let tree = shown(kind, columnWidth: o.columnWidth)
      problems.append(DetailReport(kind: kind, limit: limit, root: DetailTreeBuilder.node(tree, limit: limit)))
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
