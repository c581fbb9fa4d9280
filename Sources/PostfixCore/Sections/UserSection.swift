import ForkJoin
import ReportModel

/// The sender and recipient address tables ("Senders by message count" … "Recipients by
/// message size"): a message count and byte total per address, counted by the message
/// lifecycle (a sender when its message is sized, a recipient at each delivery).
struct UserSection: Sendable {
  var recipients = KeyedTable<CountBytes>()
  var senders = KeyedTable<CountBytes>()

  /// The id of a delivery's recipient (interned straight from the line's bytes when no
  /// munging applies), and whether its key is the address byte for byte.
  @inline(__always)
  mutating func recipientID(_ address: Bytes, _ rules: AddressRules) -> (id: Int32, keyIsAddress: Bool) {
    if rules.recipientsArePlain { return recipients.idLoweringDomainIfNeeded(address) }
    return (rules.recipient(Array(address)).withBytes { recipients.id($0) }, false)
  }

  /// The id of a queue manager line's envelope sender (`from=<>` for the null sender).
  @inline(__always)
  mutating func senderID(_ raw: Bytes, _ rules: AddressRules) -> Int32 {
    if raw.isEmpty { return senders.id("from=<>") }
    if rules.sendersArePlain { return senders.idLoweringDomain(raw) }
    return rules.sender(Array(raw)).withBytes { senders.id($0) }
  }

  /// Only addresses with a count are shown: keys can exist with nothing counted (interned
  /// for an event that was replayed elsewhere, or a sender never attributed).
  static func counted(_ v: CountBytes) -> Bool { v.count > 0 }

  // Merging is `Summary.merge`'s: the recipient table is its largest step, run on a thread of
  // its own, and both tables' id translations are needed by the replayed message histories.

  func invariantsHold() -> Bool { recipients.invariantsHold() && senders.invariantsHold() }

  // MARK: Report

  /// The distinct senders and recipients of the grand totals, and the four user tables (the
  /// recipients' from `rankedRecipients`, ranked on another thread).
  func build(into report: inout Report, _ o: ReportOptions) {
    report.totals.senders = senders.count(where: Self.counted)
    report.totals.recipients = recipients.count(where: Self.counted)
    guard o.userCount != 0 else { return }
    let list = RankedUsers(senders, limit: o.userCount)
    for kind in Self.tableKinds(senders: true, o) { report.setUserTable(list.table(kind, limit: o.userCount)) }
  }

  /// The recipients' tables, one on each thread.
  static func buildRecipientTables(_ ranked: RankedUsers, into report: inout Report, _ o: ReportOptions) {
    let kinds = tableKinds(senders: false, o)
    let (first, second) = ForkJoin.both(
      { kinds.first.map { ranked.table($0, limit: o.userCount) } },
      { kinds.count > 1 ? ranked.table(kinds[1], limit: o.userCount) : nil })
    for table in [first, second].compactMap({ $0 }) { report.setUserTable(table) }
  }

  /// The tables of senders or recipients the options ask for: by count, then by size.
  static func tableKinds(senders: Bool, _ o: ReportOptions) -> [UserTable.Kind] {
    UserTable.Kind.allCases.filter { $0.isSender == senders && !($0.isSize && o.suppressSizeDetail) }
  }
}

extension Report {
  /// Puts a user table in its place.
  mutating func setUserTable(_ table: UserTable) {
    switch table.kind {
    case .sendersByCount: sendersByCount = table
    case .recipientsByCount: recipientsByCount = table
    case .sendersBySize: sendersBySize = table
    case .recipientsBySize: recipientsBySize = table
    }
  }
}

// MARK: Aggregate file

extension UserSection: AggregateCodable {
  /// Both tables are shared (message events and submitter pairs hold their ids).
  func encode(to out: inout AggregateWriter) {
    recipients.encode(inOrder: out.canonical.order(.recipients), to: &out)
    senders.encode(inOrder: out.canonical.order(.senders), to: &out)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    recipients = try KeyedTable(decoding: &input)
    senders = try KeyedTable(decoding: &input)
    input.sizes[.recipients] = recipients.count
    input.sizes[.senders] = senders.count
  }
}
