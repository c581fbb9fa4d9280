/// Writes the payload of an aggregate file: unsigned LEB128 varints, zigzag for signed values,
/// length-prefixed bytes. The format has no field names or tags: each part of a `Summary`
/// writes its fields in a fixed order and reads them back in the same order
/// (`AggregateCodable`), so a new field is one line on each side and a format version
/// (docs/AGGREGATE.md).
///
/// Ids of the tables that several sections refer to are written in their canonical form
/// (`SharedTable`: ids in byte order of the keys), so that the same input gives the same bytes
/// however it was split across threads.
struct AggregateWriter {
  private(set) var bytes: [UInt8] = []
  /// Per shared table, its ids' canonical ids (`SharedTable`).
  var canonical = SharedTable.Translation()

  init(capacity: Int = 1 << 16) {
    bytes.reserveCapacity(capacity)
  }

  @inline(__always)
  mutating func uint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  /// A signed value, zigzag-coded (small magnitudes of either sign are short).
  @inline(__always)
  mutating func int(_ value: Int64) {
    uint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
  }

  /// A value read back by `AggregateReader.number(in:_:)` (zigzag: either sign).
  @inline(__always)
  mutating func number(_ value: Int) { int(Int64(value)) }

  /// A count, a length or a size: never negative.
  @inline(__always)
  mutating func count(_ value: Int) {
    precondition(value >= 0, "a count is never negative")
    uint(UInt64(value))
  }

  /// An amount added up with saturation (bytes, delays, durations).
  @inline(__always)
  mutating func amount(_ value: Int64) { int(value) }

  mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

  @inline(__always)
  mutating func byte(_ value: UInt8) { bytes.append(value) }

  /// Raw bytes with their length first.
  mutating func bytes(_ value: some Collection<UInt8>) {
    count(value.count)
    bytes.append(contentsOf: value)
  }

  mutating func string(_ value: String) { bytes(Array(value.utf8)) }

  /// Bytes with no length (the reader knows how many).
  mutating func raw(_ value: some Collection<UInt8>) { bytes.append(contentsOf: value) }

  /// An id of a shared table, in its canonical form.
  @inline(__always)
  mutating func id(_ id: Int32, _ table: SharedTable) {
    uint(UInt64(canonical[table][Int(id)]))
  }

  /// An id of a shared table or a negative "none" (written as 0; ids as id + 1).
  @inline(__always)
  mutating func optionalID(_ id: Int32, _ table: SharedTable) {
    uint(id < 0 ? 0 : UInt64(canonical[table][Int(id)]) + 1)
  }

  /// A queue id or key that may be empty (a hand-off's `queued as` that named none): a flag,
  /// then the key.
  mutating func optionalKey(_ key: ByteKey) {
    bool(!key.isEmpty)
    if !key.isEmpty { key.encode(to: &self) }
  }

  /// A list, its length first.
  mutating func list<T>(_ items: some Collection<T>, _ write: (inout AggregateWriter, T) -> Void) {
    count(items.count)
    for item in items { write(&self, item) }
  }

  /// Ascending unsigned values (a sorted set), each as its distance from the one before.
  mutating func ascending(_ sorted: [UInt64]) {
    count(sorted.count)
    var previous: UInt64 = 0
    for (i, v) in sorted.enumerated() {
      assert(i == 0 || v > previous, "a set is written in ascending order")
      uint(i == 0 ? v : v - previous)
      previous = v
    }
  }

  /// A dictionary in ascending key order, so that equal tables give equal bytes.
  mutating func sorted<K: Comparable, V>(
    _ table: [K: V], key: (inout AggregateWriter, K) -> Void, value: (inout AggregateWriter, V) -> Void
  ) {
    count(table.count)
    for k in table.keys.sorted() {
      key(&self, k)
      value(&self, table[k]!)  // Safe: a key of the table.
    }
  }

  /// A set in ascending order.
  mutating func sortedSet<T: Comparable>(_ set: some Collection<T>, _ write: (inout AggregateWriter, T) -> Void) {
    list(set.sorted(), write)
  }

  /// Ascending packed pairs (`SubmitterSection.pair`, `ClientAttempts`' pairs) with both ids
  /// translated by `first` and `second`, then sorted: a set of pairs of canonical ids.
  /// (Radix-sorted: a week's who is sending saves millions of pairs.)
  mutating func pairs(_ packed: some Sequence<UInt64>, first: [Int32], second: [Int32]) {
    var translated = packed.map { p in
      UInt64(UInt32(bitPattern: first[Int(p >> 32)])) << 32 | UInt64(UInt32(bitPattern: second[Int(p & 0xFFFF_FFFF)]))
    }
    RadixSort.sort(&translated)
    ascending(translated)
  }

  /// Histories kept for an earlier shard (a message's events, a connection's ends), in the order
  /// their keys first appeared: the order they are replayed in.
  mutating func kept<K, E>(
    _ order: [K], _ table: [K: [E]], key: (inout AggregateWriter, K) -> Void, item: (inout AggregateWriter, E) -> Void
  ) {
    list(order) { out, k in
      key(&out, k)
      out.list(table[k] ?? [], item)
    }
  }

  /// `pairs` of a `PairSet`.
  mutating func pairs(_ table: PairSet, first: [Int32], second: [Int32]) {
    var packed: [UInt64] = []
    packed.reserveCapacity(table.count)
    table.forEach { key, _ in packed.append(key) }
    pairs(packed, first: first, second: second)
  }

  mutating func encode(_ value: some AggregateCodable) { value.encode(to: &self) }
}
