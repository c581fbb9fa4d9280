#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns byte strings: every distinct key gets a dense id (0, 1, 2 …) and its bytes are kept
/// once, in one arena. The hot path looks keys up straight from the log line's bytes — no
/// `String` is built and nothing is allocated unless the key is new — with a fast
/// word-at-a-time hash. Tables of counters are then plain arrays indexed by id, and merging two
/// shards is re-interning the later shard's keys (once per distinct key, not per line).
///
/// The hash is seeded per process, so crafted log lines cannot aim for collisions; output
/// never depends on ids or hash order (everything is sorted before it is shown).
struct SymbolTable: Sendable {
  /// All keys' bytes, back to back.
  private var arena: [UInt8] = []
  /// `starts[id] ..< starts[id + 1]` are the bytes of `id`: 32-bit offsets, half the memory of
  /// `Int`s for a table of a month's recipients (the arena stays under 4 GiB: `maximumBytes`).
  private var starts: [UInt32] = [0]
  /// Open addressing: per slot, the low 32 bits of the key's hash (high half) and its id + 1
  /// (low half); 0 for empty. With the hash in the slot, a probe touches a key's bytes only
  /// when the hashes agree, and growing needs no re-hashing: in a table of hundreds of
  /// thousands of recipients each of those touches is a cache miss.
  private var slots: [UInt64]
  private var mask: Int

  static let seed: UInt64 = {
    var g = SystemRandomNumberGenerator()
    return g.next() | 1
  }()

