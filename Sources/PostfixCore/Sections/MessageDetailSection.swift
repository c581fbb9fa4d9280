import ReportModel

/// `-e`: per queue id its sender and recipients, as the message lifecycle names them.
struct MessageDetailSection: Sendable {
  /// Queue id (with its host) → sender, then recipients (or "(sender not in log)" first).
  var items: [ByteKey: [String]] = [:]

  mutating func add(_ qid: ByteKey, _ item: String) {
    items[qid, default: []].append(item)
  }

  mutating func merge(_ later: MessageDetailSection) {
    for (qid, list) in later.items { items[qid, default: []].append(contentsOf: list) }
  }

  /// The messages by sender, each named by `servers.label` (its queue id, and its host when
  /// logs of several hosts were read).
  func build(into report: inout Report, _ o: ReportOptions, servers: ServerSection) {
    guard o.extendedDetail else { return }
    let several = servers.hasSeveralHosts
    report.messageDetail = ReportBuilder.messageDetails(items.map { (servers.label($0.key, severalHosts: several), $0.value) })
  }
}

// MARK: Aggregate file

extension MessageDetailSection: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.sorted(items, key: { $1.encode(to: &$0) }, value: { $0.list($1) { $0.string($1) } })
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    items = try input.sorted(
      key: { r throws(AggregateError) in try ByteKey(decoding: &r) },
      value: { r throws(AggregateError) in try r.list { r throws(AggregateError) in try r.string() } })
  }
}
