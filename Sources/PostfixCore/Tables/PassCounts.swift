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
