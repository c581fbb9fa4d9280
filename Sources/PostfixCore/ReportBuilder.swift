import ForkJoin
import ReportModel

/// Turns the merged `Summary` into the `Report` every renderer reads: sorts (with one
/// documented tie order, so output never depends on hash order), applies the top-N limits and
/// fixes what pflogsumm leaves to chance.
///
/// Tie order everywhere: the value descending, then pflogsumm's host order (names with their
/// labels reversed, so `mail.example.com` sorts as `com example mail`; then IPv4 numerically;
/// then IPv6), then the raw text byte by byte.
public enum ReportBuilder {
  public static func build(
    _ s: Summary, options o: ReportOptions, meta: ReportMeta, inputs: [InputSummary], mailQueue: String? = nil
  ) -> Report {
    var totals = GrandTotals()
    var perDay = s.perDay
    var perHour = s.perHour
    totals.received = s.received
    if !s.sizeDataExists {
      // No size lines anywhere (very old logs): every receipt counts, as in pflogsumm.
      for (cell, n) in s.unconfirmedReceipts {
        totals.received += n
        perDay[cell.day, default: TrafficCounts()].received += n
        perHour[cell.hour].received += n
      }
    }
    totals.delivered = s.delivered
    totals.forwarded = s.forwarded
    totals.deferred = s.deferredMessages
    totals.deferrals = s.deferrals
    totals.bounced = s.bounced
    totals.removed = s.canceled
    totals.expired = s.expired
    totals.rejected = s.rejected
    totals.rejectWarnings = s.rejectWarnings
    totals.held = s.held
    totals.discarded = s.discarded
    let whole = s.delivered + s.rejected + s.discarded
    totals.rejectedPercent = ReportMath.percent(s.rejected, of: whole)
    totals.discardedPercent = ReportMath.percent(s.discarded, of: whole)
    totals.bytesReceived = s.bytesReceived
    totals.bytesDelivered = s.bytesDelivered
    // Keys can exist with nothing counted (interned for an event that was replayed elsewhere,
    // or a sender never attributed): only counted ones are shown.
    let counted: (CountBytes) -> Bool = { $0.count > 0 }

    let dayCount = s.days.count
    var dayRows: [DayTraffic]?
    var hourRows: [HourTraffic]?
    if !o.suppressPerHour {
      var days = perDay
      if o.zeroFill { for d in s.days where days[d] == nil { days[d] = TrafficCounts() } }
      dayRows = days.keys.sorted().map { DayTraffic(date: $0, counts: days[$0]!) }  // Safe: keys of `days`.
      hourRows = (0..<24).map { HourTraffic(hour: $0, counts: perHour[$0]) }
    }

    let showHostDomain = !o.suppressHostDomain && o.hostCount != 0
    var tables: [UserTable.Kind: UserTable] = [:]
    var deliveryDomains: DomainTable<DeliveryDomain>?
    var receivedDomains: DomainTable<ReceivedDomain>?
    var smtpdTotals: ConnectionTotals?
    var smtpdPerDay: [DayConnections]?
    var smtpdPerHour: [HourConnections]?
    var smtpdDomains: DomainTable<ConnectionDomain>?
    var postscreenTotals: ConnectionTotals?
    var noSize: [MessageWithoutSize]?
    var problems: [DetailReport] = []
    var tlsLevels: DetailReport?
    var master: [DetailLeaf] = []
    var detail: [MessageDetail]?
    // Two halves of about equal work on two threads: the recipients in host order (the largest
    // sort), and everything else; then the recipients' two tables, one on each thread. Each
    // half sets only its own variables.
    let (recipients, _) = ForkJoin.both(
      { o.userCount == 0 ? nil : RankedUsers(s.recipientUsers) },
      {
        let senderDomains = s.senderDomains.entries(where: counted)
        let recipientDomains = s.recipientDomains.entries(where: { $0.delivered > 0 || $0.deferrals > 0 })
        totals.senders = s.senderUsers.count(where: counted)
        totals.sendingDomains = senderDomains.count
        totals.recipients = s.recipientUsers.count(where: counted)
        totals.recipientDomains = recipientDomains.filter { $0.value.delivered > 0 }.count
        if o.userCount != 0 {
          for table in userTables(s.senderUsers, senders: true, o) { tables[table.kind] = table }
        }
        if showHostDomain {
          let rows = recipientDomains.map { (domain, st) -> DeliveryDomain in
            DeliveryDomain(
              domain: domain, delivered: st.delivered, bytes: st.bytes, deferrals: st.deferrals,
              averageDelay: st.delivered > 0 ? Double(st.delaySum) / 1_000_000 / Double(st.delivered) : 0,
              maxDelay: Double(st.delayMax) / 1_000_000)
          }
          deliveryDomains = domainTable(rows, limit: o.hostCount, count: { $0.delivered }, size: { $0.bytes }, key: { $0.domain })
          let rrows = senderDomains.map { ReceivedDomain(domain: $0.key, messages: $0.value.count, bytes: $0.value.bytes) }
          receivedDomains = domainTable(rrows, limit: o.hostCount, count: { $0.messages }, size: { $0.bytes }, key: { $0.domain })
        }

        if o.smtpdStats {
          smtpdTotals = ConnectionTotals(
            connections: s.smtpdTotal.count, clients: s.smtpdPerDomain.count, totalSeconds: s.smtpdTotal.total)
          if !o.suppressPerHour {
            smtpdPerDay = s.smtpdPerDay.keys.sorted().map { d in
              let st = s.smtpdPerDay[d]!  // Safe: key of the dictionary.
              return DayConnections(date: d, connections: st.count, totalSeconds: st.total, maxSeconds: st.max)
            }
            smtpdPerHour = (0..<24).compactMap { h in
              let st = s.smtpdPerHour[h]
              return st.count > 0 ? HourConnections(hour: h, connections: st.count, totalSeconds: st.total, maxSeconds: st.max) : nil
            }
          }
          if showHostDomain {
            let rows = s.smtpdPerDomain.map {
              ConnectionDomain(domain: $0.key, connections: $0.value.count, totalSeconds: $0.value.total, maxSeconds: $0.value.max)
            }
            smtpdDomains = domainTable(
              rows, limit: o.hostCount, count: { $0.connections }, size: { $0.totalSeconds }, key: { $0.domain })
          }
        }
        if o.postscreenStats {
          postscreenTotals = ConnectionTotals(
            connections: s.postscreenTotal.count, clients: s.postscreenPerIP.count, totalSeconds: s.postscreenTotal.total)
        }

        if !o.noMessageSizeReport {
          noSize = s.noSizeData.keys.sorted(by: bytesLess).map { MessageWithoutSize(queueID: $0, recipient: s.noSizeData[$0]!) }  // Safe: keys.
        }

        func add(_ kind: DetailReportKind, _ tree: CountTree, _ limit: Int?, collected: Bool = true) {
          if limit == 0 || !collected { return }
          problems.append(DetailReport(kind: kind, limit: limit, root: node(tree, limit: limit)))
        }
        add(.deferrals, s.deferralTree, o.deferralDetail)
        add(.bounces, s.bounceTree, o.bounceDetail)
        add(.expired, s.expiredTree, o.expiredDetail)
        add(.rejects, s.rejectTree, o.rejectDetail)
        add(.rejectWarnings, s.rejectWarningTree, o.rejectDetail)
        add(.holds, s.holdTree, o.rejectDetail)
        add(.discards, s.discardTree, o.rejectDetail)
        if o.tlsStats { add(.inboundTLSErrors, s.inboundTLSErrors, o.hostCount) }
        add(.smtpExceptions, s.smtpExceptions, nil)
        add(.warnings, s.warnings, o.warningDetail)
        add(.postscreenActions, s.postscreenActions, o.postscreenDetail)
        add(.fatalErrors, s.fatals, nil)
        add(.panics, s.panics, nil)
        tlsLevels = o.tlsStats ? DetailReport(kind: .tlsLevels, limit: o.hostCount, root: node(s.tlsLevels, limit: o.hostCount)) : nil
        master = sortedByValue(
          s.masterMessages.map { DetailLeaf(key: $0.key, count: $0.value) }, value: { Int64($0.count) }, key: { $0.key })

        if o.extendedDetail {
          detail = messageDetails(s.messageDetail)
        }
      })
    if let recipients {
      let kinds = userTableKinds(senders: false, o)
      let (first, second) = ForkJoin.both(
        { kinds.first.map { recipients.table($0, limit: o.userCount) } },
        { kinds.count > 1 ? recipients.table(kinds[1], limit: o.userCount) : nil })
      for table in [first, second].compactMap({ $0 }) { tables[table.kind] = table }
    }

    var period: ReportPeriod?
    if let f = s.firstTime, let l = s.lastTime { period = ReportPeriod(first: f.date, last: l.date) }
    var lineStats = s.lineStats
    lineStats.total = s.lineStats.total

    return Report(
      meta: meta, period: period, inputs: inputs, notices: o.notices,
      layout: ReportLayout(isoDateTime: o.isoDateTime, problemsFirst: o.problemsFirst, quiet: o.quiet, dateRange: o.dateRange),
      totals: totals, smtpdTotals: smtpdTotals, postscreenTotals: postscreenTotals, dayCount: dayCount,
      perDay: dayRows, perHour: hourRows, deliveryDomains: deliveryDomains, receivedDomains: receivedDomains,
      smtpdPerDay: smtpdPerDay, smtpdPerHour: smtpdPerHour, smtpdDomains: smtpdDomains, tlsLevels: tlsLevels,
      sendersByCount: tables[.sendersByCount], recipientsByCount: tables[.recipientsByCount],
      sendersBySize: tables[.sendersBySize], recipientsBySize: tables[.recipientsBySize],
      messagesWithoutSize: noSize, problems: problems, masterMessages: master, messageDetail: detail,
      mailQueue: mailQueue, lineStats: lineStats)
  }

