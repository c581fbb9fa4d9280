import Testing
import TestSupport

@testable import PostfixCore

/// The contracts of the optimisation tables (Sources/PostfixCore/Tables/README.md), checked in
/// full after random work of every kind each table supports.
@Suite("Table invariants")
struct TableInvariantTests {
  @Test("SymbolTable: interning, batched merges, a dropped and rebuilt index", arguments: [1, 2, 3])
  func symbolTable(seed: UInt64) {
    var rng = SeededRandomNumberGenerator(seed: seed)
    var a = SymbolTable(capacity: 1)
    var b = SymbolTable(capacity: 0)
    for i in 0..<5_000 {
      let key = "k\(Int.random(in: 0..<3_000, using: &rng))" + String(repeating: "z", count: i % 19)
      _ = a.intern(key)
      if i % 3 == 0 { _ = b.intern(key + "@b") }
      if i % 997 == 0 { #expect(a.invariantsHold()) }
    }
    let remap = a.internAll(b)
    #expect(a.invariantsHold())
    #expect(remap.count == b.count)
    for id in 0..<b.count { #expect(a.string(remap[id]) == b.string(Int32(id))) }
    a.dropIndex()
    #expect(a.invariantsHold())
    let before = a.count
    _ = a.intern("new after the index was dropped")
    #expect(a.count == before + 1)
    #expect(a.invariantsHold())
    // Into an empty table (the first merge of saved days): the keys keep their ids, and the
    // table, taken as it was (index dropped, as a merge drops the later one's), goes on interning.
    b.dropIndex()
    var empty = SymbolTable(capacity: 0)
    #expect(empty.internAll(b) == Array(0..<Int32(b.count)))
    #expect(empty.invariantsHold() && empty.count == b.count)
    for id in 0..<Int32(b.count) { #expect(empty.string(id) == b.string(id)) }
    #expect(empty.intern(b.string(3)) == 3, "an existing key finds its id through the rebuilt index")
    #expect(empty.intern("not in b") == Int32(b.count))
    #expect(b.count == empty.count - 1, "the table taken is a copy")
    var keyed = KeyedTable<CountBytes>()
    var other = KeyedTable<CountBytes>()
    for i in 0..<300 { other[other.id("v\(i % 120)")].add(count: 1, bytes: Int64(i)) }
    #expect(keyed.mergeAdding(other) == Array(0..<Int32(other.count)))
    #expect(keyed.invariantsHold() && keyed.count == other.count)
    #expect((0..<Int32(other.count)).allSatisfy { keyed[$0] == other[$0] && keyed.keys.string($0) == other.keys.string($0) })
    keyed[keyed.id("v7")].add(count: 1, bytes: 1)
    #expect(keyed[keyed.id("v7")].count == other[other.id("v7")].count + 1)
  }

  @Test("FingerprintSet: the members a Set keeps, through insertions, a union and a round trip by its sorted members", arguments: [1, 2])
  func fingerprintSet(seed: UInt64) {
    var rng = SeededRandomNumberGenerator(seed: seed)
    var set = FingerprintSet()
    var other: FingerprintSet = []
    var expected: Set<UInt64> = []
    for i in 0..<20_000 {
      // Fingerprints from a small range (repeats) and from all 64 bits.
      let value = i % 2 == 0 ? UInt64.random(in: 0..<5_000, using: &rng) : rng.next()
      if i % 3 == 0 { other.insert(value) } else { set.insert(value) }
      expected.insert(value)
    }
    set.formUnion(other)
    #expect(set.count == expected.count && expected.allSatisfy { set.contains($0) })
    #expect(!set.contains(UInt64.max) || expected.contains(UInt64.max))
    #expect(set.sorted() == expected.sorted())
    #expect(FingerprintSet(set.sorted()) == set && !set.isEmpty && FingerprintSet().isEmpty)
  }

  @Test("PairTable: the totals and the set a Dictionary and a Set keep, through growth and a translated merge", arguments: [1, 2])
  func pairTable(seed: UInt64) {
    var rng = SeededRandomNumberGenerator(seed: seed)
    var counts = PairTable(counting: true)
    var set = PairTable(counting: false)
    var expectedCounts: [UInt64: UInt64] = [:]
    var expectedSet: Set<UInt64> = []
    for i in 0..<20_000 {
      let key = SubmitterSection.pair(Int32.random(in: 0..<50, using: &rng), Int32.random(in: 0..<400, using: &rng))
      counts.add(key, UInt64(i % 5))
      expectedCounts[key, default: 0] += UInt64(i % 5)
      #expect(set.insert(key) == expectedSet.insert(key).inserted)
      if i % 4_999 == 0 { #expect(counts.invariantsHold() && set.invariantsHold()) }
    }
    var seenCounts: [UInt64: UInt64] = [:]
    counts.forEach { seenCounts[$0] = $1 }
    #expect(seenCounts == expectedCounts && counts.count == expectedCounts.count)
    var seenSet: Set<UInt64> = []
    set.forEach { key, _ in seenSet.insert(key) }
    #expect(seenSet == expectedSet && set.count == expectedSet.count)
    #expect(expectedSet.allSatisfy { set.contains($0) } && !set.contains(SubmitterSection.pair(60, 0)))
    // A merge that translates the second id (ids of another shard) adds where pairs meet.
    var merged = counts
    merged.addAll(counts) { SubmitterSection.pair(SubmitterSection.first($0), SubmitterSection.second($0) / 2) }
    var expectedMerged = expectedCounts
    for (key, n) in expectedCounts {
      expectedMerged[SubmitterSection.pair(SubmitterSection.first(key), SubmitterSection.second(key) / 2), default: 0] += n
    }
    var seenMerged: [UInt64: UInt64] = [:]
    merged.forEach { seenMerged[$0] = $1 }
    #expect(seenMerged == expectedMerged && merged.invariantsHold())
  }

  @Test("PairSet: the set a Set keeps (first owners and the rest), through growth and translated merges", arguments: [1, 2])
  func pairSet(seed: UInt64) {
    var rng = SeededRandomNumberGenerator(seed: seed)
    var set = PairSet()
    var other = PairSet()
    var expected: Set<UInt64> = []
    var expectedOther: Set<UInt64> = []
    for i in 0..<20_000 {
      // Items mostly new and owned once (a login's recipients), some shared by many owners.
      let item = i % 3 == 0 ? Int32.random(in: 0..<200, using: &rng) : Int32(i / 2)
      let key = SubmitterSection.pair(Int32.random(in: 0..<50, using: &rng), item)
      if i % 5 == 0 {
        #expect(other.insert(key) == expectedOther.insert(key).inserted)
      } else {
        #expect(set.insert(key) == expected.insert(key).inserted)
      }
      if i % 4_999 == 0 { #expect(set.invariantsHold() && other.invariantsHold()) }
    }
    func pairs(_ s: PairSet) -> Set<UInt64> {
      var seen: Set<UInt64> = []
      var visits = 0
      s.forEach { key, total in
        seen.insert(key)
        visits += 1
        #expect(total == 0)
      }
      #expect(visits == seen.count)
      return seen
    }
    #expect(pairs(set) == expected && set.count == expected.count)
    #expect(expected.allSatisfy { set.contains($0) })
    #expect(!set.contains(SubmitterSection.pair(60, 0)) && !set.contains(SubmitterSection.pair(0, 1_000_000)))
    // A merge translates both ids (another shard's): pairs that meet count once.
    func translate(_ key: UInt64) -> UInt64 {
      SubmitterSection.pair(SubmitterSection.first(key) / 3, SubmitterSection.second(key) / 2)
    }
    set.addAll(other, translating: translate)
    #expect(pairs(set) == expected.union(expectedOther.map(translate)) && set.invariantsHold())
    var empty = PairSet()
    empty.reserve(items: 10)
    empty.addAll(set) { $0 }
    #expect(pairs(empty) == pairs(set) && empty.count == set.count && empty.invariantsHold())
  }

  @Test("KeyedTable: one value per key through merges")
  func keyedTable() {
    var a = KeyedTable<CountBytes>()
    var b = KeyedTable<CountBytes>()
    for i in 0..<2_000 {
      a[a.id("a\(i % 700)")].add(count: 1, bytes: Int64(i))
      b[b.id("a\(i % 300)@\(i % 7)")].add(count: 1, bytes: 1)
    }
    a.mergeAdding(b)
    #expect(a.invariantsHold())
    #expect(a.withZeroValues().invariantsHold())
  }

  @Test("OpenMessages: random inserts, removals and merges", arguments: [1, 2, 3])
  func openMessages(seed: UInt64) {
    var rng = SeededRandomNumberGenerator(seed: seed)
    var table = OpenMessages(seed: seed)
    var other = OpenMessages(seed: seed &+ 1)
    var model: [ByteKey: Int64] = [:]
    for step in 0..<20_000 {
      let key = ByteKey(String(Int.random(in: 0..<4_000, using: &rng), radix: 16))
      if Bool.random(using: &rng) {
        var state = MessageState()
        state.lastSeen = Int64(step)
        table[key] = state
        model[key] = Int64(step)
      } else {
        table.removeValue(forKey: key)
        model[key] = nil
      }
      if step % 2_500 == 0 { #expect(table.invariantsHold()) }
      if step % 5 == 0 {
        var state = MessageState()
        state.lastSeen = -Int64(step)
        other[key] = state
      }
    }
    #expect(table.invariantsHold())
    #expect(table.count == model.count)
    for (key, seen) in model { #expect(table[key]?.lastSeen == seen) }
    table.merge(other)
    #expect(table.invariantsHold())
  }

  /// A value with an array in it, as the content-filter records have.
  struct Box: BlankSlotValue, Equatable {
    var n = 0
    var list: [Int] = []
  }

  @Test("KeyedSlots: what a Dictionary keeps, through sets, in-place changes and removals; slots stay put", arguments: [1, 2, 3])
  func keyedSlots(seed: UInt64) {
    var rng = SeededRandomNumberGenerator(seed: seed)
    var table = KeyedSlots<Box>()
    var model: [ByteKey: Box] = [:]
    let pinned = ByteKey("pinned")
    let pinnedSlot = table.slot(forKey: pinned, inserting: Box(n: -1))
    model[pinned] = Box(n: -1)
    for step in 0..<20_000 {
      let key = ByteKey(String(Int.random(in: 0..<1_500, using: &rng), radix: 16))
      switch Int.random(in: 0..<4, using: &rng) {
      case 0:
        table[key] = Box(n: step, list: [step])
        model[key] = Box(n: step, list: [step])
      case 1:
        #expect(table.removeValue(forKey: key) == model.removeValue(forKey: key))
      case 2:
        table[key, default: Box()].list.append(step)
        model[key, default: Box()].list.append(step)
      default:
        if let i = table.slot(forKey: key) {
          table[i].n += 1
          model[key]!.n += 1
          #expect(table.key(at: i) == key)
        } else {
          #expect(model[key] == nil)
        }
      }
      table[pinnedSlot].n -= 1
      model[pinned]!.n -= 1
      if step % 2_500 == 0 { #expect(table.invariantsHold()) }
    }
    #expect(table.invariantsHold())
    #expect(table.count == model.count)
    #expect(table.dictionary == model)
    #expect(Set(table.keys) == Set(model.keys) && table.slots.count == model.count)
    #expect(table[pinnedSlot] == model[pinned] && table.key(at: pinnedSlot) == pinned)
    #expect(KeyedSlots(model).dictionary == model)
  }

  @Test("CountTree: counting through the memo past its capacity, and merging")
  func countTree() {
    var a = CountTree()
    var b = CountTree()
    for i in 0..<(CountTree.memoCapacity + 500) {
      let raw = "reason \(i % (CountTree.memoCapacity + 100))"
      raw.utf8CString.withUnsafeBufferPointer { c in
        c.withMemoryRebound(to: UInt8.self) { bytes in
          a.add(memo: UnsafeBufferPointer(rebasing: bytes.dropLast())) { ["smtp", "host\(i % 10)", raw] }
        }
      }
      b.add(["smtp", "host\(i % 13)"])
      if i % 1_000 == 0 { #expect(a.invariantsHold()) }
    }
    a.merge(b)
    #expect(a.invariantsHold())
    a.dropMemo()
    #expect(a.invariantsHold())
  }
}