  init(capacity: Int = 64) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [UInt64](repeating: 0, count: size)
    mask = size - 1
  }

  var count: Int { starts.count - 1 }

  /// The bytes of all keys together.
  var byteCount: Int { arena.count }

  /// The id of `key`, adding it when new.
  @inline(__always)
  mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
    if slots.isEmpty { rebuildIndex() }
    return intern(key, hash: Self.hash(key))
  }

  /// `intern` with the key's hash already worked out.
  @inline(__always)
  private mutating func intern(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32 {
    let (i, found) = probe(key, h)
    if let found { return found }
    let id = count
    slots[i] = Self.slot(h, id)
    precondition(arena.count + key.count <= Self.maximumBytes, "symbol table too large")
    arena.append(contentsOf: key)
    starts.append(UInt32(truncatingIfNeeded: arena.count))
    if count * 4 > slots.count * 3 { grow() }
    return Int32(id)
  }

  mutating func intern(_ key: String) -> Int32 {
    var k = key
    return k.withUTF8 { intern($0) }
  }

  /// Interns every key of `other`; returns, for each id of `other`, its id here.
  ///
  /// The merge's largest step (hundreds of thousands of recipients, on one thread while the
  /// other waits), and nearly every key costs three cache misses one after the other: its slot,
  /// then the start of the key its slot names, then that key's bytes. So the keys go in batches:
  /// each step is first taken for the whole batch — loads that do not depend on each other, so
  /// their misses overlap — and the interning then finds everything in the cache.
  mutating func internAll(_ other: SymbolTable) -> [Int32] {
    // Into an empty table, every key would get the id it has in `other`: the table is `other`'s
    // (shared until either changes; its index rebuilt on the first lookup if it was dropped).
    // Every merge of saved days starts with one into an empty summary (`Summary.first`).
    if count == 0 {
      self = other
      return Array(0..<Int32(other.count))
    }
    if slots.isEmpty { rebuildIndex() }
    var ids = [Int32]()
    ids.reserveCapacity(other.count)
    // Room for every key of `other`, made before the keys go in. Grown geometrically, not to
    // the size needed: `reserveCapacity` copies the whole table each time it grows, and a merge
    // of a month's days added to the table 30 times. The room not yet used costs address space,
    // not memory (large blocks are mapped on their own, their pages touched as keys arrive).
    Self.reserve(&arena, arena.count + other.arena.count)
    Self.reserve(&starts, starts.count + other.count)
    let batch = 16
    var hashes = [UInt64](repeating: 0, count: batch)
    var warm: UInt64 = 0
    other.arena.withUnsafeBufferPointer { keyBytes in
      func key(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: keyBytes[other.range(id)])
      }
      var first = 0
      while first < other.count {
        let end = min(first + batch, other.count)
        for id in first..<end {
          let h = Self.hash(key(id))
          hashes[id - first] = h
          warm &+= slots[Int(truncatingIfNeeded: h) & mask]
        }
        for k in 0..<(end - first) {
          let s = slots[Int(truncatingIfNeeded: hashes[k]) & mask]
          if s != 0 { warm &+= UInt64(truncatingIfNeeded: starts[Int(s & 0xFFFF_FFFF) - 1]) }
        }
        for k in 0..<(end - first) {
          let s = slots[Int(truncatingIfNeeded: hashes[k]) & mask]
          if s != 0, case let start = Int(starts[Int(s & 0xFFFF_FFFF) - 1]), start < arena.count { warm &+= UInt64(arena[start]) }
        }
        for id in first..<end { ids.append(intern(key(id), hash: hashes[id - first])) }
        first = end
      }
    }
    warmth = warm
    return ids
  }

  /// Room for `needed` elements in `array`: at least half as much again as it had.
  private static func reserve<T>(_ array: inout [T], _ needed: Int) {
    if array.capacity < needed { array.reserveCapacity(Swift.max(needed, array.capacity + array.capacity / 2)) }
  }

  /// What `internAll`'s early loads read, kept so that they are not optimised away.
  private var warmth: UInt64 = 0

  /// The id of `key`, if present.
  func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
    if slots.isEmpty { return (0..<count).first { equals($0, key) }.map { Int32($0) } }
    return probe(key, Self.hash(key)).id
  }

  /// Drops the lookup index (a third of the table's memory), keeping the keys and their ids:
  /// for a table that is only read by id from now on (the report). A later lookup rebuilds it.
  mutating func dropIndex() {
    slots = []
    mask = 0
  }

  private mutating func rebuildIndex() {
    // Every id's slot value, placed as growing places them.
    slots = (0..<count).map { id in Self.slot(withBytes(Int32(id)) { Self.hash($0) }, id) }
    var size = 16
    while size < count * 2 { size <<= 1 }
    place(size: size)
  }

  /// A slot's value for `id`, whose key hashes to `h`.
  @inline(__always)
  private static func slot(_ h: UInt64, _ id: Int) -> UInt64 {
    (h << 32) | UInt64(id + 1)
  }

  /// The slot holding `key` (with hash `h`) and its id, or the empty slot where it would go.
  @inline(__always)
  private func probe(_ key: UnsafeBufferPointer<UInt8>, _ h: UInt64) -> (slot: Int, id: Int32?) {
    var i = Int(truncatingIfNeeded: h) & mask
    let tag = h << 32
    while true {
      let s = slots[i]
      if s == 0 { return (i, nil) }
      if s & 0xFFFF_FFFF_0000_0000 == tag {
        let id = Int(s & 0xFFFF_FFFF) - 1
        if equals(id, key) { return (i, Int32(id)) }
      }
      i = (i + 1) & mask
    }
  }

  /// The bytes of `id` in the arena.
  @inline(__always)
  private func range(_ id: Int) -> Range<Int> { Int(starts[id])..<Int(starts[id + 1]) }

  /// The most bytes all keys together may take (the key starts are 32-bit).
  static let maximumBytes = Int(UInt32.max)

  /// The key of `id` as a string (invalid UTF-8 becomes U+FFFD).
  func string(_ id: Int32) -> String {
    let r = range(Int(id))
    return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
  }

  /// Calls `body` with the key bytes of `id`.
  func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let r = range(Int(id))
    return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[r])) }
  }

  @inline(__always)
  private func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
    let s = Int(starts[id])
    let n = Int(starts[id + 1]) - s
    guard n == key.count else { return false }
    if n == 0 { return true }
    return arena.withUnsafeBufferPointer { a in
      memcmp(a.baseAddress! + s, key.baseAddress!, n) == 0  // Safe: n > 0, both non-empty.
    }
  }

  private mutating func grow() {
    place(size: slots.count * 2)
  }

  /// A new slot array of `size` (a power of two, at most 2^32: the slots keep 32 bits of
  /// each hash) holding every slot of the old one.
  private mutating func place(size: Int) {
    precondition(size <= 1 << 32, "symbol table too large")
    var newSlots = [UInt64](repeating: 0, count: size)
    let newMask = size - 1
    for s in slots where s != 0 {
      var i = Int(truncatingIfNeeded: s >> 32) & newMask
      while newSlots[i] != 0 { i = (i + 1) & newMask }
      newSlots[i] = s
    }
    slots = newSlots
    mask = newMask
  }

  /// The table's contract, checked in full (for `assert` in debug builds and for tests; it
  /// reads every key): key starts only grow and end at the arena's end; the index, unless
  /// dropped, is a power of two at most three quarters full, and holds exactly one slot per
  /// id, reachable from the key's home slot, with the key's hash in its high half.
  func invariantsHold() -> Bool {
    guard starts.first == 0, starts.last.map(Int.init) == arena.count else { return false }
    for k in 1..<starts.count where starts[k] < starts[k - 1] { return false }
    if slots.isEmpty { return mask == 0 }
    guard slots.count & (slots.count - 1) == 0, mask == slots.count - 1, count * 4 <= slots.count * 3 else { return false }
    guard slots.lazy.filter({ $0 != 0 }).count == count else { return false }
    for id in 0..<count {
      let found = withBytes(Int32(id)) { key in probe(key, Self.hash(key)).id }
      if found != Int32(id) { return false }
    }
    return true
  }

  /// A multiply–rotate hash over eight bytes at a time (in the style of rustc's FxHash),
  /// finished with a strong mix so that the low bits index well.
  @inline(__always)
  static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h = seed ^ UInt64(key.count)
    let k: UInt64 = 0x517c_c1b7_2722_0a95
    guard let base = key.baseAddress else { return mix(h) }
    let raw = UnsafeRawPointer(base)
    var i = 0
    let n = key.count
    while i + 8 <= n {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = ((h << 5) | (h >> 59)) ^ w
      h = h &* k
      i += 8
    }
    if i < n {
      // The last 1–7 bytes as one little-endian word (the bytes in order from the low end, as
      // a loop would gather them), from overlapping loads rather than byte by byte.
      let rest = n - i
      var w: UInt64
      if n >= 8 {
        w = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self).littleEndian >> UInt64(8 * (8 - rest))
      } else if rest >= 4 {
        let low = UInt64(raw.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian)
        let high = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self).littleEndian) >> UInt64(8 * (8 - rest))
        w = low | high << 32
      } else {
        w = 0
        var shift: UInt64 = 0
        while i < n {
          w |= UInt64(base[i]) << shift
          shift += 8
          i += 1
        }
      }
      h = ((h << 5) | (h >> 59)) ^ w
      h = h &* k
    }
    return mix(h)
  }

  @inline(__always)
  private static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}

