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
