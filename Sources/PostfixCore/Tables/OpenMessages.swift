/// The messages in flight: queue id → `MessageState`, looked up on every delivery, qmgr,
/// cleanup and pickup line.
///
/// An open-addressing table with linear probing whose slots hold the key and the state side by
/// side (72 bytes), so that a lookup usually touches one or two cache lines; `Dictionary` keeps
/// keys and values in separate arrays behind a bitmap, and went through its generic hashing and
/// uniqueness checks on each of the millions of lookups of a busy week. A slot whose key has
/// length 0 is empty (a queue id is never empty); removal shifts the following slots back, so
/// there are no tombstones. Iteration order is the slots' order: nothing that reads the table
/// depends on it (evictions sort, the rest only adds up).
struct OpenMessages: Sendable, Sequence {
  fileprivate struct Slot {
    var key: ByteKey
    var state: MessageState
  }

  private var slots: [Slot]
  private var mask: Int
  private(set) var count = 0
  /// Seeded per process, like `SymbolTable`'s hash, so that crafted queue ids cannot aim for
  /// collisions; a fixed seed for tests.
  private let seed: UInt64

  private static let emptySlot = Slot(key: ByteKey(), state: MessageState())
  private static let processSeed: UInt64 = {
    var g = SystemRandomNumberGenerator()
    return g.next()
  }()

  init(seed: UInt64 = OpenMessages.processSeed) {
    slots = Array(repeating: Self.emptySlot, count: 16)
    mask = 15
    self.seed = seed
  }

  @inline(__always)
  private func home(_ key: ByteKey) -> Int { Int(truncatingIfNeeded: key.tableHash(seed: seed)) & mask }

  var isEmpty: Bool { count == 0 }

  /// Where `key` is, if present: a position valid until the table next changes.
  @inline(__always)
  func index(forKey key: ByteKey) -> Int? {
    var i = home(key)
    while true {
      let k = slots[i].key
      if k.isEmpty { return nil }
      if k == key { return i }
      i = (i + 1) & mask
    }
  }

  /// The state at a position `index(forKey:)` returned.
  @inline(__always)
  func state(at i: Int) -> MessageState { slots[i].state }

  @inline(__always)
  mutating func setState(_ state: MessageState, at i: Int) { slots[i].state = state }

  subscript(key: ByteKey) -> MessageState? {
    get { index(forKey: key).map { slots[$0].state } }
    set {
      if let newValue {
        insert(key, newValue)
      } else if let i = index(forKey: key) {
        remove(at: i)
      }
    }
  }

  /// Sets `key`'s state, adding the key when new.
  mutating func insert(_ key: ByteKey, _ state: MessageState) {
    var i = home(key)
    while true {
      let k = slots[i].key
      if k.isEmpty { break }
      if k == key {
        slots[i].state = state
        return
      }
      i = (i + 1) & mask
    }
    slots[i] = Slot(key: key, state: state)
    count += 1
    // At most 5/8 full: linear probing stays short.
    if count * 8 > slots.count * 5 { resize(slots.count * 2) }
  }

  /// Removes the entry at a position `index(forKey:)` returned, shifting back the entries
  /// after it that probed past it (so that every entry stays reachable without tombstones).
  mutating func remove(at i: Int) {
    var hole = i
    var j = i
    while true {
      j = (j + 1) & mask
      let k = slots[j].key
      if k.isEmpty { break }
      // The entry at j may move into the hole unless its home lies cyclically in (hole, j].
      let h = home(k)
      let stays = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j)
      if !stays {
        slots[hole] = slots[j]
        hole = j
      }
    }
    slots[hole] = Self.emptySlot
    count -= 1
  }

  @discardableResult
  mutating func removeValue(forKey key: ByteKey) -> MessageState? {
    guard let i = index(forKey: key) else { return nil }
    let state = slots[i].state
    remove(at: i)
    return state
  }

  /// Adds `other`'s entries; for a key in both, `other`'s state wins.
  mutating func merge(_ other: OpenMessages) {
    for (key, state) in other { insert(key, state) }
  }

  /// Changes every state in place.
  mutating func updateStates(_ change: (inout MessageState) -> Void) {
    for i in slots.indices where !slots[i].key.isEmpty { change(&slots[i].state) }
  }

  /// The table's contract, checked in full (for `assert` in debug builds and for tests): a
  /// power-of-two slot array at most 5/8 full, `count` occupied slots, each key once and
  /// reachable from its home slot without crossing an empty one (what removal's shifting keeps).
  func invariantsHold() -> Bool {
    guard slots.count & (slots.count - 1) == 0, mask == slots.count - 1, count * 8 <= slots.count * 5 else { return false }
    var occupied = 0
    for (i, slot) in slots.enumerated() where !slot.key.isEmpty {
      occupied += 1
      guard index(forKey: slot.key) == i else { return false }
    }
    return occupied == count
  }

  var keys: [ByteKey] { map(\.key) }

  private mutating func resize(_ size: Int) {
    let old = slots
    slots = Array(repeating: Self.emptySlot, count: size)
    mask = size - 1
    for slot in old where !slot.key.isEmpty {
      var i = home(slot.key)
      while !slots[i].key.isEmpty { i = (i + 1) & mask }
      slots[i] = slot
    }
  }

  struct Iterator: IteratorProtocol {
    fileprivate let slots: [Slot]
    fileprivate var position = 0

    mutating func next() -> (key: ByteKey, value: MessageState)? {
      while position < slots.count {
        let slot = slots[position]
        position += 1
        if !slot.key.isEmpty { return (slot.key, slot.state) }
      }
      return nil
    }
  }

  func makeIterator() -> Iterator { Iterator(slots: slots) }
}

extension OpenMessages: ExpressibleByDictionaryLiteral {
  init(dictionaryLiteral elements: (ByteKey, MessageState)...) {
    self.init()
    for (key, state) in elements { insert(key, state) }
  }
}

// MARK: Aggregate file

extension OpenMessages: AggregateCodable {
  /// The entries by queue id (the slots' order depends on the process's seed).
  func encode(to out: inout AggregateWriter) {
    let entries = self.sorted { $0.key < $1.key }
    out.count(entries.count)
    for (key, state) in entries {
      key.encode(to: &out)
      state.encode(to: &out)
    }
  }

  /// Entries with distinct keys, ascending. Their `lastSeen` is 0: the summary sets it.
  init(decoding input: inout AggregateReader) throws(AggregateError) {
    let n = try input.length(minimumBytes: 4)
    self.init()
    var previous: ByteKey?
    for _ in 0..<n {
      let key = try ByteKey(decoding: &input)
      if let p = previous, !(p < key) { throw input.failure("queue ids out of order") }
      previous = key
      insert(key, try MessageState(decoding: &input))
    }
  }
}