// MARK: Aggregate file

extension SymbolTable: AggregateCodable {
  /// The ids in byte order of their keys: the order the aggregate file saves a table in, the
  /// same however the input was split (ids are not; see `SharedTable`). Sorted eight bytes at
  /// a time (`HostOrder.byteOrder`): a comparison sort through `memcmp` took a third of saving
  /// a day (BENCHMARKS.md).
  func idsInByteOrder() -> [Int32] {
    arena.withUnsafeBufferPointer { HostOrder.byteOrder($0, starts: Array(starts.dropLast())) }
  }

  /// For each id, its place in `order` (a permutation of the ids): the translation of ids into
  /// the saved ones.
  static func ranks(_ order: [Int32]) -> [Int32] {
    var rank = [Int32](repeating: 0, count: order.count)
    for (place, id) in order.enumerated() { rank[Int(id)] = Int32(place) }
    return rank
  }

  func encode(to out: inout AggregateWriter) { encode(inOrder: idsInByteOrder(), to: &out) }

  /// Writes the keys in `order` (`idsInByteOrder`), each as the length of the prefix it shares
  /// with the key before it and its remaining bytes: sorted addresses share long prefixes.
  /// The keys' total length comes first: the reader allocates the arena once, at its size.
  func encode(inOrder order: [Int32], to out: inout AggregateWriter) {
    out.count(order.count)
    out.count(order.reduce(0) { $0 + range(Int($1)).count })
    var previous = 0..<0
    for id in order {
      let r = range(Int(id))
      var shared = 0
      while shared < Swift.min(r.count, previous.count) && arena[r.lowerBound + shared] == arena[previous.lowerBound + shared] {
        shared += 1
      }
      out.count(shared)
      out.bytes(arena[(r.lowerBound + shared)..<r.upperBound])
      previous = r
    }
  }

