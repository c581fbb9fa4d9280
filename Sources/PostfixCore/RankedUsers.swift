import ReportModel

/// One address list (the senders or the recipients) made ready for its tables: the counted
/// addresses packed in one `AddressList`, put in host order once, with their counts and byte
/// totals in columns by the same index. Each table (by count, by size) then sorts integers
/// only, and the two can be built on two threads, since neither changes the list.
struct RankedUsers {
  let addresses: AddressList
  /// Indices of `addresses` in host order.
  let hostOrder: [Int32]
  /// Per index of `addresses`: its message count and byte total.
  private let counts: [Int64]
  private let sizes: [Int64]

  init(_ users: KeyedTable<CountBytes>) {
    var ids: [Int32] = []
    ids.reserveCapacity(users.count(where: { $0.count > 0 }))
    for i in 0..<users.count where users[Int32(i)].count > 0 { ids.append(Int32(i)) }
    var addresses = AddressList()
    addresses.reserveCapacity(count: ids.count, byteCount: users.keys.byteCount)
    for id in ids { users.keys.withBytes(id) { addresses.append(bytes: $0) } }
    self.addresses = addresses
    hostOrder = HostOrder.indices(addresses)
    // In index order, so the tables' sorts read these columns, not the table's records.
    counts = ids.map { Int64(users[$0].count) }
    sizes = ids.map { users[$0].bytes }
  }

  /// The table of `kind` (by count or by size), cut to `limit` rows.
  func table(_ kind: UserTable.Kind, limit: Int?) -> UserTable {
    let values = kind.isSize ? sizes : counts
    let ranked = ReportBuilder.rankedByValue(hostOrder) { values[Int($0)] }
    let kept = ReportBuilder.cut(ranked, limit)
    return UserTable(
      kind: kind, limit: limit, totalRows: ranked.count,
      rows: UserRows(addresses: addresses, order: kept.map(\.index), values: kept.map(\.value)))
  }
}
