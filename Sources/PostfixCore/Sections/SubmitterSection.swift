import ReportModel

/// Who is sending: every message accepted into the queue attributed to who put it there — a
/// SASL login, a local user (pickup's uid), or an smtpd client that did not authenticate; a
/// message whose receipt is not in the log (older, or made by Postfix itself: bounce notices,
/// alias forwards) to `unknown` — and what became of its recipients.
///
/// The message lifecycle counts here (`Summary.apply`): a message when its receipt is
/// confirmed, a recipient at its final status (delivered, forwarded or bounced), each deferral,
/// the size. Distinct recipients, domains, senders and client IPs are sets of pairs of interned
/// ids (submitter, thing), packed in 64 bits and merged by translating both ids.
///
/// A busy MX has a submitter per client IP, hundreds of thousands of unauthenticated clients
/// delivering inbound mail: for those, only the counts and the recipients per day are kept
/// (what tells a relaying client and a flood apart); the distinct recipients, domains and
/// senders and the busiest hour are tracked for logins and local users, who send out. Keeping
/// them for every client cost 100 MiB and 30 % of the parse on the bench week.
struct SubmitterSection: Sendable {
  /// How a message entered the queue.
  enum Kind: UInt8, CaseIterable, Sendable {
    case login = 0x6C  // "l"
    case local = 0x70  // "p" (pickup)
    case client = 0x63  // "c"
    case unknown = 0x75  // "u"

    /// Whether a submitter of this kind has its distinct figures kept (see the type's comment).
    var keepsDetail: Bool { self == .login || self == .local }

    var name: String {
      switch self {
      case .login: "login"
      case .local: "local"
      case .client: "client"
      case .unknown: "unknown"
      }
    }
  }

  struct Counts: Sendable, Equatable, Addable {
    var messages: Int32 = 0
    var recipients: Int32 = 0
    var delivered: Int32 = 0
    var deferred: Int32 = 0
    var bounced: Int32 = 0
    var remoteBlocked: Int32 = 0
    var relayed: Int32 = 0
    /// Whether its distinct figures are kept (`keepsDetail`): a login's or a local user's, from
    /// its key's kind byte. Held here because every count already reads this value: asking the
    /// key cost two cache misses per status on a busy MX's hundreds of thousands of clients
    /// (BENCHMARKS.md). Set when the key is added (`id`, a decode); a merge keeps it (`+=`).
    /// Not saved, not compared.
    var keepsDetail = false
    var bytes: Int64 = 0
    /// Recipients counted for one day (an ordinal, -1 for none) and not yet added to
    /// `perDay`: a submitter's statuses come day after day, so the day table is touched once
    /// per submitter and day, not once per recipient (`settleOpenDays`). Not saved, not
    /// compared: a settled section has none.
    var openDay: Int32 = -1
    var openDayRecipients: Int32 = 0

    static var zero: Counts { Counts() }

    /// A recipient's final status (one access to the table's value, not one per counter);
    /// counted for `day` too unless it is nil. Returns the day this closed, for `perDay`: the
    /// open one, when the status is of another.
    @inline(__always)
    mutating func countStatus(delivered: Bool, relayed: Bool, blocked: Bool, day: Int32?) -> (day: Int32, recipients: Int32)? {
      recipients &+= 1
      if delivered { self.delivered &+= 1 } else { bounced &+= 1 }
      if blocked { remoteBlocked &+= 1 }
      if relayed { self.relayed &+= 1 }
      guard let day else { return nil }
      if day == openDay {
        openDayRecipients &+= 1
        return nil
      }
      let closed = closeDay()
      (openDay, openDayRecipients) = (day, 1)
      return closed
    }

    /// The open day and its recipients, if one is open; none is then.
    mutating func closeDay() -> (day: Int32, recipients: Int32)? {
      guard openDay >= 0 else { return nil }
      defer { (openDay, openDayRecipients) = (-1, 0) }
      return (openDay, openDayRecipients)
    }