  /// A host/domain table: the rows in the one tie order by count, then size, cut to `limit`.
  static func domainTable<T>(
    _ rows: [T], limit: Int?, count: (T) -> Int, size: (T) -> Int64, key: (T) -> String
  ) -> DomainTable<T> {
    let sorted = sortedByCountThenSize(rows, count: count, size: size, key: key)
    return DomainTable(limit: limit, totalRows: sorted.count, rows: cut(sorted, limit))
  }

  /// The tables of one address list (senders or recipients), by count and (unless
  /// suppressed) by size, one after the other.
  static func userTables(_ users: KeyedTable<CountBytes>, senders: Bool, _ o: ReportOptions) -> [UserTable] {
    let list = RankedUsers(users)
    return userTableKinds(senders: senders, o).map { list.table($0, limit: o.userCount) }
  }

  /// The tables of senders or recipients the options ask for: by count, then by size.
  static func userTableKinds(senders: Bool, _ o: ReportOptions) -> [UserTable.Kind] {
    UserTable.Kind.allCases.filter { $0.isSender == senders && !($0.isSize && o.suppressSizeDetail) }
  }

  /// The addresses by value descending, then host order (their position in `hostOrder`).
  static func rankedByValue(_ hostOrder: [Int32], value: (Int32) -> Int64) -> [RankedValue] {
    let values = hostOrder.map(value)
    guard values.allSatisfy({ $0 >= 0 && $0 <= Int64(UInt32.max) }) else {
      // A value past 32 bits (a sender of over 4 GB): compared as records.
      var ranked = (0..<hostOrder.count).map { p in RankedValue(value: values[p], position: Int32(p), index: hostOrder[p]) }
      ranked.sort { a, b in a.value != b.value ? a.value > b.value : a.position < b.position }
      return ranked
    }
    // The value (descending) and the position in one integer, radix sorted.
    var keys = values.enumerated().map { p, v in (UInt64(UInt32.max) - UInt64(v)) << 32 | UInt64(p) }
    RadixSort.sort(&keys)
    return keys.map { k in
      let p = Int(k & 0xFFFF_FFFF)
      return RankedValue(value: values[p], position: Int32(p), index: hostOrder[p])
    }
  }

