/// postscreen's `PASS NEW` / `PASS OLD` per client, counted by the client's id in
/// `PostscreenConnections.perIP` (every pass ends a timed connection, so the client is interned
/// there already). One in three postscreen lines is a pass on a busy server; as a path of two
/// strings in the `postscreenActions` tree each cost an array, two SipHashes and a dictionary
/// probe. `finish()` folds these counts into the tree, so the report sees only the tree.
struct PassCounts: Sendable {
  /// The actions seen (at most the two), and per action a count per client id.
  private var actions: [String] = []
  private var counts: [[Int]] = []

  @inline(__always)
  mutating func add(_ action: String, client: Int32, _ n: Int = 1) {
    let a = actions.firstIndex(of: action) ?? newAction(action)
    let c = Int(client)
    if c >= counts[a].count { counts[a].append(contentsOf: repeatElement(0, count: c + 1 - counts[a].count)) }
    counts[a][c] += n
  }

  private mutating func newAction(_ action: String) -> Int {
    actions.append(action)
    counts.append([])
    return actions.count - 1
  }

  /// Adds a later shard's counts, whose client ids `remap` translates to ours.
  mutating func merge(_ later: PassCounts, remap: [Int32]) {
    for (a, action) in later.actions.enumerated() {
      for (client, n) in later.counts[a].enumerated() where n > 0 {
        add(action, client: remap[client], n)
      }
    }
  }

  /// Moves the counts into `tree` as [action, client] paths, the clients named by `clients`.
  mutating func fold(into tree: inout CountTree, clients: KeyedTable<DurationStats>) {
    for (a, action) in actions.enumerated() {
      var action = action
      action.withUTF8 { actionBytes in
        for (client, n) in counts[a].enumerated() where n > 0 {
          tree.add(n) { key in
            PathKey.appendLabel(actionBytes, to: &key)
            key.append(PathKey.separator)
            clients.keys.withBytes(Int32(client)) { PathKey.appendLabel(repairing: $0, to: &key) }
          }
        }
      }
    }
    self = PassCounts()
  }
}

// MARK: Aggregate file

extension PassCounts: AggregateCodable {
  /// Per action (by name), its clients with a count, as ascending canonical ids of
  /// `PostscreenConnections.perIP` (a shared table).
  func encode(to out: inout AggregateWriter) {
    let rank = out.canonical[.postscreenClients]
    let byName = actions.indices.sorted { actions[$0] < actions[$1] }
    out.list(byName) { out, a in
      out.string(actions[a])
      let clients = counts[a].indices.filter { counts[a][$0] > 0 }.map { (id: rank[$0], n: counts[a][$0]) }.sorted { $0.id < $1.id }
      out.ascending(clients.map { UInt64($0.id) })
      for c in clients { out.count(c.n) }
    }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init()
    let n = try input.length(minimumBytes: 2)
    for _ in 0..<n {
      let action = try input.string()
      if let last = actions.last, !(last < action) { throw input.failure("postscreen actions out of order") }
      let clients = try input.ascending()
      guard clients.allSatisfy({ $0 < UInt64(input.sizes[.postscreenClients]) }) else {
        throw input.failure("a postscreen client id out of range")
      }
      var row = [Int](repeating: 0, count: clients.last.map { Int($0) + 1 } ?? 0)
      for c in clients {
        let count = try input.count()
        guard count > 0 else { throw input.failure("a postscreen pass count of 0") }
        row[Int(c)] = count
      }
      actions.append(action)
      counts.append(row)
    }
  }
}
