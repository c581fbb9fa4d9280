import ReportModel

extension SubmitterSection {
  /// The submitter table (cut to `-u`), and every finding, each with its one-line reason.
  func build(into report: inout Report, _ o: ReportOptions) {
    guard isTracking else { return }
    if hasOpenDays {  // `Summary.finish()` settles them: only a summary not finished gets here
      var settled = self
      settled.settleOpenDays()
      return settled.build(into: &report, o)
    }
    let n = submitters.count
    let counts = (0..<n).map { submitters[Int32($0)] }
    let kinds = (0..<n).map { id in submitters.keys.withBytes(Int32(id)) { Kind(rawValue: $0[0]) ?? .unknown } }
    func name(_ id: Int) -> String { submitters.keys.withBytes(Int32(id)) { String(decoding: $0.dropFirst(), as: UTF8.self) } }
    // Only submitters with something counted are shown; a busy MX has one per client IP, so
    // everything below is integers per id until the rows shown (and the flagged) are made.
    let shown = (0..<n).filter { counts[$0].messages > 0 || counts[$0].recipients > 0 || counts[$0].deferred > 0 }
    var maxDayRecipients = [Int32](repeating: 0, count: n)
    perDay.forEach { key, recipients in
      let s = Int(Self.first(key))
      maxDayRecipients[s] = max(maxDayRecipients[s], Int32(truncatingIfNeeded: recipients))
    }
    let networkOf = ClientNetwork.ids(of: clients)
    let maxDayNetworks = maxNetworksADay(networkOf, n)

    // Findings, from the counts alone.
    let t = o.findings
    var flagsOf: [Int: [(String, String)]] = [:]
    var isFlagged = [Bool](repeating: false, count: n)
    for id in shown where kinds[id] != .unknown {
      let c = counts[id]
      var flags: [(String, String)] = []
      if maxDayRecipients[id] >= t.highVolumeRecipients {
        flags.append(("high-volume", "\(maxDayRecipients[id]) recipients in one day (at least \(t.highVolumeRecipients))"))
      }
      if kinds[id] == .login, maxDayNetworks[id] >= t.manyNetworks {
        flags.append(("many-networks", "logged in from \(maxDayNetworks[id]) networks in one day (at least \(t.manyNetworks))"))
      }
      if Int(c.recipients) >= t.highBounceRecipients, Int(c.bounced) * 100 >= t.highBouncePercent * Int(c.recipients) {
        let percent = Int((Double(c.bounced) * 100 / Double(c.recipients)).rounded())
        flags.append(("high-bounce", "\(c.bounced) of \(c.recipients) recipients bounced or remote-rejected (\(percent) %)"))
      }
      if Int(c.remoteBlocked) >= t.remoteBlocked {
        flags.append(("remote-blocked", "\(c.remoteBlocked) remote replies cite a blocklist, spam or reputation (at least \(t.remoteBlocked))"))
      }
      if kinds[id] == .client, c.relayed > 0 {
        let ip = name(id)
        if ip != "127.0.0.1" && ip != "::1" {
          flags.append(("unauthenticated-relay", "relayed \(c.relayed) recipients to other servers without authenticating"))
        }
      }
      if !flags.isEmpty {
        flagsOf[id] = flags
        isFlagged[id] = true
      }
    }

    // The order: recipients, then messages, descending; then host order of "kind name". Only
    // the rows that can be shown (the `limit` largest values, with every row tied with the
    // last) and the flagged ones are put in host order: on a busy MX the rest are hundreds of
    // thousands of client IPs. A subset's host order is the order they have in the whole.
    func value(_ id: Int) -> Int64 { Int64(counts[id].recipients) << 31 | Int64(counts[id].messages) }
    let limit = o.userCount ?? FindingThresholds.defaultSubmitterRows
    let threshold = ReportBuilder.smallestShown(shown.lazy.map(value), limit: limit)
    let candidates = shown.filter { value($0) >= threshold || isFlagged[$0] }
    var keys = AddressList()
    for id in candidates { keys.append("\(kinds[id].name) \(name(id))") }
    let ranked = ReportBuilder.rankedByValue(HostOrder.indices(keys)) { value(candidates[Int($0)]) }
    let order = ranked.map { candidates[Int($0.index)] }
    let kept = ReportBuilder.cut(order.filter { value($0) >= threshold }, limit)

    // Rows only for what is shown; the distinct figures are pairs counted per submitter.
    var isKept = [Bool](repeating: false, count: n)
    for id in kept { isKept[id] = true }
    func perSubmitter(_ pairs: PairSet) -> [Int] {
      var counts = [Int](repeating: 0, count: n)
      pairs.forEach { p, _ in counts[Int(Self.first(p))] += 1 }
      return counts
    }
    let distinctRecipients = perSubmitter(recipientPairs)
    let domains = perSubmitter(domainPairs)
    let senders = perSubmitter(senderPairs)
    let ips = perSubmitter(clientPairs)
    // A shown login's distinct networks: its (submitter, network) pairs sorted, runs counted.
    var loginNetworks: [UInt64] = []
    clientPairs.forEach { p, _ in
      guard isKept[Int(Self.first(p))] else { return }
      loginNetworks.append(Self.pair(Self.first(p), networkOf[Int(Self.second(p))]))
    }
    RadixSort.sort(&loginNetworks)
    var networks = [Int](repeating: 0, count: n)
    for (i, p) in loginNetworks.enumerated() where i == 0 || loginNetworks[i - 1] != p { networks[Int(Self.first(p))] += 1 }
    // The hour with the most messages (the earliest of those tied).
    var busiestHour = [Int](repeating: -1, count: n)
    var busiestMessages = [UInt64](repeating: 0, count: n)
    perHour.forEach { key, m in
      guard isKept[Int(Self.first(key))] else { return }
      let s = Int(Self.first(key))
      let h = Int(Self.second(key))
      if busiestHour[s] >= 0, busiestMessages[s] > m || (busiestMessages[s] == m && busiestHour[s] < h) { return }
      (busiestHour[s], busiestMessages[s]) = (h, m)
    }
    report.submitters = SubmitterTable(
      limit: limit, totalRows: shown.count,
      rows: kept.map { id in
        let c = counts[id]
        let kind = kinds[id]
        let shownName = kind == .unknown ? "unknown" : name(id)
        let isClient = kind == .client && c.messages > 0
        let detail = kind == .login || kind == .local
        return SubmitterRow(
          kind: kind.name, name: shownName, messages: Int(c.messages), recipients: Int(c.recipients),
          distinctRecipients: detail ? distinctRecipients[id] : nil, recipientDomains: detail ? domains[id] : nil,
          bytes: c.bytes, envelopeSenders: detail ? senders[id] : nil, clientIPs: isClient ? 1 : ips[id],
          clientNetworks: isClient ? 1 : networks[id], busiestHour: busiestHour[id] >= 0 ? busiestHour[id] : nil, delivered: Int(c.delivered),
          deferred: Int(c.deferred), bounced: Int(c.bounced), remoteBlocked: Int(c.remoteBlocked), relayed: Int(c.relayed),
          flags: flagsOf[id]?.map(\.0) ?? [], host: kind == .client ? host(Int32(id)) : nil)
      })
    // Findings in the submitters' order, each submitter's in the order above.
    report.findings = order.flatMap { id in
      (flagsOf[id] ?? []).map { Finding(flag: $0.0, kind: kinds[id].name, name: name(id), reason: $0.1) }
    }
  }
}