  /// Keys saved by `encode`: strictly ascending, so each is new and gets the next id. The
  /// lookup index is built on the first lookup (a table that is only merged into another, or
  /// only read by id, never needs one).
  init(decoding input: inout AggregateReader) throws(AggregateError) {
    // Each key takes two bytes at least (the shared length and the length of the rest).
    let n = try input.length(minimumBytes: 2)
    self.init(capacity: 0)
    slots = []
    mask = 0
    // Read straight from the payload's bytes (`AggregateReader.bulk`): a week's tables hold
    // millions of keys, and a slice and a generic comparison per key made this the largest
    // part of reading an aggregate.
    var arena: [UInt8] = []
    var starts: [UInt32] = [0]
    starts.reserveCapacity(n + 1)
    try input.bulk { bytes, offset throws(AggregateReader.BulkProblem) in
      // The keys' total size first, so that the arena is allocated once and at its size (a
      // merge of many days holds many tables: grown by doubling, they held up to twice their
      // bytes) — and checked before it is: a key may share all of the key before it, so a few
      // bytes of a crafted file can stand for a key as long as the file, and n such keys for n
      // times that (a quadratic arena). The limit is far above what prefix sharing gives real
      // tables (sorted addresses, texts differing at their end). The keys must then add up to
      // that size exactly.
      let claimed = try AggregateReader.varint(bytes, &offset)
      let limit = Swift.max(Self.arenaFloor, (bytes.count - offset).multipliedReportingOverflow(by: Self.arenaPerByte).partialValue)
      guard claimed <= UInt64(limit) else {
        throw .init(what: "\(n) keys of \(claimed) bytes in all, more than \(Self.arenaPerByte) times the bytes that hold them")
      }
      guard claimed <= UInt64(Self.maximumBytes) else { throw .init(what: "\(n) keys of \(claimed) bytes in all, more than a table holds") }
      let size = Int(claimed)
      // Each key is made in the arena itself, at its end: its shared prefix copied from the
      // key before (the arena's last key), then its rest — no key buffer, no zero-filling. (At
      // least one byte of room: with none, the initialiser writes the count into the process's
      // shared empty array, which other threads read — a race ThreadSanitizer reports.)
      arena = try [UInt8](unsafeUninitializedCapacity: Swift.max(size, 1)) { a, made throws(AggregateReader.BulkProblem) in
        var previous = 0..<0  // the key before, in `a`
        for k in 0..<n {
          let shared = try AggregateReader.varint(bytes, &offset)
          guard shared <= UInt64(previous.count) else { throw .init(what: "a key shares more than the key before it") }
          let length = try AggregateReader.varint(bytes, &offset)
          guard length <= UInt64(bytes.count - offset) else { throw .init(what: "a length of \(length) past the end") }
          let rest = UnsafeBufferPointer(rebasing: bytes[offset..<(offset + Int(length))])
          offset += Int(length)
          // Ascending: past the shared prefix, the rest sorts after the key before it.
          let tail = UnsafeBufferPointer(rebasing: a[(previous.lowerBound + Int(shared))..<previous.upperBound])
          if k > 0, HostOrder.compare(rest, tail) <= 0 { throw .init(what: "keys out of order") }
          // Within the size given (checked above against the bytes that hold the keys).
          let start = made
          guard Int(shared) + Int(length) <= size - start else { throw .init(what: "keys longer than their lengths say") }
          if shared > 0 { (a.baseAddress! + start).initialize(from: a.baseAddress! + previous.lowerBound, count: Int(shared)) }  // Safe: shared > 0, so the key before is in `a`.
          if length > 0 { (a.baseAddress! + start + Int(shared)).initialize(from: rest.baseAddress!, count: rest.count) }  // Safe: length > 0.
          made = start + Int(shared) + Int(length)
          previous = start..<made
          starts.append(UInt32(truncatingIfNeeded: made))
        }
        guard made == size else { throw .init(what: "keys shorter than their lengths say") }
      }
    }
    self.arena = arena
    self.starts = starts
  }

  /// The most a saved table's keys may take per byte of the file that holds them, and in all
  /// whatever that gives (`init(decoding:)`).
  static let arenaPerByte = 256
  static let arenaFloor = 1 << 26

  /// Builds the lookup index now, for a table looked up without `intern` (`find`).
  mutating func buildIndex() {
    if slots.isEmpty { rebuildIndex() }
  }
}
