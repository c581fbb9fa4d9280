import ReportModel

/// `-e`: per queue id its sender and recipients, as the message lifecycle names them.
struct MessageDetailSection: Sendable {
  /// Queue id → sender, then recipients (or "(sender not in log)" first).
  var items: [String: [String]] = [:]

  mutating func add(queueID: String, _ item: String) {
    items[queueID, default: []].append(item)
  }

  mutating func merge(_ later: MessageDetailSection) {
    for (qid, list) in later.items { items[qid, default: []].append(contentsOf: list) }
  }

  func build(into report: inout Report, _ o: ReportOptions) {
    guard o.extendedDetail else { return }
    report.messageDetail = ReportBuilder.messageDetails(items)
  }
}

// MARK: Aggregate file

extension MessageDetailSection: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.sorted(items, key: { $0.string($1) }, value: { $0.list($1) { $0.string($1) } })
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    items = try input.sorted(
      key: { r throws(AggregateError) in try r.string() },
      value: { r throws(AggregateError) in try r.list { r throws(AggregateError) in try r.string() } })
  }
}