    static func == (a: Counts, b: Counts) -> Bool {
      (a.messages, a.recipients, a.delivered, a.deferred) == (b.messages, b.recipients, b.delivered, b.deferred)
        && (a.bounced, a.remoteBlocked, a.relayed, a.bytes) == (b.bounced, b.remoteBlocked, b.relayed, b.bytes)
    }
    static func += (a: inout Counts, b: Counts) {
      a.messages &+= b.messages
      a.recipients &+= b.recipients
      a.delivered &+= b.delivered
      a.deferred &+= b.deferred
      a.bounced &+= b.bounced
      a.remoteBlocked &+= b.remoteBlocked
      a.relayed &+= b.relayed
      a.keepsDetail = a.keepsDetail || b.keepsDetail
      a.bytes = a.bytes.addingSaturated(b.bytes)
    }
  }

  /// Whether messages are attributed at all (`ParseOptions.trackSubmitters`).
  var isTracking = false
  /// Keyed by the kind's byte, then the name as logged.
  var submitters = KeyedTable<Counts>()
  /// Client IPs of logins' receipts (an unauthenticated client's IP is its name).
  var clients = SymbolTable()
  /// Packed pairs (`pair`): (submitter, client id) for logins.
  var clientPairs = PairSet()
  /// (submitter, recipient id of `UserSection.recipients`).
  var recipientPairs = PairSet()
  /// (submitter, domain id of `DomainSection.recipientDomains`).
  var domainPairs = PairSet()
  /// (submitter, sender id of `UserSection.senders`).
  var senderPairs = PairSet()
  /// (submitter, day ordinal) → recipients (for `high-volume`: the most in one day).
  var perDay = PairTable(counting: true)
  /// (submitter, hour of day) → messages (for the busiest hour).
  var perHour = PairTable(counting: true)
  /// Per login and day, its client IPs (for networks a day).
  var dayClients: Set<DayClient> = []
  /// Host names of unauthenticated clients (`client=HOST[ip]`).
  var clientHosts = SymbolTable()
  /// Per submitter id, the host name its receipts logged (an id of `clientHosts`; -1, or past
  /// the end, for none yet): the first other than `unknown`, in log order.
  var hostOf: [Int32] = []
  /// Content-filter hops: copies and originals waiting for each other (`FilterHops`).
  var hops = FilterHops()
  /// The id of `unknown` once asked for (`unknownID`); a cache, not saved.
  private var unknownSubmitter: Int32 = -1

  struct DayClient: Hashable, Sendable {
    var submitter: Int32
    var day: Int32
    var client: Int32

    func hash(into hasher: inout Hasher) {
      hasher.combine(submitter)
      hasher.combine(day)
      hasher.combine(client)
    }

