import ForkJoin
import ReportModel

// The seam between a run and its saved aggregate (issue 16): a `Summary` as a file and back.
// The format is docs/AGGREGATE.md; each part of the summary saves itself (`AggregateCodable`,
// in its own file next to its `merge`), in the order below.

/// Why an aggregate file could not be read: one line for stderr, naming no file (the caller does).
public struct AggregateError: Error, Sendable, Equatable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

extension Summary {
  /// The bytes of the aggregate file of this summary: called before `finish()`, so that the
  /// messages still in flight are saved with it. The same input gives the same bytes (tables
  /// are saved in byte order of their keys, whatever order the run met them in).
  ///
  /// For a summary that is to be merged after others, read the logs with `hasPredecessor:
  /// true` (a shard that does not know what came before keeps what it cannot resolve); a
  /// report of it alone is then `Summary.first(options:)` merged with it.
  public func aggregateBytes() -> [UInt8] {
    // Content-filter sides are settled by sweeps every window of log time (`sweepHopsIfDue`),
    // whose times depend on where the shards began: swept once more at the end, the sides left
    // are the same however the input was split.
    // And the submitters' open days are added to their day table (`settleOpenDays`).
    let sweeps = submitters.isTracking && !submitters.hops.records.isEmpty
    guard !sweeps && !submitters.hasOpenDays else {
      var settled = self
      if sweeps { settled.sweepHops() }
      settled.submitters.settleOpenDays()
      return settled.encodedAggregate()
    }
    return encodedAggregate()
  }

  private func encodedAggregate() -> [UInt8] {
    // The shared tables' canonical orders (sorting their keys), then the two halves of the
    // payload, each on a thread of its own (the recipients' order and the sections are the
    // largest steps of a save). Each half is written by a writer of its own and joined after:
    // the bytes are those of one writer, in the payload's order.
    var canonical = SharedTable.Translation()
    let (recipientOrder, otherOrders) = ForkJoin.both(
      { users.recipients.keys.idsInByteOrder() },
      {
        [
          users.senders.keys.idsInByteOrder(), domains.recipientDomains.keys.idsInByteOrder(),
          domains.senderDomains.keys.idsInByteOrder(), messages.hosts.idsInByteOrder(),
          submitters.submitters.keys.idsInByteOrder(), submitters.clients.idsInByteOrder(),
          postscreen.perIP.keys.idsInByteOrder(),
        ]
      })
    canonical.set(.recipients, order: recipientOrder)
    let others: [SharedTable] = [.senders, .recipientDomains, .senderDomains, .hosts, .submitters, .clients, .postscreenClients]
    for (table, order) in zip(others, otherOrders) { canonical.set(table, order: order) }
    // Who is sending last, its length first: a run that does not show it inflates and reads
    // the payload only up to there (`AggregateHeader.payload(of:headerLength:whoIsSending:)`).
    let (sections, last) = ForkJoin.both(
      {
        var out = AggregateWriter()
        out.canonical = canonical
        encodeSections(to: &out)
        return out.bytes
      },
      {
        var out = AggregateWriter()
        out.canonical = canonical
        submitters.encodeTables(to: &out)
        abuse.encode(to: &out)
        return out.bytes
      })
    var out = AggregateWriter(capacity: AggregateHeader.whoIsSendingLengthWidth + sections.count + last.count)
    out.raw((0..<AggregateHeader.whoIsSendingLengthWidth).reversed().map { UInt8(truncatingIfNeeded: last.count >> (8 * $0)) })
    out.raw(sections)
    out.raw(last)
    let payload = out.bytes
    let deflated = AggregateCompression.deflate(payload)
    let header = AggregateHeader(
      options: aggregateOptions ?? AggregateOptions(ParseOptions()), firstTime: input.firstTime, lastTime: input.lastTime,
      payloadLength: payload.count, deflated: deflated.count < payload.count)
    return header.file(storedPayload: header.deflated ? deflated : payload)
  }

  /// The parts in the order they are saved: the tables other parts refer to come before
  /// those that refer to them (`SharedTable`), who is sending's but for the sizes of its
  /// tables after them all (`encodedAggregate`).
  private func encodeSections(to out: inout AggregateWriter) {
    out.bool(hasPredecessor)
    out.list(inputFiles) { $1.encode(to: &$0) }
    users.encode(to: &out)
    domains.encode(to: &out)
    submitters.encodeSizes(to: &out)
    messages.encode(to: &out)
    traffic.encode(to: &out)
    details.encode(to: &out)
    smtpd.encode(to: &out)
    postscreen.encode(to: &out)
    withoutSize.encode(to: &out)
    messageDetail.encode(to: &out)
    input.encode(to: &out)
    servers.encode(to: &out, totals: traffic.serverFigures)
  }

