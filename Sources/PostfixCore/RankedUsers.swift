import ReportModel

/// One address list (the senders or the recipients) made ready for its tables, with the
/// counted addresses' message counts and byte totals in columns by the same index.
///
/// Rows with equal values are shown in host order, so a table that shows every row puts the
/// whole list in host order: once, packed in one `AddressList`, which both tables (by count,
/// by size) then share, each sorting integers only, on two threads (neither changes the
/// list). A table cut to `limit` rows (`-u N`, the archive's pages) needs the host order only
/// of the rows that can be shown — the `limit` largest values and every row tied with the
/// last of them — and a subset's host order is its order in the whole: sorting those few
/// instead of hundreds of thousands of recipients gives the same rows.
struct RankedUsers {
  private let users: KeyedTable<CountBytes>
  /// The ids of the counted addresses (a count above zero), ascending.
  private let ids: [Int32]
  /// Per index of `ids`: its message count and byte total.
  private let counts: [Int64]
  private let sizes: [Int64]
  /// Every counted address and their host order, when the tables show every row.
  private let whole: (addresses: AddressList, hostOrder: [Int32])?

  /// `limit`: the rows the tables will show (nil: all).
  init(_ users: KeyedTable<CountBytes>, limit: Int?) {
    self.users = users
    var ids: [Int32] = []
    ids.reserveCapacity(users.count(where: { $0.count > 0 }))
    for i in 0..<users.count where users[Int32(i)].count > 0 { ids.append(Int32(i)) }
    self.ids = ids
    // In index order, so the tables' sorts read these columns, not the table's records.
    counts = ids.map { Int64(users[$0].count) }
    sizes = ids.map { users[$0].bytes }
    if let limit, limit > 0, limit < ids.count {
      whole = nil
    } else {
      let addresses = Self.addresses(users, ids, byteCount: users.keys.byteCount)
      whole = (addresses, HostOrder.indices(addresses))
    }
  }

  /// The addresses of `ids`, packed in that order.
  private static func addresses(_ users: KeyedTable<CountBytes>, _ ids: some Collection<Int32>, byteCount: Int) -> AddressList {
    var addresses = AddressList()
    addresses.reserveCapacity(count: ids.count, byteCount: byteCount)
    for id in ids { users.keys.withBytes(id) { addresses.append(bytes: $0) } }
    return addresses
  }

  /// The table of `kind` (by count or by size), cut to `limit` rows (the limit given to `init`).
  func table(_ kind: UserTable.Kind, limit: Int?) -> UserTable {
    let values = kind.isSize ? sizes : counts
    let addresses: AddressList
    let ranked: [RankedValue]
    if let whole {
      addresses = whole.addresses
      ranked = ReportBuilder.rankedByValue(whole.hostOrder) { values[Int($0)] }
    } else {
      // The rows that can be shown: indices of `ids` whose value reaches the `limit`-th largest.
      let threshold = ReportBuilder.smallestShown(values, limit: limit)
      let candidates = values.indices.filter { values[$0] >= threshold }
      let shown = candidates.map { ids[$0] }
      addresses = Self.addresses(users, shown, byteCount: shown.reduce(0) { $0 + users.keys.withBytes($1) { $0.count } })
      ranked = ReportBuilder.rankedByValue(HostOrder.indices(addresses)) { values[candidates[Int($0)]] }
    }
    let kept = ReportBuilder.cut(ranked, limit)
    return UserTable(
      kind: kind, limit: limit, totalRows: ids.count,
      rows: UserRows(addresses: addresses, order: kept.map(\.index), values: kept.map(\.value)))
  }
}
