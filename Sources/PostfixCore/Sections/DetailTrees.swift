import ReportModel

/// The nested reports' counts ("message deferral detail" … "Panics", and the TLS levels), one
/// `CountTree` per kind, and master's messages. Merging is addition, tree by tree.
///
/// The texts the text report trims to `--colwidth` (warnings, cleanup's reject, hold and
/// discard texts) are counted in trees of their own, as logged, kept at `keptWidth`: whole
/// when an HTML page is written too (`ParseOptions.textWidth` 0), else trimmed already. The
/// report trims them to its own width: trimming is a function of the text, so counting trimmed
/// texts and trimming counted ones give the same figures, and one parse serves both the text
/// report and the page, which shows them whole. (Whole texts cost memory: the bench week's
/// warnings take a few MiB more whole; so they are kept whole only for a page.)
struct DetailTrees: Sendable {
  private var trees = [CountTree](repeating: CountTree(), count: DetailReportKind.allCases.count)
  /// Counted by text (`WholeText`): each path's last label is the text's raw bytes.
  private var texts = [CountTree](repeating: CountTree(), count: 4)
  /// The `--colwidth` the texts were trimmed to when counted; 0: whole.
  var keptWidth = 0

  /// Whether no text was counted yet (its width can still be chosen).
  var isEmptyOfTexts: Bool { texts.allSatisfy(\.isEmpty) }
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

  /// Counts one `text` under `labels` in the tree of `whole`, trimmed to `keptWidth`.
  mutating func addText(_ whole: WholeText, _ labels: [String], _ text: [UInt8]) {
    let kept = Trimming.trim(text, to: whole.maxLength, columnWidth: keptWidth)
    texts[whole.slot].add(1) { key in
      PathKey.append(labels, to: &key)
      key.append(PathKey.separator)
      kept.withUnsafeBufferPointer { PathKey.appendLabel($0, to: &key) }
    }
  }

  /// The report's node of `kind`: the texts counted for it trimmed to `columnWidth` (0:
  /// whole; they were kept whole, or at this very width), their counts added up where the
  /// trimmed texts agree, and, for cleanup's part of rejects, holds and discards, added to the
  /// tree of smtpd's without copying it.
  func node(_ kind: DetailReportKind, columnWidth: Int, limit: Int?) -> DetailNode {
    precondition(keptWidth == 0 || keptWidth == columnWidth, "texts kept at --colwidth \(keptWidth), asked at \(columnWidth)")
    func shown(_ whole: WholeText) -> CountTree {
      let width = keptWidth == columnWidth ? 0 : columnWidth
      return texts[whole.slot].mappingLastLabel { Trimming.trim($0, to: whole.maxLength, columnWidth: width) }
    }
    switch kind {
    case .warnings: return DetailTreeBuilder.node(shown(.warnings), limit: limit)
    case .rejects: return DetailTreeBuilder.node(self[kind], adding: shown(.cleanup(.reject)), limit: limit)
    case .holds: return DetailTreeBuilder.node(self[kind], adding: shown(.cleanup(.hold)), limit: limit)
    case .discards: return DetailTreeBuilder.node(self[kind], adding: shown(.cleanup(.discard)), limit: limit)
    default: return DetailTreeBuilder.node(self[kind], limit: limit)
    }
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
    if texts.allSatisfy(\.isEmpty) { keptWidth = later.keptWidth }
    assert(keptWidth == later.keptWidth || later.texts.allSatisfy(\.isEmpty), "summaries of one run keep texts alike")
    for k in texts.indices { texts[k].merge(later.texts[k]) }
    masterMessages.merge(later.masterMessages, uniquingKeysWith: +)
  }

  /// The memos are caches of the parse: of no use to the report (see `Summary.finish`).
  mutating func dropMemos() {
    for k in trees.indices { trees[k].dropMemo() }
  }

  func invariantsHold() -> Bool { (trees + texts).allSatisfy { $0.invariantsHold() } }

  // MARK: Report

  /// The problem reports in pflogsumm's order, each with its limit, the TLS levels and
  /// master's messages.
  func build(into report: inout Report, _ o: ReportOptions) {
    var problems: [DetailReport] = []
    func add(_ kind: DetailReportKind, _ limit: Int?) {
      if limit == 0 { return }
      problems.append(DetailReport(kind: kind, limit: limit, root: node(kind, columnWidth: o.columnWidth, limit: limit)))
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

// MARK: Aggregate file

extension DetailTrees: AggregateCodable {
  /// The trees by kind, the texts' trees with the width they were kept at, master's messages.
  func encode(to out: inout AggregateWriter) {
    out.list(trees) { $1.encode(to: &$0) }
    out.number(keptWidth)
    out.list(texts) { $1.encode(to: &$0) }
    out.sorted(masterMessages, key: { $0.string($1) }, value: { $0.count($1) })
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    let trees = try input.list { r throws(AggregateError) in try CountTree(decoding: &r) }
    guard trees.count == self.trees.count else { throw input.failure("\(trees.count) detail reports, not \(self.trees.count)") }
    self.trees = trees
    keptWidth = try input.number(in: Int(Int32.min)...Int(Int32.max), "text width")
    let texts = try input.list { r throws(AggregateError) in try CountTree(decoding: &r) }
    guard texts.count == self.texts.count else { throw input.failure("\(texts.count) text reports, not \(self.texts.count)") }
    self.texts = texts
    masterMessages = try input.sorted(key: { r throws(AggregateError) in try r.string() }, value: { r throws(AggregateError) in try r.count() })
  }
}