    /// The set hashes with this instead of SipHash (a login's receipt inserts one): two
    /// multiply–mixes of the three ids, seeded with the set's per-process seed.
    func _rawHashValue(seed: Int) -> Int {
      func mix(_ x: UInt64) -> UInt64 {
        let z = (x ^ (x >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return z ^ (z >> 32)
      }
      let a = UInt64(UInt(bitPattern: seed)) ^ UInt64(UInt32(bitPattern: submitter)) << 32 ^ UInt64(UInt32(bitPattern: client))
      return Int(truncatingIfNeeded: mix(mix(a &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(UInt32(bitPattern: day))))
    }
  }

  /// (a, b) in 64 bits.
  @inline(__always)
  static func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }
  @inline(__always)
  static func first(_ p: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: p >> 32)) }
  @inline(__always)
  static func second(_ p: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: p)) }

  /// A day as a small integer (for packing).
  @inline(__always)
  static func ordinal(_ d: Day) -> Int32 { Int32(truncatingIfNeeded: (d.year * 13 + d.month) * 32 + d.day) }

  /// The longest name kept (bytes): forged logins can be as long as a line.
  static let nameCap = 256

  /// The id of a submitter (its key, `kind` then `name`, written in a stack buffer: a receipt
  /// is no place for an allocation).
  @inline(__always)
  mutating func id(_ kind: Kind, _ name: Bytes) -> Int32 {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count + 1) { key in
      key[0] = kind.rawValue
      if let bytes = name.baseAddress { key.baseAddress!.advanced(by: 1).update(from: bytes, count: name.count) }  // Safe: capacity ≥ 1.
      let count = submitters.count
      let s = submitters.id(UnsafeBufferPointer(key))
      if Int(s) == count { submitters[s].keepsDetail = kind.keepsDetail }
      return s
    }
  }

  /// An unauthenticated client's receipt logged `host` (`HOST` of `client=HOST[ip]`) for the
  /// submitter `s`: kept if it is the first name other than `unknown`.
  @inline(__always)
  mutating func noteHost(_ s: Int32, _ host: Bytes) {
    let i = Int(s)
    if i < hostOf.count, hostOf[i] >= 0 { return }
    guard !host.isEmpty, !host.isExactly("unknown", from: 0) else { return }
    while hostOf.count <= i { hostOf.append(-1) }  // ids come one at a time: no array made
    hostOf[i] = clientHosts.intern(host)
  }

  /// The host name noted for `s` (`unknown` when none).
  func host(_ s: Int32) -> String {
    let i = Int(s)
    return i < hostOf.count && hostOf[i] >= 0 ? clientHosts.string(hostOf[i]) : "unknown"
  }

  /// The id of `unknown` (looked up once: every status of a message whose receipt is not in
  /// the log asks; ids never change, and a merge keeps this summary's).
  mutating func unknownID() -> Int32 {
    if unknownSubmitter < 0 { unknownSubmitter = id(.unknown, UnsafeBufferPointer(start: nil, count: 0)) }
    return unknownSubmitter
  }

  // MARK: Counting (from the message lifecycle)

  /// Whether the submitter's distinct figures are kept: a login's or a local user's (not an
  /// unauthenticated client's, nor `unknown`'s; `Kind.keepsDetail`).
  @inline(__always)
  func keepsDetail(_ s: Int32) -> Bool { submitters[s].keepsDetail }

  /// A receipt confirmed: one message of `origin`'s submitter.
  mutating func countMessage(_ origin: MessageOrigin, in cell: Cell) {
    let s = origin.submitter
    guard s >= 0 else { return }
    submitters.update(s) { $0.messages &+= 1 }
    guard keepsDetail(s) else { return }  // an unauthenticated client (see above)
    perHour.add(Self.pair(s, Int32(cell.hour)), 1)
    if origin.client >= 0 {
      clientPairs.insert(Self.pair(s, origin.client))
      dayClients.insert(DayClient(submitter: s, day: Self.ordinal(cell.day), client: origin.client))
    }
  }

  mutating func countSize(_ s: Int32, sender: Int32, size: Int64) {
    submitters.update(s) { $0.bytes = $0.bytes.addingSaturated(size) }
    if keepsDetail(s) { senderPairs.insert(Self.pair(s, sender)) }
  }

  /// A recipient's final status (delivered, forwarded or bounced), for the day and hour of
  /// its message's receipt (nil when that is not in the log).
  mutating func countRecipient(
    _ s: Int32, recipient: Int32, domain: Int32?, delivered: Bool, relayed: Bool, blocked: Bool, in cell: Cell?
  ) {
    let day = cell.map { Self.ordinal($0.day) }
    if let closed = submitters.update(s, { $0.countStatus(delivered: delivered, relayed: relayed, blocked: blocked, day: day) }) {
      perDay.add(Self.pair(s, closed.day), UInt64(closed.recipients))
    }
    if keepsDetail(s) {
      recipientPairs.insert(Self.pair(s, recipient))
      if let domain { domainPairs.insert(Self.pair(s, domain)) }
    }
  }

  /// Whether some submitter has recipients of an open day not yet in `perDay`.
  var hasOpenDays: Bool {
    submitters.values.contains { $0.openDay >= 0 }
  }

  /// Every submitter's open day added to `perDay` and closed: before a merge, a report, or
  /// saving (what `perDay` holds is then the same however the statuses were split).
  mutating func settleOpenDays() {
    for s in 0..<Int32(submitters.count) where submitters[s].openDay >= 0 {
      if let closed = submitters[s].closeDay() { perDay.add(Self.pair(s, closed.day), UInt64(closed.recipients)) }
    }
  }

  mutating func countDeferral(_ s: Int32) {
    submitters.update(s) { $0.deferred &+= 1 }
  }

  // MARK: Merge

  /// The later summary's submitters and clients interned here, its counts added: the id
  /// translations the replayed message histories need (`IDTranslation`).
  mutating func mergeTables(_ later: SubmitterSection) -> (submitters: [Int32], clients: [Int32]) {
    isTracking = isTracking || later.isTracking
    return (submitters.mergeAdding(later.submitters), clients.internAll(later.clients))
  }

  /// The later summary's pairs and tables by day and hour, translated (`mergeTables` first).
  /// Each of `later`'s tables is emptied once added here: with `--jobs` the merge holds both
  /// runs' summaries, and this one's tables grow as the later's are added (bench week: peak RSS
  /// 207 → 201–206 MiB with `--abuse-stats`; BENCHMARKS.md).
  mutating func mergePairs(_ later: inout SubmitterSection, _ ids: IDTranslation, recipients: [Int32]) {
    /// Both ids translated (`map` for the second), or only the submitter's (nil: a day or hour).
    /// The arrays are taken out of their optional and the translation once, not per pair (an
    /// `Optional.map` per pair retained and released the array each time: 2 % of an archive
    /// update).
    func translate(_ map: [Int32]?) -> (UInt64) -> UInt64 {
      let submitterIDs = ids.submitters
      guard let map else { return { key in Self.pair(submitterIDs[Int(Self.first(key))], Self.second(key)) } }
      return { key in Self.pair(submitterIDs[Int(Self.first(key))], map[Int(Self.second(key))]) }
    }
    // Into an empty section (the first merge of saved days) the ids are the later's own: its
    // tables are taken as they are.
    let sameSubmitters = IDTranslation.isIdentity(ids.submitters)
    func add(_ table: WritableKeyPath<SubmitterSection, PairTable>) {
      if sameSubmitters && self[keyPath: table].count == 0 {
        self[keyPath: table] = later[keyPath: table]
      } else {
        self[keyPath: table].addAll(later[keyPath: table], translating: translate(nil))
      }
      later[keyPath: table] = PairTable(counting: later[keyPath: table].counting)
    }
    func add(_ set: WritableKeyPath<SubmitterSection, PairSet>, _ map: [Int32]) {
      if sameSubmitters && self[keyPath: set].count == 0 && IDTranslation.isIdentity(map) {
        self[keyPath: set] = later[keyPath: set]
      } else {
        self[keyPath: set].addAll(later[keyPath: set], translating: translate(map))
      }
      later[keyPath: set] = PairSet()
    }
    add(\.clientPairs, ids.clients)
    add(\.recipientPairs, recipients)
    add(\.domainPairs, ids.domains)
    add(\.senderPairs, ids.senders)
    add(\.perDay)
    add(\.perHour)
    dayClients.formUnion(
      later.dayClients.map { DayClient(submitter: ids.submitters[Int($0.submitter)], day: $0.day, client: ids.clients[Int($0.client)]) })
    later.dayClients = []
    // The earlier name stays: the first in log order.
    let hostIDs = clientHosts.internAll(later.clientHosts)
    for (s, h) in later.hostOf.enumerated() where h >= 0 {
      let i = Int(ids.submitters[s])
      if i >= hostOf.count { hostOf += [Int32](repeating: -1, count: i + 1 - hostOf.count) }
      if hostOf[i] < 0 { hostOf[i] = hostIDs[Int(h)] }
    }
  }

  func invariantsHold() -> Bool {
    [clientPairs, recipientPairs, domainPairs, senderPairs].allSatisfy { $0.invariantsHold() }
      && [perDay, perHour].allSatisfy { $0.invariantsHold() }
      && submitters.invariantsHold() && clients.invariantsHold() && clientHosts.invariantsHold()
      && hostOf.count <= submitters.count && hops.invariantsHold()
  }
}

