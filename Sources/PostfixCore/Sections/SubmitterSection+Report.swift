import ReportModel

extension SubmitterSection {
  /// The submitter table (cut to `-u`), and every finding, each with its one-line reason.
  func build(into report: inout Report, _ o: ReportOptions) {
    guard isTracking else { return }
    let n = submitters.count
    let counts = (0..<n).map { submitters[Int32($0)] }
    let kinds = (0..<n).map { id in submitters.keys.withBytes(Int32(id)) { Kind(rawValue: $0[0]) ?? .unknown } }
    func name(_ id: Int) -> String { submitters.keys.withBytes(Int32(id)) { String(decoding: $0.dropFirst(), as: UTF8.self) } }
    // Only submitters with something counted are shown; a busy MX has one per client IP, so
    // everything below is integers per id until the rows shown (and the flagged) are made.
    let shown = (0..<n).filter { counts[$0].messages > 0 || counts[$0].recipients > 0 || counts[$0].deferred > 0 }
    var maxDayRecipients = [Int32](repeating: 0, count: n)
    for (key, packed) in perDay {
      let s = Int(Self.first(key))
      maxDayRecipients[s] = max(maxDayRecipients[s], Int32(truncatingIfNeeded: packed & 0xFFFF_FFFF))
    }
    let networkOf = (0..<clients.count).map { ClientNetwork.of(clients.string(Int32($0))) }
    var loginDayNetworks: [UInt64: Set<String>] = [:]
    for d in dayClients { loginDayNetworks[Self.pair(d.submitter, d.day), default: []].insert(networkOf[Int(d.client)]) }
    var maxDayNetworks = [Int](repeating: 0, count: n)
    for (key, set) in loginDayNetworks { maxDayNetworks[Int(Self.first(key))] = max(maxDayNetworks[Int(Self.first(key))], set.count) }

    // Findings, from the counts alone.
    let t = o.findings
    var flagsOf: [Int: [(String, String)]] = [:]
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
      if !flags.isEmpty { flagsOf[id] = flags }
    }

    // The order: recipients, then messages, descending; then host order of "kind name".
    var keys = AddressList()
    for id in shown { keys.append("\(kinds[id].name) \(name(id))") }
    let hostOrder = HostOrder.indices(keys)
    let ranked = ReportBuilder.rankedByValue(hostOrder) { i in
      let c = counts[shown[Int(i)]]
      return Int64(c.recipients) << 31 | Int64(c.messages)
    }
    let limit = o.userCount ?? FindingThresholds.defaultSubmitterRows
    let kept = ReportBuilder.cut(ranked, limit).map { shown[Int($0.index)] }
    let order = ranked.map { shown[Int($0.index)] }

    // Rows only for what is shown.
    let keptSet = Set(kept)
    var distinctRecipients: [Int: Int] = [:]
    var domains: [Int: Int] = [:]
    var senders: [Int: Int] = [:]
    var ips: [Int: Int] = [:]
    var networks: [Int: Set<String>] = [:]
    for p in recipientPairs where keptSet.contains(Int(Self.first(p))) { distinctRecipients[Int(Self.first(p)), default: 0] += 1 }
    for p in domainPairs where keptSet.contains(Int(Self.first(p))) { domains[Int(Self.first(p)), default: 0] += 1 }
    for p in senderPairs where keptSet.contains(Int(Self.first(p))) { senders[Int(Self.first(p)), default: 0] += 1 }
    for p in clientPairs where keptSet.contains(Int(Self.first(p))) {
      ips[Int(Self.first(p)), default: 0] += 1
      networks[Int(Self.first(p)), default: []].insert(networkOf[Int(Self.second(p))])
    }
    var busiest: [Int: (hour: Int, messages: UInt64)] = [:]
    for (key, packed) in perHour where keptSet.contains(Int(Self.first(key))) && packed >> 32 > 0 {
      let s = Int(Self.first(key))
      let h = Int(Self.second(key))
      let m = packed >> 32
      if let b = busiest[s], b.messages > m || (b.messages == m && b.hour < h) { continue }
      busiest[s] = (h, m)
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
          distinctRecipients: detail ? distinctRecipients[id] ?? 0 : nil, recipientDomains: detail ? domains[id] ?? 0 : nil,
          bytes: c.bytes, envelopeSenders: detail ? senders[id] ?? 0 : nil, clientIPs: isClient ? 1 : ips[id] ?? 0,
          clientNetworks: isClient ? 1 : networks[id]?.count ?? 0, busiestHour: busiest[id]?.hour, delivered: Int(c.delivered),
          deferred: Int(c.deferred), bounced: Int(c.bounced), remoteBlocked: Int(c.remoteBlocked), relayed: Int(c.relayed),
          flags: flagsOf[id]?.map(\.0) ?? [], host: kind == .client ? host(Int32(id)) : nil)
      })
    // Findings in the submitters' order, each submitter's in the order above.
    report.findings = order.flatMap { id in
      (flagsOf[id] ?? []).map { Finding(flag: $0.0, kind: kinds[id].name, name: name(id), reason: $0.1) }
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

/// A client IP's network: IPv4 /24, IPv6 /64.
enum ClientNetwork {
  static func of(_ ip: String) -> String {
    if ip.contains(":") {
      let groups = ip.split(separator: ":", omittingEmptySubsequences: false)
      // Expand `::` only as far as the first four groups need.
      var head: [Substring] = []
      for g in groups {
        if g.isEmpty { break }
        head.append(g)
        if head.count == 4 { break }
      }
      while head.count < 4 { head.append("0") }
      return head.joined(separator: ":") + "::/64"
    }
    let octets = ip.split(separator: ".")
    guard octets.count == 4 else { return ip }
    return octets.prefix(3).joined(separator: ".") + ".0/24"
  }
}
