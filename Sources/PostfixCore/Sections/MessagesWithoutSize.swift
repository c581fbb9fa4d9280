import ReportModel

/// "Messages with no size data": deliveries of messages whose queue manager size line is not in
/// the log, one recipient per queue id (a later delivery, or a later shard, wins).
struct MessagesWithoutSize: Sendable {
  /// Queue id (with its host) → recipient.
  var recipients: [ByteKey: String] = [:]

  mutating func add(_ qid: ByteKey, recipient: String) {
    recipients[qid] = recipient
  }

  mutating func merge(_ later: MessagesWithoutSize) {
    recipients.merge(later.recipients) { _, new in new }
  }

  /// The list by queue id (named by `servers.label`: with its host when logs of several hosts
  /// were read), unless `--no-no-msg-size`.
  func build(into report: inout Report, _ o: ReportOptions, servers: ServerSection) {
    guard !o.noMessageSizeReport else { return }
    let several = servers.hasSeveralHosts
    let labelled = recipients.map { (queueID: servers.label($0.key, severalHosts: several), recipient: $0.value) }
    // (Two ids cut to one label — over 24 bytes, only in crafted input — by recipient.)
    report.messagesWithoutSize = labelled.sorted {
      !$0.queueID.utf8.elementsEqual($1.queueID.utf8) ? ReportBuilder.bytesLess($0.queueID, $1.queueID) : ReportBuilder.bytesLess($0.recipient, $1.recipient)
    }.map {
      MessageWithoutSize(queueID: $0.queueID, recipient: $0.recipient)
    }
  }
}

// MARK: Aggregate file

extension MessagesWithoutSize: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.sorted(recipients, key: { $1.encode(to: &$0) }, value: { $0.string($1) })
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    recipients = try input.sorted(key: { r throws(AggregateError) in try ByteKey(decoding: &r) }, value: { r throws(AggregateError) in try r.string() })
  }
}