// MARK: Aggregate file

extension SubmitterSection.Counts: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    for n in [messages, recipients, delivered, deferred, bounced, remoteBlocked, relayed] { out.count(Int(n)) }
    out.amount(bytes)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(
      messages: try input.count32(), recipients: try input.count32(), delivered: try input.count32(),
      deferred: try input.count32(), bounced: try input.count32(), remoteBlocked: try input.count32(),
      relayed: try input.count32(), bytes: try input.amount())
  }
}

extension SubmitterSection: AggregateCodable {
  /// Saved in two places (docs/AGGREGATE.md, "Who is sending last"): whether it is tracked
  /// and the sizes of its shared tables among the first parts (`encodeSizes`: the ids later
  /// parts hold are checked against them), the rest after every other part (`encodeTables`), so
  /// that a run that does not show who is sending reads none of it. As one part, here, the two
  /// one after the other.
  func encode(to out: inout AggregateWriter) {
    encodeSizes(to: &out)
    encodeTables(to: &out)
  }

  func encodeSizes(to out: inout AggregateWriter) {
    out.bool(isTracking)
    out.count(submitters.count)
    out.count(clients.count)
  }

  /// The submitters and client IPs (shared tables), the pairs and tables of ids, all in
  /// canonical ids and ascending; the host names noted (only those a submitter names: which
  /// others a merge interned depends on the split); the content-filter hops.
  func encodeTables(to out: inout AggregateWriter) {
    let s = out.canonical[.submitters]
    submitters.encode(inOrder: out.canonical.order(.submitters), to: &out)
    clients.encode(inOrder: out.canonical.order(.clients), to: &out)
    out.pairs(clientPairs, first: s, second: out.canonical[.clients])
    out.pairs(recipientPairs, first: s, second: out.canonical[.recipients])
    out.pairs(domainPairs, first: s, second: out.canonical[.recipientDomains])
    out.pairs(senderPairs, first: s, second: out.canonical[.senders])
    for table in [perDay, perHour] {
      var entries: [(key: UInt64, value: UInt64)] = []
      entries.reserveCapacity(table.count)
      table.forEach { key, value in entries.append((Self.pair(s[Int(Self.first(key))], Self.second(key)), value)) }
      entries.sort { $0.key < $1.key }
      out.ascending(entries.map(\.key))
      for (_, count) in entries { out.count(Int(count)) }
    }
    let days = dayClients.map { d in
      (submitter: s[Int(d.submitter)], day: d.day, client: out.canonical[.clients][Int(d.client)])
    }.sorted { ($0.submitter, $0.day, $0.client) < ($1.submitter, $1.day, $1.client) }
    out.list(days) { out, d in
      out.count(Int(d.submitter))
      out.number(Int(d.day))
      out.count(Int(d.client))
    }
    encodeHosts(to: &out)
    hops.encode(to: &out)
  }

