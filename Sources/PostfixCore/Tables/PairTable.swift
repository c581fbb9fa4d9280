/// Packed pairs of ids (two `Int32`s ≥ 0 in a `UInt64`, see `SubmitterSection.pair`) in an
/// open-addressing table, with a `UInt64` added up per pair: the sets and counts of "who is
/// sending", where Swift's `Set` and `Dictionary` spent more time seeding and hashing than the
/// counting did (BENCHMARKS.md). Used as a set, the values are ignored.
///
/// Contract: `add` and `insert` are the only writes; `count` is the number of distinct pairs;
/// `forEach` visits every pair once with its total, in an order that depends on the insertion
/// history (callers sort or only add up). Keys must be pairs of non-negative ids: the empty
/// slot is `UInt64.max`, which no such pair is. A set (`counting: false`) keeps no values:
/// `add` is for counting tables only, and `forEach` gives a set's pairs a total of zero.
struct PairTable: Sendable {
  private var keys: [UInt64] = []
  private var values: [UInt64] = []
  private(set) var count = 0
  private var shift: UInt64 = 64
  /// Whether a total is kept per pair.
  let counting: Bool

  init(counting: Bool) { self.counting = counting }

  private static let empty = UInt64.max

  /// Adds `value` to `key`'s total (a new key starts at zero).
  @inline(__always)
  mutating func add(_ key: UInt64, _ value: UInt64) {
    assert(counting, "add on a set")
    let slot = findOrInsert(key)
    values[slot] &+= value
  }

  /// Puts `key` in the set; whether it was new.
  @inline(__always)
  @discardableResult
  mutating func insert(_ key: UInt64) -> Bool {
    let before = count
    _ = findOrInsert(key)
    return count > before
  }

  func contains(_ key: UInt64) -> Bool { slot(of: key) != nil }

  /// `key`'s total (zero in a set), nil when the pair is not here.
  subscript(key: UInt64) -> UInt64? { slot(of: key).map { counting ? values[$0] : 0 } }

  private func slot(of key: UInt64) -> Int? {
    guard !keys.isEmpty else { return nil }
    var slot = home(key)
    while true {
      let k = keys[slot]
      if k == key { return slot }
      if k == Self.empty { return nil }
      slot = (slot + 1) & (keys.count - 1)
    }
  }

  /// Every pair and its total.
  func forEach(_ body: (UInt64, UInt64) throws -> Void) rethrows {
    for slot in keys.indices where keys[slot] != Self.empty { try body(keys[slot], counting ? values[slot] : 0) }
  }

  /// Every pair of `other` (of the same kind), translated, added here.
  ///
  /// Room for all of them is made first: `other` is visited in its slot order, which is the
  /// order of its keys' hashes, and the translation is often the identity (a first merge, the
  /// ids both sides share); inserted in hash order into a table with fewer slots, keys would
  /// pile into ever longer runs of occupied slots (linear probing's clustering) and the merge
  /// would grow quadratic.
  mutating func addAll(_ other: PairTable, translating: (UInt64) -> UInt64) {
    reserve(count + other.count)
    if counting { other.forEach { add(translating($0), $1) } } else { other.forEach { key, _ in insert(translating(key)) } }
  }

  // MARK: Open addressing

  /// Fibonacci hashing: the pair's bits multiplied, the top bits taken.
  @inline(__always)
  private func home(_ key: UInt64) -> Int { Self.home(key, shift: shift) }

  @inline(__always)
  private static func home(_ key: UInt64, shift: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

  @inline(__always)
  private mutating func findOrInsert(_ key: UInt64) -> Int {
    if !Self.fits(count + 1, in: keys.count) { grow() }
    var slot = home(key)
    while true {
      let k = keys[slot]
      if k == key { return slot }
      if k == Self.empty {
        keys[slot] = key
        count += 1
        return slot
      }
      slot = (slot + 1) & (keys.count - 1)
    }
  }

  /// Makes room for `total` pairs without growing on the way.
  mutating func reserve(_ total: Int) {
    var capacity = max(16, keys.count)
    while !Self.fits(total, in: capacity) { capacity *= 2 }
    if capacity > keys.count { rehash(capacity: capacity) }
  }

  /// Whether `count` pairs fit in `capacity` slots: up to 7/8 full. The sets are hundreds of
  /// thousands of pairs; at 3/4 a set just past a power of two's 3/4 sat in twice the slots.
  @inline(__always)
  private static func fits(_ count: Int, in capacity: Int) -> Bool { count * 8 <= capacity * 7 }

  private mutating func grow() { rehash(capacity: max(16, keys.count * 2)) }

  private mutating func rehash(capacity: Int) {
    let oldKeys = keys
    let oldValues = values
    var newKeys = [UInt64](repeating: Self.empty, count: capacity)
    var newValues = counting ? [UInt64](repeating: 0, count: capacity) : []
    let shift = UInt64(64 - capacity.trailingZeroBitCount)
    // Every key is known to be distinct and to fit: each goes to the first empty slot from its
    // home, with no look for itself and no check for room (a table grows a dozen times and more).
    let mask = capacity - 1
    let counting = self.counting
    newKeys.withUnsafeMutableBufferPointer { to in
      newValues.withUnsafeMutableBufferPointer { toValues in
        for slot in oldKeys.indices where oldKeys[slot] != Self.empty {
          let key = oldKeys[slot]
          var s = Self.home(key, shift: shift)
          while to[s] != Self.empty { s = (s + 1) & mask }
          to[s] = key
          if counting { toValues[s] = oldValues[slot] }
        }
      }
    }
    keys = newKeys
    values = newValues
    self.shift = shift
  }

  /// Every key sits at or after its home slot with no empty slot between: what `contains`
  /// relies on. For `TableInvariantTests` and the debug check after merges.
  func invariantsHold() -> Bool {
    guard !keys.isEmpty else { return count == 0 }
    var seen = 0
    for slot in keys.indices where keys[slot] != Self.empty {
      seen += 1
      var probe = home(keys[slot])
      while probe != slot {
        if keys[probe] == Self.empty { return false }
        probe = (probe + 1) & (keys.count - 1)
      }
    }
    return seen == count
  }
}
