/// Values by `ByteKey`, read and changed where they lie: the content-filter records
/// (`FilterHops.records`).
///
/// A dictionary's subscript hands out a copy of the whole value on every read and takes one
/// back on every write; for a large value with arrays in it (a record holds two sides, keys and
/// three arrays) those copies cost far more than the lookup. Here each value lies in a slot of
/// an array and the keys index the slots: a caller looks a key up once (`slot(forKey:)`) and
/// then reads or changes the value where it lies (`self[slot]`).
///
/// Contract: as a `[ByteKey: Value]` — `self[key]` gets a copy, sets, and removes when set to
/// nil; `self[key, default:]` inserts; `count`, `keys`, iteration — with these differences:
/// - a `Slot` names its key's value until that key is removed: inserting or removing other keys
///   never moves a value (a removed key's slot is reused by a later insertion);
/// - iteration (and `slots`, `keys`) is in an unspecified order: callers sort or only add up;
/// - a free slot holds `Value()` (nothing of a removed value is kept alive).
struct KeyedSlots<Value: BlankSlotValue>: Sendable, Sequence {
  struct Slot: Sendable, Equatable {
    fileprivate var index: Int
  }

  private var index: [ByteKey: Int32] = [:]
  /// The key of each slot; nil in a free one.
  private var slotKeys: [ByteKey?] = []
  private var values: [Value] = []
  private var free: [Int32] = []

  init() {}

  init(_ dictionary: [ByteKey: Value]) {
    for (key, value) in dictionary { self[key] = value }
  }

  var count: Int { index.count }
  var isEmpty: Bool { index.isEmpty }

  // MARK: By slot

  @inline(__always)
  func slot(forKey key: ByteKey) -> Slot? {
    guard let i = index[key] else { return nil }
    return Slot(index: Int(i))
  }

  /// The slot of `key`, holding `value()` if the key was not there.
  mutating func slot(forKey key: ByteKey, inserting value: @autoclosure () -> Value) -> Slot {
    if let i = index[key] { return Slot(index: Int(i)) }
    let i: Int32
    if let reused = free.popLast() {
      i = reused
      slotKeys[Int(i)] = key
      values[Int(i)] = value()
    } else {
      i = Int32(values.count)
      slotKeys.append(key)
      values.append(value())
    }
    index[key] = i
    return Slot(index: Int(i))
  }

  /// The value in a slot, in place. Addressors, not `get`/`_read`: the optimizer reads a field
  /// through an address without copying the rest of the value, where an array's getter (or a
  /// `_read` that is not inlined) copies the whole of it first. The address is the array's
  /// element's: valid while the access lasts, since nothing can change `values` meanwhile (the
  /// access to the table is exclusive), and the mutable one is taken after the array is made
  /// unique. (`_read { yield values[i] }` and `_modify { yield &values[i] }`, inlined, copied
  /// the records all the same: +42 M instructions on the bench sample with who is sending.)
  /// A slot from another table would read past the end: checked, as an array's index is.
  subscript(slot: Slot) -> Value {
    @inline(__always) unsafeAddress {
      precondition(slot.index < values.count, "a slot of another table")
      return values.withUnsafeBufferPointer { $0.baseAddress! } + slot.index
    }
    @inline(__always) unsafeMutableAddress {
      precondition(slot.index < values.count, "a slot of another table")
      return values.withUnsafeMutableBufferPointer { $0.baseAddress! } + slot.index
    }
  }

  func key(at slot: Slot) -> ByteKey { slotKeys[slot.index]! }  // Safe: a slot in use has a key.

  /// Removes the slot's key and value; the slot is free for a later insertion.
  @discardableResult
  mutating func remove(at slot: Slot) -> Value {
    index[slotKeys[slot.index]!] = nil  // Safe: as above.
    slotKeys[slot.index] = nil
    free.append(Int32(slot.index))
    var value = Value()
    swap(&value, &values[slot.index])
    return value
  }

  /// The slots in use, as they are now (the caller may change the table while it walks them).
  var slots: [Slot] {
    var used: [Slot] = []
    used.reserveCapacity(index.count)
    for i in slotKeys.indices where slotKeys[i] != nil { used.append(Slot(index: i)) }
    return used
  }

  // MARK: By key

  /// A copy of the whole value (to read a few fields, look its slot up and read `self[slot]`).
  subscript(key: ByteKey) -> Value? {
    get { slot(forKey: key).map { values[$0.index] } }
    set {
      if let newValue, let i = index[key] {
        values[Int(i)] = newValue
      } else if let newValue {
        _ = slot(forKey: key, inserting: newValue)
      } else {
        removeValue(forKey: key)
      }
    }
  }

  subscript(key: ByteKey, default value: @autoclosure () -> Value) -> Value {
    get { self[key] ?? value() }
    _modify {
      let s = slot(forKey: key, inserting: value())
      yield &self[s]
    }
  }

  @discardableResult
  mutating func removeValue(forKey key: ByteKey) -> Value? {
    slot(forKey: key).map { remove(at: $0) }
  }

  var keys: [ByteKey] { slotKeys.compactMap { $0 } }

  var dictionary: [ByteKey: Value] {
    Dictionary(uniqueKeysWithValues: lazy.map { ($0.key, $0.value) })
  }

  // MARK: Iteration

  struct Iterator: IteratorProtocol {
    fileprivate let table: KeyedSlots
    fileprivate var position = 0

    mutating func next() -> (key: ByteKey, value: Value)? {
      while position < table.values.count {
        defer { position += 1 }
        if let key = table.slotKeys[position] { return (key, table.values[position]) }
      }
      return nil
    }
  }

  func makeIterator() -> Iterator { Iterator(table: self) }

  /// Every key indexes a slot that names it back; the rest are the free slots.
  func invariantsHold() -> Bool {
    index.allSatisfy { key, i in slotKeys[Int(i)] == key }
      && free.allSatisfy { slotKeys[Int($0)] == nil }
      && index.count + free.count == values.count && slotKeys.count == values.count
  }
}

/// A value `KeyedSlots` can hold: `init()` is what a free slot holds.
protocol BlankSlotValue: Sendable {
  init()
}
