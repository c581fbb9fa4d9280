/// A part of a `Summary` that saves itself in an aggregate file and reads itself back: every
/// section, the message lifecycle, and the `Tables/` types they hold. It sits in the type's own
/// file, next to its `merge`: a section stays the unit of change (ARCHITECTURE.md, "How to add
/// a section", step "serialise").
///
/// `encode` writes the fields in a fixed order; `init(decoding:)` reads them in the same order
/// and checks everything the type's code relies on (ids in range, keys ascending and distinct,
/// days and hours that are days and hours, the `Tables/` contracts), throwing `AggregateError`
/// for a file that breaks any of it: a crafted file must not trap later in a merge or a report.
/// What a type keeps only to go faster (memos, indexes, the open day of the traffic table) is
/// not saved; it starts empty, as after `finish()`.
protocol AggregateCodable {
  func encode(to out: inout AggregateWriter)
  init(decoding input: inout AggregateReader) throws(AggregateError)
}

/// The tables whose ids other sections hold (events, message states, pairs of ids). They are
/// saved in byte order of their keys, and every id of them is written in that order: ids are
/// given in order of first appearance, which differs with how the input was split among threads
/// (a key first met while a merge replays another shard's events comes after that shard's own),
/// while the byte order of the keys does not. So the same input gives the same bytes.
enum SharedTable: Int, CaseIterable, CustomStringConvertible {
  case recipients, senders, recipientDomains, senderDomains, hosts, submitters, clients, postscreenClients

  var description: String {
    switch self {
    case .recipients: "recipient"
    case .senders: "sender"
    case .recipientDomains: "recipient domain"
    case .senderDomains: "sender domain"
    case .hosts: "host"
    case .submitters: "submitter"
    case .clients: "client"
    case .postscreenClients: "postscreen client"
    }
  }

  /// Per table, its ids in canonical order and, for each id, its canonical id (the writer's side).
  struct Translation {
    private var orders = [[Int32]](repeating: [], count: SharedTable.allCases.count)
    private var ranks = [[Int32]](repeating: [], count: SharedTable.allCases.count)

    /// The table's ids in the order it is saved in (`SymbolTable.idsInByteOrder`).
    func order(_ table: SharedTable) -> [Int32] { orders[table.rawValue] }

    /// For each id of the table, the id it is saved as.
    subscript(table: SharedTable) -> [Int32] { ranks[table.rawValue] }

    mutating func set(_ table: SharedTable, order: [Int32]) {
      orders[table.rawValue] = order
      ranks[table.rawValue] = SymbolTable.ranks(order)
    }
  }

  /// Per table, how many ids it has (the reader's side).
  struct Sizes {
    private var counts = [Int](repeating: 0, count: SharedTable.allCases.count)
    subscript(table: SharedTable) -> Int {
      get { counts[table.rawValue] }
      set { counts[table.rawValue] = newValue }
    }
  }
}