  /// The host names submitters name, in byte order, then (submitter, host) in canonical ids.
  private func encodeHosts(to out: inout AggregateWriter) {
    var named = [Bool](repeating: false, count: clientHosts.count)
    for h in hostOf where h >= 0 { named[Int(h)] = true }
    let order = clientHosts.idsInByteOrder().filter { named[Int($0)] }
    var rank = [Int32](repeating: -1, count: clientHosts.count)
    for (place, h) in order.enumerated() { rank[Int(h)] = Int32(place) }
    clientHosts.encode(inOrder: order, to: &out)
    let s = out.canonical[.submitters]
    let pairs = hostOf.enumerated().filter { $0.element >= 0 }.map { (s[$0.offset], rank[Int($0.element)]) }.sorted { $0.0 < $1.0 }
    out.list(pairs) { out, p in
      out.count(Int(p.0))
      out.count(Int(p.1))
    }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    try self.init(decodingSizes: &input)
    try decodeTables(&input)
  }

  /// What `encodeSizes` wrote: a section with none of its tables yet (`decodeTables`), the
  /// reader told their sizes.
  init(decodingSizes input: inout AggregateReader) throws(AggregateError) {
    self.init()
    isTracking = try input.bool()
    // Nothing is allocated for them: they bound the ids read, and `decodeTables` reads tables
    // of just these sizes.
    for table in [SharedTable.submitters, .clients] {
      let n = try input.uint()
      guard n <= UInt64(Int32.max) else { throw input.failure("\(n) \(table)s") }
      input.sizes[table] = Int(n)
    }
  }

