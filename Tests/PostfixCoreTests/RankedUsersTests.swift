import ReportModel
import TestSupport
import Testing

@testable import PostfixCore

/// A table cut to `limit` rows host-orders only the rows that can be shown (`RankedUsers`);
/// it must give the rows that host-ordering everything and cutting gives, ties included.
@Suite struct RankedUsersTests {
  /// Addresses with case twins and shared users across domains; counts and sizes drawn from
  /// a few values, so that most rows tie, with some never counted (count zero).
  static func table(_ n: Int, seed: UInt64) -> KeyedTable<CountBytes> {
    var g = SeededRandomNumberGenerator(seed: seed)
    let domains = ["gmail.com", "Example.ORG", "example.org", "x.co.uk", "[10.0.0.1]", "a.b.example.net"]
    let users = ["info", "INFO", "a", "b", "postmaster", "z"]
    var table = KeyedTable<CountBytes>()
    for k in 0..<n {
      let address = "\(users[Int(g.next() % 6)])\(k % 7)@\(domains[Int(g.next() % 6)])"
      let id = table.id(address)
      let count = Int(g.next() % 5)
      table[id].add(count: count, bytes: count == 0 ? 0 : Int64(g.next() % 4) * 1000)
    }
    return table
  }

  @Test("cut to any limit: the rows of the whole list's host order, cut", arguments: [1, 2, 3])
  func limitedEqualsWhole(_ seed: UInt64) {
    let users = Self.table(400, seed: seed)
    let whole = RankedUsers(users, limit: nil)
    let counted = users.count(where: { $0.count > 0 })
    for limit in [1, 2, 3, 10, 57, counted - 1, counted, counted + 3] {
      let cut = RankedUsers(users, limit: limit)
      for kind in [UserTable.Kind.recipientsByCount, .recipientsBySize] {
        let want = whole.table(kind, limit: limit)
        #expect(want.rows.count == min(limit, counted))
        let got = cut.table(kind, limit: limit)
        #expect(got.totalRows == want.totalRows && got.limit == want.limit)
        #expect(Array(got.rows) == Array(want.rows), "limit \(limit), \(kind)")
      }
    }
  }

  @Test("the smallest value a cut table shows: the limit-th largest, or none when every row shows")
  func smallestShown() {
    var g = SeededRandomNumberGenerator(seed: 7)
    for n in [0, 1, 2, 5, 100, 1000] {
      // Few distinct values (ties), negatives and the extremes included.
      let values = (0..<n).map { _ -> Int64 in
        switch g.next() % 8 {
        case 0: .min
        case 1: .max
        default: Int64(g.next() % 9) - 3
        }
      }
      for limit in [nil, 0, 1, 2, 3, 50, n - 1, n, n + 1] {
        let want: Int64
        if let limit, limit > 0, n > limit { want = values.sorted()[n - limit] } else { want = .min }
        #expect(ReportBuilder.smallestShown(values, limit: limit) == want, "n \(n), limit \(String(describing: limit))")
      }
    }
  }
}