  /// The summary saved in `bytes` (an aggregate file's whole content), ready to `merge` with
  /// summaries of logs or other aggregates, or to `finish()`. Everything is checked (see
  /// `AggregateReader`); check its options against the run's with
  /// `AggregateOptions.incompatibility(with:)` before merging it.
  ///
  /// `whoIsSending: false` (for a run whose outputs do not show it: `ParseOptions.trackSubmitters`)
  /// passes over the parts of who is sending (`SubmitterSection`, `AbuseSection`) and gives the
  /// summary a run that does not track it reads from the logs: the report is the same, for a
  /// fraction of the reading and merging.
  public init(aggregateBytes bytes: [UInt8], whoIsSending: Bool = true) throws(AggregateError) {
    let header = try AggregateHeader(prefix: bytes)
    try self.init(
      payload: try header.payload(of: bytes, headerLength: try AggregateHeader.length(fromPrefix: bytes), whoIsSending: whoIsSending),
      whoIsSending: whoIsSending)
    // What the payload and the header both say must agree.
    guard input.firstTime == header.firstTime, input.lastTime == header.lastTime else {
      throw AggregateError("corrupt aggregate: a period other than the header's")
    }
    // The width texts were kept at is the header's (the report relies on it: `DetailTrees.node`);
    // with no text kept, any saved width is meaningless and becomes the header's.
    guard details.isEmptyOfTexts || details.keptWidth == header.options.textWidth else {
      throw AggregateError("corrupt aggregate: texts kept at a width other than the header's")
    }
    details.keptWidth = header.options.textWidth
    guard submitters.isTracking == header.options.trackSubmitters else {
      throw AggregateError("corrupt aggregate: who is sending tracked otherwise than the header says")
    }
    aggregateOptions = header.options
    limits = header.options.limits
    if !whoIsSending { forgetWhoIsSending() }
  }

  /// The summary as a run that does not track who is sending would have read it (`Summary.record`
  /// with `trackSubmitters` off): no submitters, clients, content-filter hops or abuse figures,
  /// and no ids of them in the messages in flight and their kept events. Nothing but who is
  /// sending reads what goes.
  private mutating func forgetWhoIsSending() {
    submitters = SubmitterSection()
    abuse = AbuseSection()
    messages.forgetSubmitters()
    aggregateOptions?.trackSubmitters = false
  }

  /// The summary a payload holds, every part checked on its own (the header's checks are
  /// `init(aggregateBytes:)`'s).
  init(aggregatePayload payload: [UInt8]) throws(AggregateError) {
    try self.init(payload: payload, whoIsSending: true)
  }

