import ReportModel

/// The domain tables ("Host/Domain Summary: Message Delivery" and "…: Messages Received"):
/// per recipient domain its deliveries, bytes, deferrals and delays; per sender domain its
/// messages and bytes. Counted by the message lifecycle; deferrals count here directly.
struct DomainSection: Sendable {
  var recipientDomains = KeyedTable<DeliveryStats>()
  var senderDomains = KeyedTable<CountBytes>()
  /// Per sender id (of `UserSection.senders`), the id of its folded domain in `senderDomains` (a
  /// pure function of the address, worked out on the sender's first message), or `noDomain`
  /// when it folds to nothing (`from=<>`).
  var senderDomainIDs = IDMemo()
  static let noDomain: Int32 = -1

  /// Parse-time caches of recipient domain ids: kept by the parser of a shard (`LineContext`),
  /// never merged. Results never depend on them.
  struct Caches {
    /// Recipient address bytes → id in `recipientDomains` (deferrals, munged addresses).
    var byAddress = BytesMemo<Int32>(capacity: 65_536)
    /// Per recipient id, its folded domain's id, for recipients whose key is their address byte
    /// for byte (the domain is a function of those bytes): delivered mail finds its domain here
    /// without hashing the address a second time.
    var byRecipientID = IDMemo()
  }

  /// The recipient's folded domain's id.
  @inline(__always)
  mutating func recipientDomainID(_ address: Bytes, _ rules: AddressRules) -> Int32 {
    if !rules.uucpMung, let fast = HostNames.fastFoldDomainRange(address) {
      return fast.lower
        ? recipientDomains.id(HostNames.lowered(address, fast.range))
        : recipientDomains.id(UnsafeBufferPointer(rebasing: address[fast.range]))
    }
    return recipientDomains.id(HostNames.foldDomain(rules.recipient(Array(address)).string))
  }

  /// `recipientDomainID`, remembered by address (a deferred recipient recurs on every retry).
  @inline(__always)
  mutating func recipientDomainID(_ address: Bytes, _ rules: AddressRules, _ caches: inout Caches) -> Int32 {
    if let known = caches.byAddress.cached(address) { return known }
    let id = recipientDomainID(address, rules)
    caches.byAddress.store(id)
    return id
  }

  /// The domain id of a delivered recipient whose id in the recipient table is `recipient`.
  @inline(__always)
  mutating func deliveredDomainID(
    _ address: Bytes, recipient: Int32, keyIsAddress: Bool, _ rules: AddressRules, _ caches: inout Caches
  ) -> Int32 {
    guard keyIsAddress else { return recipientDomainID(address, rules, &caches) }
    if let known = caches.byRecipientID.value(recipient) { return known }
    let id = recipientDomainID(address, rules)
    caches.byRecipientID.store(id, for: recipient)
    return id
  }

  /// The id of `sender`'s folded domain in `senderDomains`, or `noDomain` (see
  /// `senderDomainIDs`); `senders` names the sender ids.
  @inline(__always)
  mutating func senderDomainID(_ sender: Int32, senders: SymbolTable) -> Int32 {
    if let known = senderDomainIDs.value(sender) { return known }
    let folded: Int32 = senders.withBytes(sender) { b in
      if b.count == 7 && b.matches("from=<>", at: 0) { return Self.noDomain }
      if let fast = HostNames.fastFoldDomainRange(b) {
        return fast.lower ? senderDomains.id(HostNames.lowered(b, fast.range)) : senderDomains.id(UnsafeBufferPointer(rebasing: b[fast.range]))
      }
      let f = HostNames.foldDomain(String(decoding: b, as: UTF8.self))
      return f.isEmpty ? Self.noDomain : senderDomains.id(f)
    }
    senderDomainIDs.store(folded, for: sender)
    return folded
  }

  // Merging is `Summary.merge`'s: the recipient domains' id translation is needed by the
  // replayed message histories.

  func invariantsHold() -> Bool { recipientDomains.invariantsHold() && senderDomains.invariantsHold() }

  // MARK: Report

  /// The distinct domains of the grand totals and the two domain tables.
  func build(into report: inout Report, _ o: ReportOptions) {
    let senderRows = senderDomains.entries(where: UserSection.counted)
    let recipientRows = recipientDomains.entries(where: { $0.delivered > 0 || $0.deferrals > 0 })
    report.totals.sendingDomains = senderRows.count
    report.totals.recipientDomains = recipientRows.filter { $0.value.delivered > 0 }.count
    guard !o.suppressHostDomain && o.hostCount != 0 else { return }
    let rows = recipientRows.map { (domain, st) -> DeliveryDomain in
      DeliveryDomain(
        domain: domain, delivered: st.delivered, bytes: st.bytes, deferrals: st.deferrals,
        averageDelay: st.delivered > 0 ? Double(st.delaySum) / 1_000_000 / Double(st.delivered) : 0,
        maxDelay: Double(st.delayMax) / 1_000_000)
    }
    report.deliveryDomains = ReportBuilder.domainTable(
      rows, limit: o.hostCount, count: { $0.delivered }, size: { $0.bytes }, key: { $0.domain })
    let received = senderRows.map { ReceivedDomain(domain: $0.key, messages: $0.value.count, bytes: $0.value.bytes) }
    report.receivedDomains = ReportBuilder.domainTable(
      received, limit: o.hostCount, count: { $0.messages }, size: { $0.bytes }, key: { $0.domain })
  }
}

// MARK: Aggregate file

extension DomainSection: AggregateCodable {
  /// Both tables are shared; the memo of sender domains is a cache and starts empty.
  func encode(to out: inout AggregateWriter) {
    recipientDomains.encode(inOrder: out.canonical.order(.recipientDomains), to: &out)
    senderDomains.encode(inOrder: out.canonical.order(.senderDomains), to: &out)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    recipientDomains = try KeyedTable(decoding: &input)
    senderDomains = try KeyedTable(decoding: &input)
    input.sizes[.recipientDomains] = recipientDomains.count
    input.sizes[.senderDomains] = senderDomains.count
  }
}
