/// Counters keyed by byte strings: a `SymbolTable` for the keys and a plain array of values,
/// indexed by the key's id. The sender, recipient and domain tables are these: one cheap hash
/// of the line's bytes per update, no `String` per line, and about 50 bytes per key.
struct KeyedTable<Value: Addable & Sendable>: Sendable {
  private(set) var keys = SymbolTable()
  private(set) var values: [Value] = []

  /// The id of `key`, adding it (with a zero value) when new.
  @inline(__always)
  mutating func id(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
    let id = keys.intern(key)
    if Int(id) == values.count { values.append(Value.zero) }
    return id
  }

  mutating func id(_ key: String) -> Int32 {
    var k = key
    return k.withUTF8 { id($0) }
  }

  subscript(id: Int32) -> Value {
    @inline(__always) get { values[Int(id)] }
    @inline(__always) _modify { yield &values[Int(id)] }
  }

  var count: Int { values.count }

  /// `body` on the value of `id` where it lies: for a value too large for the subscript's
  /// accessor to be inlined (who is sending's counts, 48 bytes: the array's modify accessor was
  /// a call, and a coroutine, per status; BENCHMARKS.md).
  @inline(__always)
  mutating func update<R>(_ id: Int32, _ body: (inout Value) -> R) -> R {
    let i = Int(id)
    precondition(i >= 0 && i < values.count, "an id of another table")
    return values.withUnsafeMutableBufferPointer { body(&$0[i]) }
  }

  /// For a table only read by id from now on (see `SymbolTable.dropIndex`).
  mutating func dropIndex() { keys.dropIndex() }

  /// One value per key, and the keys' own contract (see `SymbolTable.invariantsHold`).
  func invariantsHold() -> Bool {
    values.count == keys.count && keys.invariantsHold()
  }

  /// Adds every entry of `other`; returns, for each id of `other`, its id here (to translate
  /// events that refer to `other`'s ids).
  @discardableResult
  mutating func mergeAdding(_ other: KeyedTable) -> [Int32] {
    // Into an empty table, the keys keep their ids and the values are `other`'s (`internAll`).
    if count == 0 {
      self = other
      return Array(0..<Int32(other.count))
    }
    let remap = keys.internAll(other.keys)
    values.append(contentsOf: repeatElement(Value.zero, count: keys.count - values.count))
    for (i, mine) in remap.enumerated() { values[Int(mine)] += other.values[i] }
    return remap
  }

  /// The same keys, every value zero.
  func withZeroValues() -> KeyedTable {
    var copy = self
    copy.values = Array(repeating: Value.zero, count: values.count)
    return copy
  }

  /// How many entries `include` accepts.
  func count(where include: (Value) -> Bool) -> Int {
    var n = 0
    for v in values where include(v) { n += 1 }
    return n
  }

  /// The entries as (key, value), in id order, for the report.
  func entries(where include: (Value) -> Bool = { _ in true }) -> [(key: String, value: Value)] {
    var out: [(key: String, value: Value)] = []
    out.reserveCapacity(values.count)
    for i in 0..<values.count where include(values[i]) {
      out.append((keys.string(Int32(i)), values[i]))
    }
    return out
  }
}

extension KeyedTable where Value: Equatable {
  /// Adds the values of `other` (a table of other keys) here: `remap[i]` is the id here of
  /// `other`'s key `i` (as `mergeAdding` returned it). Zero values are skipped.
  mutating func addValues(of other: KeyedTable, remap: [Int32]) {
    for (i, v) in other.values.enumerated() where v != Value.zero { values[Int(remap[i])] += v }
  }
}

extension KeyedTable {
  /// The id of an address with its domain part lower-cased (pflogsumm's `s/(@.+)/\L$1/`),
  /// copying the bytes only when the domain has capitals.
  @inline(__always)
  mutating func idLoweringDomain(_ a: UnsafeBufferPointer<UInt8>) -> Int32 {
    idLoweringDomainIfNeeded(a).id
  }

  /// `idLoweringDomain`, and whether the key is `a` byte for byte (nothing was lowered).
  @inline(__always)
  mutating func idLoweringDomainIfNeeded(_ a: UnsafeBufferPointer<UInt8>) -> (id: Int32, keyIsAddress: Bool) {
    guard AddressRules.domainHasCapitals(a) else { return (id(a), true) }
    return (AddressRules.lowercasingDomain(Array(a)).withUnsafeBufferPointer { id($0) }, false)
  }
}

// MARK: Aggregate file

extension KeyedTable where Value: AggregateCodable {
  /// The keys in `order` (`SymbolTable.idsInByteOrder`), then their values in the same order.
  func encode(inOrder order: [Int32], to out: inout AggregateWriter) {
    keys.encode(inOrder: order, to: &out)
    for id in order { values[Int(id)].encode(to: &out) }
  }
}

extension KeyedTable: AggregateCodable where Value: AggregateCodable {
  func encode(to out: inout AggregateWriter) { encode(inOrder: keys.idsInByteOrder(), to: &out) }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    keys = try SymbolTable(decoding: &input)
    // Each value takes a byte at least.
    guard keys.count <= input.remaining else { throw input.failure("values past the end") }
    values.reserveCapacity(keys.count)
    for _ in 0..<keys.count { values.append(try Value(decoding: &input)) }
  }
}
