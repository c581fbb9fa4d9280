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
    var report = Report(
      meta: meta, inputs: inputs, notices: o.notices,
      layout: ReportLayout(
        isoDateTime: o.isoDateTime, problemsFirst: o.problemsFirst, quiet: o.quiet, dateRange: o.dateRange,
        abuseStats: o.abuseStats, serverStats: o.serverStats),
      mailQueue: mailQueue)
    // Two halves of about equal work on two threads: the recipients in host order (the largest
    // sort), and every section's part; then the recipients' two tables, one on each thread.
    // Only the second half writes the report.
    let (recipients, _) = ForkJoin.both(
      { o.userCount == 0 ? nil : RankedUsers(s.users.recipients, limit: o.userCount) },
      {
        s.traffic.build(into: &report, o)
        s.users.build(into: &report, o)
        s.domains.build(into: &report, o)
        s.smtpd.build(into: &report, o)
        s.postscreen.build(into: &report, o)
        s.withoutSize.build(into: &report, o, servers: s.servers)
        s.details.build(into: &report, o)
        s.messageDetail.build(into: &report, o, servers: s.servers)
        s.input.build(into: &report, evictedConnections: s.smtpd.evicted + s.postscreen.evicted)
        s.servers.build(into: &report, totals: s.traffic.serverFigures, unconfirmedReceived: !s.traffic.sizeDataExists)
        s.submitters.build(into: &report, o)
        s.abuse.build(into: &report, o)
      })
    if let recipients { UserSection.buildRecipientTables(recipients, into: &report, o) }
    return report
  }

  /// `report` (built from `s` with `o`) with the texts the text report trims to `--colwidth`
  /// shown whole: the HTML page's report. Only the detail reports are built again.
  public static func withWholeTexts(_ report: Report, from s: Summary, options o: ReportOptions) -> Report {
    guard o.columnWidth != 0 else { return report }
    var whole = o
    whole.columnWidth = 0
    var out = report
    s.details.build(into: &out, whole)
    return out
  }

  /// A host/domain table: the rows in the one tie order by count, then size, cut to `limit`.
  static func domainTable<T>(
    _ rows: [T], limit: Int?, count: (T) -> Int, size: (T) -> Int64, key: (T) -> String
  ) -> DomainTable<T> {
    let sorted = sortedByCountThenSize(rows, count: count, size: size, key: key)
    return DomainTable(limit: limit, totalRows: sorted.count, rows: cut(sorted, limit))
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
    // (Mapped over the indices, a collection: allocated once at its size, where a sequence's
    // map grows by doubling — the whole recipient table's rows, at the report's memory peak.)
    var keys = values.indices.map { p in (UInt64(UInt32.max) - UInt64(values[p])) << 32 | UInt64(p) }
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

  /// The smallest value a table cut to `limit` rows can show (the `limit`-th largest; `.min`
  /// when every row is shown): only rows that reach it need to be put in host order, since a
  /// subset's host order is its order in the whole.
  static func smallestShown(_ values: some Sequence<Int64>, limit: Int?) -> Int64 {
    guard let limit, limit > 0 else { return .min }
    // The `limit` largest so far in a min-heap (a busy MX has a submitter per client IP, a
    // month a million recipients: one pass, no copy of the values to sort).
    var heap: [Int64] = []
    heap.reserveCapacity(Swift.min(limit, 1 << 16))
    var seen = 0
    for v in values {
      seen += 1
      if heap.count < limit {
        heap.append(v)
        var i = heap.count - 1
        while i > 0, heap[(i - 1) / 2] > heap[i] {
          heap.swapAt(i, (i - 1) / 2)
          i = (i - 1) / 2
        }
      } else if v > heap[0] {
        heap[0] = v
        var i = 0
        while true {
          let l = 2 * i + 1
          guard l < heap.count else { break }
          let c = l + 1 < heap.count && heap[l + 1] < heap[l] ? l + 1 : l
          guard heap[c] < heap[i] else { break }
          heap.swapAt(i, c)
          i = c
        }
      }
    }
    return seen > limit ? heap[0] : .min
  }

  static func cut<T>(_ rows: [T], _ limit: Int?) -> [T] {
    guard let limit, limit > 0, rows.count > limit else { return rows }
    return Array(rows.prefix(limit))
  }

  // MARK: - Message detail (-e)

  /// pflogsumm's order: the sender's domain (with `mach.host.dom` read as `host.dom.mach`),
  /// then the user, then the queue id.
  static func messageDetails(_ all: [(qid: String, items: [String])]) -> [MessageDetail] {
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
      // (Two ids cut to one label — over 24 bytes, only in crafted input — by their items.)
      if !a.qid.utf8.elementsEqual(b.qid.utf8) { return bytesLess(a.qid, b.qid) }
      return a.items.lexicographicallyPrecedes(b.items, by: bytesLess)
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
