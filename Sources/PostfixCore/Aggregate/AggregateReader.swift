import ReportModel

/// Reads what `AggregateWriter` wrote, trusting nothing: every length is checked against the
/// bytes that remain before anything is allocated for it, every id against the table it names,
/// every set and table for ascending keys (so no key repeats), and the counters against a
/// budget (`countBudget`) that keeps every sum the report and later merges make from
/// overflowing. A file that breaks any of these throws `AggregateError`; nothing traps, now or
/// later in a merge or a report.
struct AggregateReader {
  private let data: [UInt8]
  private(set) var position: Int
  private let end: Int
  /// Per shared table, how many ids it has (set when the table is read; ids of a table not
  /// read yet are out of range).
  var sizes = SharedTable.Sizes()
  /// What the counters read so far add up to. Each is at most `countBudget`, and so is their
  /// sum: the report adds up counters of one file (a tree's total, a day's columns), and a
  /// merge adds those of many files, so that a sum of thousands of files stays far from 2^63.
  private var counted: UInt64 = 0
  static let countBudget: UInt64 = 1 << 50

  /// Which part of the file this reads, for messages.
  private let part: String

  init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, part: String = "payload") {
    data = bytes
    position = start
    self.end = end ?? bytes.count
    self.part = part
  }

  var remaining: Int { end - position }
  var isAtEnd: Bool { position == end }

  /// An error naming where it was found.
  func failure(_ what: String) -> AggregateError {
    AggregateError("corrupt aggregate: \(what) (at byte \(position) of the \(part))")
  }

  @inline(__always)
  mutating func uint() throws(AggregateError) -> UInt64 {
    try bulk { bytes, offset throws(BulkProblem) in try Self.varint(bytes, &offset) }
  }

  /// Why `bulk`'s reading stopped: turned into an `AggregateError` at the place it stopped.
  struct BulkProblem: Error {
    let what: String
  }

  /// Calls `body` with every byte up to the end of the part and the offset of the first unread
  /// one, which `body` moves past what it reads: for decoders of bulk data (a table's hundreds
  /// of thousands of keys) that must not pay an array access and a retained slice per byte or
  /// key. The same checks are theirs to make (`varint`).
  mutating func bulk<R>(_ body: (UnsafeBufferPointer<UInt8>, inout Int) throws(BulkProblem) -> R) throws(AggregateError) -> R {
    var offset = position
    let end = self.end
    let result: Result<R, BulkProblem> = data.withUnsafeBufferPointer { all in
      let bytes = UnsafeBufferPointer(rebasing: all[..<end])
      do throws(BulkProblem) { return .success(try body(bytes, &offset)) } catch { return .failure(error) }
    }
    position = offset
    switch result {
    case .success(let value): return value
    case .failure(let problem): throw failure(problem.what)
    }
  }

  /// An unsigned LEB128 varint at `offset` of `bytes`, in its shortest form (`uint`, and
  /// decoders reading through `bulk`).
  @inline(__always)
  static func varint(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) throws(BulkProblem) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard offset < bytes.count else { throw BulkProblem(what: "truncated") }
      let b = bytes[offset]
      offset += 1
      if shift == 63 && b > 1 { throw BulkProblem(what: "a number too large") }
      value |= UInt64(b & 0x7F) << shift
      if b < 0x80 {
        if b == 0 && shift > 0 { throw BulkProblem(what: "a number not in its shortest form") }
        return value
      }
      shift += 7
    }
  }

  mutating func int() throws(AggregateError) -> Int64 {
    let z = try uint()
    return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
  }

  /// A counter: counts toward `countBudget`.
  @inline(__always)
  mutating func count() throws(AggregateError) -> Int {
    let v = try uint()
    counted &+= v
    guard v <= Self.countBudget, counted <= Self.countBudget else { throw failure("counts too large") }
    return Int(v)
  }

  /// A 32-bit counter.
  mutating func count32() throws(AggregateError) -> Int32 {
    let v = try count()
    guard v <= Int(Int32.max) else { throw failure("a count too large") }
    return Int32(v)
  }

  /// An amount that saturates rather than overflows wherever it is added up (bytes, delays,
  /// durations): any value.
  mutating func amount() throws(AggregateError) -> Int64 { try int() }

  /// A number in `range` (a width, an hour, a small enum).
  mutating func number(in range: ClosedRange<Int>, _ what: String) throws(AggregateError) -> Int {
    let v = try int()
    guard v >= Int64(range.lowerBound), v <= Int64(range.upperBound) else { throw failure("\(what) \(v) out of range") }
    return Int(v)
  }

  /// How many items follow, each at least `minimumBytes` long: checked against what remains
  /// before the caller allocates for them.
  mutating func length(minimumBytes: Int = 1) throws(AggregateError) -> Int {
    let n = try uint()
    guard n <= UInt64(remaining / max(1, minimumBytes)) else { throw failure("a length of \(n) past the end") }
    return Int(n)
  }

  mutating func bool() throws(AggregateError) -> Bool {
    guard position < end else { throw failure("truncated") }
    let b = data[position]
    position += 1
    guard b <= 1 else { throw failure("a flag that is neither 0 nor 1") }
    return b == 1
  }

  /// Length-prefixed bytes.
  mutating func bytes() throws(AggregateError) -> ArraySlice<UInt8> {
    let n = try length()
    return try raw(n)
  }

  /// `n` bytes with no length.
  mutating func raw(_ n: Int) throws(AggregateError) -> ArraySlice<UInt8> {
    guard n >= 0, n <= remaining else { throw failure("truncated") }
    defer { position += n }
    return data[position..<(position + n)]
  }

  mutating func string() throws(AggregateError) -> String {
    String(decoding: try bytes(), as: UTF8.self)
  }

  /// An id of a shared table (read before this).
  @inline(__always)
  mutating func id(_ table: SharedTable) throws(AggregateError) -> Int32 {
    let v = try uint()
    guard v < UInt64(sizes[table]) else { throw failure("\(table) id \(v) out of range (\(sizes[table]) known)") }
    return Int32(v)
  }

  /// `AggregateWriter.optionalID`: -1 for none.
  @inline(__always)
  mutating func optionalID(_ table: SharedTable) throws(AggregateError) -> Int32 {
    let v = try uint()
    if v == 0 { return -1 }
    guard v <= UInt64(sizes[table]) else { throw failure("\(table) id \(v - 1) out of range (\(sizes[table]) known)") }
    return Int32(v - 1)
  }

  /// `AggregateWriter.optionalKey`: the empty key for none.
  mutating func optionalKey() throws(AggregateError) -> ByteKey {
    try bool() ? try ByteKey(decoding: &self) : ByteKey()
  }

  /// A list written by `AggregateWriter.list`, each item at least `minimumBytes` long.
  mutating func list<T>(minimumBytes: Int = 1, _ read: (inout AggregateReader) throws(AggregateError) -> T)
    throws(AggregateError) -> [T]
  {
    let n = try length(minimumBytes: minimumBytes)
    var items: [T] = []
    items.reserveCapacity(n)
    for _ in 0..<n { items.append(try read(&self)) }
    return items
  }

  /// A sorted set written by `AggregateWriter.ascending`: strictly ascending, so no value repeats.
  mutating func ascending() throws(AggregateError) -> [UInt64] {
    let n = try length()
    // One pass over the bytes (`bulk`): a day's restarted queue ids are one per message.
    return try bulk { bytes, offset throws(BulkProblem) in
      var values: [UInt64] = []
      values.reserveCapacity(n)
      var previous: UInt64 = 0
      for i in 0..<n {
        let d = try Self.varint(bytes, &offset)
        if i > 0 {
          guard d > 0 else { throw BulkProblem(what: "a value repeated in a set") }
          let (v, overflow) = previous.addingReportingOverflow(d)
          guard !overflow else { throw BulkProblem(what: "a set value too large") }
          previous = v
        } else {
          previous = d
        }
        values.append(previous)
      }
      return values
    }
  }

  /// A dictionary written by `AggregateWriter.sorted`: keys strictly ascending (so none repeats).
  mutating func sorted<K: Comparable & Hashable, V>(
    minimumBytes: Int = 2, key: (inout AggregateReader) throws(AggregateError) -> K,
    value: (inout AggregateReader) throws(AggregateError) -> V
  ) throws(AggregateError) -> [K: V] {
    let n = try length(minimumBytes: minimumBytes)
    var table: [K: V] = [:]
    table.reserveCapacity(n)
    var previous: K?
    for _ in 0..<n {
      let k = try key(&self)
      if let p = previous, !(p < k) { throw failure("table keys out of order") }
      previous = k
      table[k] = try value(&self)
    }
    return table
  }

  /// A set written by `AggregateWriter.sortedSet`: strictly ascending.
  mutating func sortedSet<T: Comparable & Hashable>(
    minimumBytes: Int = 1, _ read: (inout AggregateReader) throws(AggregateError) -> T
  ) throws(AggregateError) -> Set<T> {
    let items = try list(minimumBytes: minimumBytes, read)
    for k in items.indices.dropFirst() where !(items[k - 1] < items[k]) { throw failure("a set out of order") }
    return Set(items)
  }

  /// Pairs written by `AggregateWriter.pairs`, the first id below `first`, the second below
  /// `second`.
  mutating func pairs(first: Int, second: Int) throws(AggregateError) -> [UInt64] {
    let values = try ascending()
    for p in values where p >> 32 >= UInt64(first) || p & 0xFFFF_FFFF >= UInt64(second) {
      throw failure("a pair of ids out of range")
    }
    return values
  }

  /// Histories written by `AggregateWriter.kept`: each key once.
  mutating func kept<K: Hashable, E>(
    key: (inout AggregateReader) throws(AggregateError) -> K, item: (inout AggregateReader) throws(AggregateError) -> E
  ) throws(AggregateError) -> (table: [K: [E]], order: [K]) {
    // A key and the length of its list: two bytes at least.
    let n = try length(minimumBytes: 2)
    // Sized once (`length` checked n against the bytes left): grown by doubling, a day's
    // histories kept for the day before held up to twice their room while days were merged.
    var table: [K: [E]] = Dictionary(minimumCapacity: n)
    var order: [K] = []
    order.reserveCapacity(n)
    for _ in 0..<n {
      let k = try key(&self)
      guard table[k] == nil else { throw failure("a history kept twice") }
      table[k] = try list(item)
      order.append(k)
    }
    return (table, order)
  }

  mutating func decode<T: AggregateCodable>(_: T.Type = T.self) throws(AggregateError) -> T {
    try T(decoding: &self)
  }
}