  /// `init(aggregatePayload:)`; without `whoIsSending`, `payload` ends before who is sending's
  /// part (`AggregateHeader.payload(of:headerLength:whoIsSending:)`), and of it the summary
  /// has only whether the file tracked it, which `init(aggregateBytes:whoIsSending:)` checks
  /// before it forgets the rest.
  private init(payload: [UInt8], whoIsSending: Bool) throws(AggregateError) {
    var r = AggregateReader(payload)
    self.init()
    let width = AggregateHeader.whoIsSendingLengthWidth
    let lastLength = AggregateHeader.bigEndian(try r.raw(width))
    guard !whoIsSending || lastLength <= UInt64(r.remaining) else { throw r.failure("a who-is-sending part past the end") }
    // Where the parts before who is sending end.
    let lastStart = whoIsSending ? payload.count - Int(lastLength) : payload.count
    hasPredecessor = try r.bool()
    inputFiles = try r.list(minimumBytes: 5) { r throws(AggregateError) in try InputSummary(decoding: &r) }
    users = try UserSection(decoding: &r)
    domains = try DomainSection(decoding: &r)
    submitters = try SubmitterSection(decodingSizes: &r)
    messages = try MessageLifecycle(decoding: &r)
    traffic = try TrafficSection(decoding: &r)
    details = try DetailTrees(decoding: &r)
    smtpd = try SmtpdConnections(decoding: &r)
    postscreen = try PostscreenConnections(decoding: &r)
    withoutSize = try MessagesWithoutSize(decoding: &r)
    messageDetail = try MessageDetailSection(decoding: &r)
    input = try InputAccounting(decoding: &r)
    servers = try ServerSection(decoding: &r)
    guard r.position == lastStart else { throw r.failure("the parts before who is sending end elsewhere than its length says") }
    if whoIsSending {
      try submitters.decodeTables(&r)
      abuse = try AbuseSection(decoding: &r)
    }
    guard r.isAtEnd else { throw r.failure("bytes after the last section") }
    // A recipient's final status names no recipient (-1) only when who is sending is not tracked.
    if submitters.isTracking {
      for events in messages.pending.values {
        for e in events {
          switch e {
          case .bounced(let recipient, let domain, _, _) where recipient < 0 || domain < 0:
            throw r.failure("a bounce without its recipient while who is sending is tracked")
          case .forwarded(let recipient) where recipient < 0:
            throw r.failure("a forward without its recipient while who is sending is tracked")
          default: continue
          }
        }
      }
    }
    // Every key of in-flight state names a host read (its figures go there).
    guard keysNameHostsRead() else { throw r.failure("a queue id, connection or client of no host read") }
    // The keys of the hand-offs kept for earlier shards are those of the kept events.
    for qid in messages.pendingOrder {
      for e in messages.pending[qid] ?? [] { notePendingHandOff(e) }
    }
    // The time of a message's last line is not saved (it depends on how the input was split):
    // open messages count as last seen at the end of the period, for the cap's evictions.
    now = input.lastTime?.seconds ?? 0
    let end = now
    messages.open.updateStates { $0.lastSeen = end }
    guard tablesHoldInvariants() else { throw r.failure("a table that breaks its contract") }
  }

  /// Whether the host tag of every key of in-flight state (`ByteKey.hostTag`) is a host's of
  /// `servers`: the figures a key's history adds go to its host.
  private func keysNameHostsRead() -> Bool {
    func known(_ key: ByteKey) -> Bool { servers.knows(tag: key.hostTag) }
    for (key, _) in messages.open where !known(key) { return false }
    for (key, events) in messages.pending {
      guard known(key) else { return false }
      for case .handedOff(_, _, _, _, let copy, _) in events where !copy.isEmpty && !known(copy) { return false }
    }
    for (key, r) in submitters.hops.records {
      guard known(key), r.copyWithMessageID.map(known) ?? true, r.copy?.dependents.allSatisfy(known) ?? true else { return false }
      if case .copy(let k)? = r.copy?.link, !known(k) { return false }
      if case .copy(let k)? = r.original?.owner, !known(k) { return false }
    }
    let pids = Array(smtpd.open.keys) + smtpd.pendingOrder + Array(smtpd.restarted)
    return pids.allSatisfy { servers.knows(tag: $0.host) } && postscreen.open.keys.allSatisfy(known)
      && postscreen.pendingOrder.allSatisfy(known)
  }

  /// Whether `prefix` (the first bytes of a file) starts an aggregate file, for telling them
  /// from logs by content, as gzip is told.
  public static func isAggregate(prefix: some Collection<UInt8>) -> Bool {
    prefix.starts(with: AggregateHeader.magic)
  }

  /// The options this summary was read with, as an aggregate file records them (nil for a
  /// summary that read nothing).
  public var recordedOptions: AggregateOptions? { aggregateOptions }

  /// The first and last counted line, as seconds of the local wall clock since 1970 (the
  /// header's `span` for a summary of logs).
  public var span: ClosedRange<Int64>? {
    guard let f = input.firstTime, let l = input.lastTime else { return nil }
    return f.seconds...l.seconds
  }

  /// The summary to merge a run's first input into: one that read nothing and has no
  /// predecessor, so that what its inputs kept for earlier shards is resolved as having no
  /// history (as the first shard of one run over everything would). It records no options of
  /// its own: the merge takes those of its inputs.
  public static func first(options: ParseOptions) -> Summary {
    var s = Summary(options: options, hasPredecessor: false)
    s.aggregateOptions = nil
    return s
  }

  /// The syslog hosts with lines (two inputs that overlap in time and share a host count that
  /// host's lines twice; servers of their own do not).
  public var syslogHosts: [String] { servers.hostNames }
}