  // MARK: - Sorting

  static func bytesLess(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
  }

  /// Host/domain tables: count, then size, descending; then host order.
  static func sortedByCountThenSize<T>(
    _ rows: [T], count: (T) -> Int, size: (T) -> Int64, key: (T) -> String
  ) -> [T] {
    sortedRows(rows, primary: { Int64(count($0)) }, secondary: size, key: key)
  }

  /// Counted lists: value descending, then host order.
  static func sortedByValue<T>(_ rows: [T], value: (T) -> Int64, key: (T) -> String) -> [T] {
    sortedRows(rows, primary: value, secondary: { _ in 0 }, key: key)
  }

  /// The one tie order: primary and secondary descending, then host order, then the bytes.
  /// The keys are put in host order once (see `HostOrder`); the rows then sort
  /// on integers only.
  private static func sortedRows<T>(
    _ rows: [T], primary: (T) -> Int64, secondary: (T) -> Int64, key: (T) -> String
  ) -> [T] {
    let n = rows.count
    if n < 2 { return rows }
    let hostOrder = HostOrder.indices(rows.map(key))
    var ranked: [(first: Int64, second: Int64, position: Int32, index: Int32)] = []
    ranked.reserveCapacity(n)
    for (position, i) in hostOrder.enumerated() {
      let row = rows[Int(i)]
      ranked.append((primary(row), secondary(row), Int32(position), i))
    }
    ranked.sort { a, b in
      if a.first != b.first { return a.first > b.first }
      if a.second != b.second { return a.second > b.second }
      return a.position < b.position
    }
    return ranked.map { rows[Int($0.index)] }
  }