extension SubmitterSection {
  /// Per submitter id (of `n`), the most networks (`networkOf` per client id) it was used
  /// from in one day. The distinct (login, day, network) triples, packed in 64 bits and
  /// sorted: a run of one (login, day) holds each of its networks once.
  fileprivate func maxNetworksADay(_ networkOf: [Int32], _ n: Int) -> [Int] {
    var result = [Int](repeating: 0, count: n)
    guard !dayClients.isEmpty else { return result }
    func bits(_ v: Int64) -> Int { Int64.bitWidth - v.leadingZeroBitCount }
    var firstDay = Int64.max
    var lastDay = Int64.min
    var networkCount: Int32 = 0
    for d in dayClients {
      firstDay = min(firstDay, Int64(d.day))
      lastDay = max(lastDay, Int64(d.day))
      networkCount = max(networkCount, networkOf[Int(d.client)] + 1)
    }
    let netBits = bits(Int64(networkCount))
    let dayBits = bits(lastDay - firstDay)
    let submitterBits = bits(Int64(n))
    if netBits + dayBits + submitterBits <= 64 {
      var keys: [UInt64] = []
      keys.reserveCapacity(dayClients.count)
      for d in dayClients {
        keys.append(
          (UInt64(d.submitter) << dayBits | UInt64(Int64(d.day) - firstDay)) << netBits | UInt64(networkOf[Int(d.client)]))
      }
      RadixSort.sort(&keys)
      countRuns(keys.count, key: { keys[$0] >> netBits }, same: { keys[$0] == keys[$0 - 1] },
        submitter: { Int(keys[$0] >> (netBits + dayBits)) }, into: &result)
    } else {
      // Ids too large to pack (never on a real log): the triples sorted as tuples.
      let triples = dayClients.map { (Self.pair($0.submitter, $0.day), networkOf[Int($0.client)]) }.sorted { $0 < $1 }
      countRuns(triples.count, key: { triples[$0].0 }, same: { triples[$0] == triples[$0 - 1] },
        submitter: { Int(Self.first(triples[$0].0)) }, into: &result)
    }
    return result
  }

  /// Over sorted triples: per run of one `key` (login and day), its distinct entries (those not
  /// the `same` as the one before); the largest per submitter kept in `result`.
  private func countRuns(
    _ count: Int, key: (Int) -> UInt64, same: (Int) -> Bool, submitter: (Int) -> Int, into result: inout [Int]
  ) {
    var distinct = 0
    for i in 0..<count {
      if i == 0 || key(i) != key(i - 1) {
        distinct = 1
      } else if !same(i) {
        distinct += 1
      }
      let s = submitter(i)
      result[s] = max(result[s], distinct)
    }
  }
}

/// The thresholds of the findings (issue 15's defaults; each changeable by option).
public struct FindingThresholds: Sendable, Equatable {
  /// `high-volume`: recipients in one day.
  public var highVolumeRecipients = 500
  /// `many-networks`: networks a login is used from in one day.
  public var manyNetworks = 5
  /// `high-bounce`: at least this many recipients …
  public var highBounceRecipients = 50
  /// … of which at least this percentage bounced or was remote-rejected.
  public var highBouncePercent = 20
  /// `remote-blocked`: remote replies citing a blocklist, spam or reputation.
  public var remoteBlocked = 5

  /// Rows of the submitter table without `-u`: a busy MX has a submitter per client IP.
  public static let defaultSubmitterRows = 100

  public init() {}
}
