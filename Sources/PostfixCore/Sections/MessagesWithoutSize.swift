import ReportModel

/// "Messages with no size data": deliveries of messages whose queue manager size line is not in
/// the log, one recipient per queue id (a later delivery, or a later shard, wins).
struct MessagesWithoutSize: Sendable {
  var recipients: [String: String] = [:]

  mutating func add(queueID: String, recipient: String) {
    recipients[queueID] = recipient
  }

  mutating func merge(_ later: MessagesWithoutSize) {
    recipients.merge(later.recipients) { _, new in new }
  }

  /// The list by queue id, unless `--no-no-msg-size`.
  func build(into report: inout Report, _ o: ReportOptions) {
    guard !o.noMessageSizeReport else { return }
    report.messagesWithoutSize = recipients.keys.sorted(by: ReportBuilder.bytesLess).map {
      MessageWithoutSize(queueID: $0, recipient: recipients[$0]!)  // Safe: keys.
    }
  }
}

// MARK: Aggregate file

extension MessagesWithoutSize: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.sorted(recipients, key: { $0.string($1) }, value: { $0.string($1) })
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    recipients = try input.sorted(key: { r throws(AggregateError) in try r.string() }, value: { r throws(AggregateError) in try r.string() })
  }
}