  static func cut<T>(_ rows: [T], _ limit: Int?) -> [T] {
    guard let limit, limit > 0, rows.count > limit else { return rows }
    return Array(rows.prefix(limit))
  }

  /// Builds the counted tree: inner keys in byte order, leaves by count.
  static func node(_ tree: CountTree, limit: Int?) -> DetailNode {
    DetailTreeBuilder.node(tree, limit: limit)
  }

  // MARK: - Message detail (-e)

  /// pflogsumm's order: the sender's domain (with `mach.host.dom` read as `host.dom.mach`),
  /// then the user, then the queue id.
  static func messageDetails(_ all: [String: [String]]) -> [MessageDetail] {
    struct Keyed {
      var qid: String
      var items: [String]
      var domain: [UInt8]
      var user: [UInt8]
    }
    let keyed = all.map { (qid, items) -> Keyed in
      let first = items.first ?? ""
      var (user, domain) = splitSender(first)
      domain = reorderDomain(domain)
      if let bang = user.lastIndex(of: ASCII.bang) { user = Array(user[(bang + 1)...]) }
      return Keyed(qid: qid, items: items, domain: domain, user: user)
    }
    return keyed.sorted { a, b in
      if a.domain != b.domain { return a.domain.lexicographicallyPrecedes(b.domain) }
      if a.user != b.user { return a.user.lexicographicallyPrecedes(b.user) }
      return bytesLess(a.qid, b.qid)
    }.map { k in
      MessageDetail(queueID: k.qid, sender: k.items.first ?? "", recipients: Array(k.items.dropFirst()))
    }
  }

  /// `split(/\@/)` → (user, domain); without a domain, `somedomain!user` from the bang path.
  private static func splitSender(_ s: String) -> ([UInt8], [UInt8]) {
    let b = Array(s.utf8)
    var fields = b.split(separator: ASCII.at, omittingEmptySubsequences: false).map(Array.init)
    while let last = fields.last, last.isEmpty, fields.count > 0 { fields.removeLast() }
    let user = fields.first ?? []
    let domain = fields.count > 1 ? fields[1] : []
    if !domain.isEmpty { return (user, domain) }
    var bangs = b.split(separator: ASCII.bang, omittingEmptySubsequences: false).map(Array.init)
    while let last = bangs.last, last.isEmpty, bangs.count > 0 { bangs.removeLast() }
    let u = bangs.last ?? []
    let d = bangs.count >= 2 ? bangs[bangs.count - 2] : []
    return (u, d)
  }

  /// `s/^(.*)\.([^\.]+)\.([^\.]{3}|[^\.]{2,3}\.[^\.]{2})$/$2.$3.$1/`
  private static func reorderDomain(_ d: [UInt8]) -> [UInt8] {
    let labels = d.split(separator: ASCII.dot, omittingEmptySubsequences: false).map(Array.init)
    // Try the longer ending ("xx.yy" with a 2-3 letter second level) only if the 3-letter
    // TLD form does not apply; regex alternation tries `[^.]{3}` first.
    if labels.count >= 3, labels[labels.count - 1].count == 3 {
      let last = labels[labels.count - 1]
      let host = labels[labels.count - 2]
      let rest = labels[..<(labels.count - 2)]
      if !host.isEmpty, !rest.isEmpty || labels.count >= 3 {
        return host + [ASCII.dot] + last + [ASCII.dot] + Array(rest.joined(separator: [ASCII.dot]))
      }
    }
    if labels.count >= 4, labels[labels.count - 1].count == 2, (2...3).contains(labels[labels.count - 2].count) {
      let tail = labels[(labels.count - 2)...].joined(separator: [ASCII.dot])
      let host = labels[labels.count - 3]
      let rest = labels[..<(labels.count - 3)]
      if !host.isEmpty {
        return host + [ASCII.dot] + Array(tail) + [ASCII.dot] + Array(rest.joined(separator: [ASCII.dot]))
      }
    }
    return d
  }
}
