import ReportModel

/// One address list (the senders or the recipients) made ready for its tables.
///
/// Rows with equal values are shown in host order, so a table that shows every row puts the
/// whole list in host order: once, packed in one `AddressList`, which both tables (by count,
/// by size) then share, each sorting integers only, on two threads (neither changes the
/// list). A table cut to `limit` rows (`-u N`, the archive's pages) needs the host order only
/// of the rows that can be shown — the `limit` largest values and every row tied with the
/// last of them — and a subset's host order is its order in the whole: sorting those few
/// instead of hundreds of thousands of recipients gives the same rows; and finding them needs
/// no copy of every address's values either.
struct RankedUsers {
  private let users: KeyedTable<CountBytes>
  /// The counted addresses (a count above zero).
  private let counted: Int
  /// When the tables show every row: the counted ids, ascending; their message counts and
  /// byte totals in columns by the same index (the sorts read these, not the table's
  /// records); every counted address packed, and their host order.
  private let whole: (ids: [Int32], counts: [Int64], sizes: [Int64], addresses: AddressList, hostOrder: [Int32])?

  /// `limit`: the rows the tables will show (nil: all).
  init(_ users: KeyedTable<CountBytes>, limit: Int?) {
    self.users = users
    counted = users.count(where: { $0.count > 0 })
    if let limit, limit > 0, limit < counted {
      // Cut: each table finds its few rows from the records (`table`); columns of a month's
      // million recipients would be most of the report's memory.
      whole = nil
    } else {
      var ids: [Int32] = []
      ids.reserveCapacity(counted)
      for i in 0..<users.count where users[Int32(i)].count > 0 { ids.append(Int32(i)) }
      let addresses = Self.addresses(users, ids, byteCount: users.keys.byteCount)
      whole = (ids, ids.map { Int64(users[$0].count) }, ids.map { users[$0].bytes }, addresses, HostOrder.indices(addresses))
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
    let addresses: AddressList
    let ranked: [RankedValue]
    if let whole {
      let values = kind.isSize ? whole.sizes : whole.counts
      addresses = whole.addresses
      ranked = ReportBuilder.rankedByValue(whole.hostOrder) { values[Int($0)] }
    } else {
      // The rows that can be shown: the counted ids whose value reaches the `limit`-th largest.
      let value: (CountBytes) -> Int64 = kind.isSize ? { $0.bytes } : { Int64($0.count) }
      let countedIDs = (0..<Int32(users.count)).lazy.filter { users[$0].count > 0 }
      let threshold = ReportBuilder.smallestShown(countedIDs.map { value(users[$0]) }, limit: limit)
      let shown = Array(countedIDs.filter { value(users[$0]) >= threshold })
      addresses = Self.addresses(users, shown, byteCount: shown.reduce(0) { $0 + users.keys.withBytes($1) { $0.count } })
      ranked = ReportBuilder.rankedByValue(HostOrder.indices(addresses)) { value(users[shown[Int($0)]]) }
    }
    let kept = ReportBuilder.cut(ranked, limit)
    return UserTable(
      kind: kind, limit: limit, totalRows: counted,
      rows: UserRows(addresses: addresses, order: kept.map(\.index), values: kept.map(\.value)))
  }
}