  /// What `encodeTables` wrote, the tables of the sizes `init(decodingSizes:)` read.
  mutating func decodeTables(_ input: inout AggregateReader) throws(AggregateError) {
    submitters = try KeyedTable(decoding: &input)
    for id in 0..<Int32(submitters.count) {
      guard let kind = submitters.keys.withBytes(id, { $0.first }) else { throw input.failure("a submitter without its kind") }
      submitters[id].keepsDetail = Kind(rawValue: kind)?.keepsDetail ?? false
    }
    clients = try SymbolTable(decoding: &input)
    guard submitters.count == input.sizes[.submitters], clients.count == input.sizes[.clients] else {
      throw input.failure("submitters or clients other than their sizes say")
    }
    let n = submitters.count
    clientPairs = try Self.decodeSet(&input, first: n, second: clients.count)
    recipientPairs = try Self.decodeSet(&input, first: n, second: input.sizes[.recipients])
    domainPairs = try Self.decodeSet(&input, first: n, second: input.sizes[.recipientDomains])
    senderPairs = try Self.decodeSet(&input, first: n, second: input.sizes[.senders])
    perDay = try Self.decodeTable(&input, submitters: n) { day in Self.day(ordinal: day) != nil }
    perHour = try Self.decodeTable(&input, submitters: n) { (0..<24).contains($0) }
    let days = try input.list(minimumBytes: 3) { r throws(AggregateError) in
      DayClient(submitter: try r.id(.submitters), day: Int32(try r.number(in: 0...Int(Int32.max), "day")), client: try r.id(.clients))
    }
    for d in days where Self.day(ordinal: d.day) == nil { throw input.failure("a day of a login's clients that is no day") }
    for k in days.indices.dropFirst() {
      let (a, b) = (days[k - 1], days[k])
      guard (a.submitter, a.day, a.client) < (b.submitter, b.day, b.client) else { throw input.failure("a login's days out of order") }
    }
    dayClients = Set(days)
    try decodeHosts(&input)
    hops = try FilterHops(decoding: &input)
  }

  /// What `encodeHosts` wrote: every host named by a submitter, each submitter once.
  private mutating func decodeHosts(_ input: inout AggregateReader) throws(AggregateError) {
    clientHosts = try SymbolTable(decoding: &input)
    let pairs = try input.list(minimumBytes: 2) { r throws(AggregateError) in
      (submitter: try r.id(.submitters), host: try r.uint())
    }
    var named = [Bool](repeating: false, count: clientHosts.count)
    // In order first: the last submitter is then the largest, which sizes the table.
    for k in pairs.indices.dropFirst() where pairs[k - 1].submitter >= pairs[k].submitter {
      throw input.failure("a submitter's host name out of order")
    }
    hostOf = [Int32](repeating: -1, count: (pairs.last?.submitter).map { Int($0) + 1 } ?? 0)
    for p in pairs {
      guard p.host < UInt64(clientHosts.count) else { throw input.failure("a host name id \(p.host) out of range") }
      hostOf[Int(p.submitter)] = Int32(p.host)
      named[Int(p.host)] = true
    }
    guard !named.contains(false) else { throw input.failure("a host name no submitter names") }
  }

  /// A set of pairs saved by `AggregateWriter.pairs`.
  private static func decodeSet(_ input: inout AggregateReader, first: Int, second: Int) throws(AggregateError) -> PairSet {
    let keys = try input.pairs(first: first, second: second)
    var set = PairSet()
    set.reserve(items: keys.lazy.map { Int(Self.second($0)) + 1 }.max() ?? 0)
    for key in keys { set.insert(key) }
    return set
  }

  /// A table keyed by (submitter, `valid` second half) saved by `encode`.
  private static func decodeTable(_ input: inout AggregateReader, submitters n: Int, valid: (Int32) -> Bool)
    throws(AggregateError) -> PairTable
  {
    let keys = try input.pairs(first: n, second: Int(UInt32.max))
    guard keys.count <= input.remaining else { throw input.failure("counts past the end") }
    var table = PairTable(counting: true)
    table.reserve(keys.count)
    for key in keys {
      guard valid(second(key)) else { throw input.failure("a submitter's day or hour out of range") }
      table.add(key, UInt64(try input.count()))
    }
    return table
  }

  /// The day an `ordinal` packs, if it is one.
  static func day(ordinal: Int32) -> Day? {
    let o = Int(ordinal)
    let (year, month, day) = (o / 32 / 13, o / 32 % 13, o % 32)
    guard Day.savedYears.contains(year), Day.isValid(year: year, month: month, day: day) else { return nil }
    return Day(year: year, month: month, day: day)
  }
}
