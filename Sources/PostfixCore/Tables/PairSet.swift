/// A set of packed (owner, item) pairs of non-negative ids (`SubmitterSection.pair`: a
/// submitter and a recipient, domain, sender or client id) that keeps each item's first owner
/// in an array indexed by the item's id, and only the pairs of its other owners in a hash
/// table (`PairTable`).
///
/// Why: most items have one owner (a login's recipients are its own), and a status's item is
/// usually the newest id of its table, so the array's slot is at its end, in cache; a hash
/// set put every pair at a random slot of a table of hundreds of thousands (a cache miss per
/// recipient status, the largest part of who is sending's parse; BENCHMARKS.md), and took
/// twice the memory.
///
/// Contract: that of a `PairTable` set — `insert` is the only write, `count` is the distinct
/// pairs, `forEach` visits each pair once in an unspecified order (callers sort or add up),
/// `addAll` merges with translated ids. Memory: 4 bytes per item id up to the largest paired.
struct PairSet: Sendable {
  /// Per item id, the owner of its first pair (`none`: no pair yet).
  private var firstOwner: [Int32] = []
  /// Pairs whose owner is not their item's first.
  private var others = PairTable(counting: false)
  /// Items with a first owner.
  private var owned = 0

  private static let none: Int32 = -1

  init() {}

  /// The distinct pairs.
  var count: Int { owned + others.count }

  /// Puts `key` in the set; whether it was new.
  @inline(__always)
  @discardableResult
  mutating func insert(_ key: UInt64) -> Bool {
    let owner = Int32(truncatingIfNeeded: key >> 32)
    let item = Int(UInt32(truncatingIfNeeded: key))
    if item >= firstOwner.count { extend(to: item) }
    let first = firstOwner[item]
    if first == owner { return false }
    if first == Self.none {
      firstOwner[item] = owner
      owned += 1
      return true
    }
    return others.insert(key)
  }

  func contains(_ key: UInt64) -> Bool {
    let item = Int(UInt32(truncatingIfNeeded: key))
    guard item < firstOwner.count, firstOwner[item] != Self.none else { return false }
    return firstOwner[item] == Int32(truncatingIfNeeded: key >> 32) || others.contains(key)
  }

  /// Every pair (the second argument is zero, as a `PairTable` set gives it).
  func forEach(_ body: (UInt64, UInt64) throws -> Void) rethrows {
    for (item, owner) in firstOwner.enumerated() where owner != Self.none {
      try body(UInt64(UInt32(bitPattern: owner)) << 32 | UInt64(item), 0)
    }
    try others.forEach(body)
  }

  /// Every pair of `other`, translated, added here. Room for its other owners' pairs is made
  /// first (`PairTable.addAll` says why: they come in hash order).
  mutating func addAll(_ other: PairSet, translating: (UInt64) -> UInt64) {
    others.reserve(others.count + other.others.count)
    other.forEach { key, _ in insert(translating(key)) }
  }

  /// Makes room for items with ids below `items` without growing on the way.
  mutating func reserve(items: Int) {
    if items > firstOwner.count { firstOwner += repeatElement(Self.none, count: items - firstOwner.count) }
  }

  /// Room up to `item` (ids come one at a time: the array grows by Swift's doubling).
  private mutating func extend(to item: Int) {
    while firstOwner.count <= item { firstOwner.append(Self.none) }
  }

  /// `owned` counts the first owners, and no pair is in both places.
  func invariantsHold() -> Bool {
    guard owned == firstOwner.count(where: { $0 != Self.none }), others.invariantsHold() else { return false }
    var overlap = false
    others.forEach { key, _ in
      let item = Int(UInt32(truncatingIfNeeded: key))
      if item >= firstOwner.count || firstOwner[item] == Self.none || firstOwner[item] == Int32(truncatingIfNeeded: key >> 32) {
        overlap = true
      }
    }
    return !overlap
  }
}
