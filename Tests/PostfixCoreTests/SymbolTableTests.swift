import Testing
import TestSupport

@testable import PostfixCore

@Suite("Symbol table")
struct SymbolTableTests {
  func intern(_ t: inout SymbolTable, _ s: String) -> Int32 { t.intern(s) }

  @Test func sameKeySameIdDistinctKeysDenseIds() {
    var t = SymbolTable(capacity: 2)
    let a = intern(&t, "alice@example.org")
    let b = intern(&t, "bob@example.org")
    #expect(a == 0 && b == 1)
    #expect(intern(&t, "alice@example.org") == a)
    #expect(t.count == 2)
    #expect(t.string(b) == "bob@example.org")
  }

  @Test func growsAndKeepsEveryKey() {
    var t = SymbolTable(capacity: 1)
    var rng = SeededRandomNumberGenerator(seed: 7)
    var keys: [String] = []
    for i in 0..<20_000 {
      let len = Int.random(in: 0...40, using: &rng)
      keys.append(String(i) + String(repeating: "x", count: len))
    }
    let ids = keys.map { intern(&t, $0) }
    #expect(t.count == keys.count)
    for (k, id) in zip(keys, ids) {
      #expect(t.string(id) == k)
      var copy = k
      #expect(copy.withUTF8 { t.find($0) } == id)
    }
    var missing = "not there"
    #expect(missing.withUTF8 { t.find($0) } == nil)
  }

  /// The hash as it was first written: the tail gathered byte by byte. The word loads that
  /// replaced the loop must give the very same values (ids and output never depend on them,
  /// but a changed hash would be a changed function).
  static func bytewiseHash(_ key: [UInt8]) -> UInt64 {
    var h = SymbolTable.seed ^ UInt64(key.count)
    let k: UInt64 = 0x517c_c1b7_2722_0a95
    var i = 0
    while i < key.count {
      var w: UInt64 = 0
      var shift: UInt64 = 0
      var j = 0
      while j < 8, i < key.count {
        w |= UInt64(key[i]) << shift
        shift += 8
        i += 1
        j += 1
      }
      h = ((h << 5) | (h >> 59)) ^ w
      h = h &* k
    }
    var z = h
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  @Test("the hash reads the last bytes of a key as the byte loop did, at any length and offset")
  func hashOfTailBytes() {
    var rng = SeededRandomNumberGenerator(seed: 11)
    let text = (0..<80).map { _ in UInt8.random(in: 0...255, using: &rng) }
    for offset in 0..<8 {
      for length in 0...(text.count - offset) {
        let key = Array(text[offset..<(offset + length)])
        // A view into the middle of a larger buffer, so that loads are unaligned and the
        // bytes around the key are not zero.
        let hash = text.withUnsafeBufferPointer { SymbolTable.hash(UnsafeBufferPointer(rebasing: $0[offset..<(offset + length)])) }
        #expect(hash == Self.bytewiseHash(key), "offset \(offset), length \(length)")
      }
    }
  }

  @Test("internAll gives every key the id interning it alone would, across batches, growth and a dropped index", arguments: [0, 1, 15, 16, 17, 100, 5_000])
  func internAllMatchesInterningOneByOne(count: Int) {
    var rng = SeededRandomNumberGenerator(seed: UInt64(count) + 3)
    // The later table: repeated keys, the empty key, and about half its keys already in the
    // earlier table.
    var later = SymbolTable(capacity: 1)
    var earlier = SymbolTable(capacity: 1)
    for i in 0..<count {
      let key = i == 7 ? "" : "user\(Int.random(in: 0..<(count + 1), using: &rng))@host\(i % 13).example"
      if Bool.random(using: &rng) { _ = intern(&earlier, key) }
      _ = intern(&later, key)
    }
    var withoutIndex = earlier
    withoutIndex.dropIndex()
    // Into the earlier table, into the same without its index, and into a tiny table that grows.
    for destination in [earlier, withoutIndex, SymbolTable(capacity: 1)] {
      var reference = destination
      let expected = (0..<later.count).map { id in intern(&reference, later.string(Int32(id))) }
      var merged = destination
      #expect(merged.internAll(later) == expected)
      #expect(merged.count == reference.count)
      for id in 0..<merged.count { #expect(merged.string(Int32(id)) == reference.string(Int32(id))) }
    }
  }

  @Test("ids in byte order: memcmp's order, the shorter first where one key begins another, NUL and high bytes included")
  func idsInByteOrder() {
    var g = SeededRandomNumberGenerator(seed: 11)
    let alphabet: [UInt8] = [0, 1, 0x2E, 0x40, 0x61, 0x62, 0x7F, 0x80, 0xFF]
    var table = SymbolTable()
    var keys: [[UInt8]] = [[]]
    _ = [UInt8]().withUnsafeBufferPointer { table.intern($0) }
    for _ in 0..<3000 {
      // Lengths around the sort's eight-byte steps; shared prefixes from a small alphabet.
      let key = (0..<Int(g.next() % 20)).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }
      let before = table.count
      _ = key.withUnsafeBufferPointer { table.intern($0) }
      if table.count > before { keys.append(key) }
    }
    let want = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }.map { Int32($0) }
    #expect(table.idsInByteOrder() == want)
  }

  @Test("a saved table whose every key shares all of the key before (a few bytes a key, a quadratic total) is refused before its keys are allocated")
  func quadraticKeysRefused() {
    // "a", "aa", "aaa" …: 60 000 keys in about 180 kB stand for 1.8 GB of keys.
    let n = 60_000
    var out = AggregateWriter()
    out.count(n)
    out.count(n * (n + 1) / 2)
    for k in 0..<n {
      out.count(k)
      out.bytes([0x61])
    }
    var input = AggregateReader(out.bytes)
    #expect(throws: AggregateError.self) { try SymbolTable(decoding: &input) }
    // The same keys, fewer: read back whole (the limit is far above real prefix sharing).
    func keys(claiming size: Int) -> [UInt8] {
      var small = AggregateWriter()
      small.count(300)
      small.count(size)
      for k in 0..<300 {
        small.count(k)
        small.bytes([0x61])
      }
      return small.bytes
    }
    var smallInput = AggregateReader(keys(claiming: 300 * 301 / 2))
    let table = try? SymbolTable(decoding: &smallInput)
    #expect(table?.count == 300 && table?.string(299) == String(repeating: "a", count: 300))
    // Keys that do not add up to the size given, either way: refused.
    for size in [300 * 301 / 2 - 1, 300 * 301 / 2 + 1, 0] {
      var lying = AggregateReader(keys(claiming: size))
      #expect(throws: AggregateError.self) { try SymbolTable(decoding: &lying) }
    }
  }

  @Test("a saved table claiming 4 GiB of keys or more is refused before anything is allocated (key starts are 32-bit)")
  func tableOverFourGiBRefused() {
    // One key of 16 MiB + 1 byte: enough bytes that 256 times them pass the sharing check.
    let length = (1 << 24) + 1
    var out = AggregateWriter()
    out.count(1)
    out.count(Int(UInt32.max) + 1)
    out.count(0)
    out.count(length)
    out.bytes([UInt8](repeating: 0x61, count: length))
    var input = AggregateReader(out.bytes)
    #expect {
      try SymbolTable(decoding: &input)
    } throws: { error in
      "\(error)".contains("more than a table holds")
    }
  }

  @Test func emptyAndBinaryKeys() {
    var t = SymbolTable()
    let e = intern(&t, "")
    let nul = [UInt8]([0, 0xFF, 0x80, 0]).withUnsafeBufferPointer { t.intern($0) }
    #expect(e != nul)
    #expect(t.string(e) == "")
    #expect([UInt8]([0, 0xFF, 0x80, 0]).withUnsafeBufferPointer { t.find($0) } == nul)
  }

  @Test func lookupsAfterDroppingTheIndexRebuildIt() {
    var t = SymbolTable(capacity: 1)
    let keys = (0..<5_000).map { "user\($0)@example.org" }
    let ids = keys.map { intern(&t, $0) }
    t.dropIndex()
    // Known keys keep their ids; new ones get the next ids, and the table grows on.
    #expect(keys.map { intern(&t, $0) } == ids)
    let more = (5_000..<12_000).map { "user\($0)@example.org" }
    #expect(more.map { intern(&t, $0) } == (5_000..<12_000).map { Int32($0) })
    var probe = "user11999@example.org"
    #expect(probe.withUTF8 { t.find($0) } == 11_999)
    #expect(t.count == 12_000)
  }

  /// postscreen's per-client table, as `applyPostscreen` uses it: a client's id from its
  /// string, then the value by id.
  @Test func keyedTableByStringKey() {
    var t = KeyedTable<DurationStats>()
    let first = t.id("192.0.2.1")
    t[first].add(3)
    t[t.id("2001:db8::1")].add(1)
    t[t.id("192.0.2.1")].add(5)
    #expect(t.id("192.0.2.1") == first)
    #expect(t.count == 2)
    #expect(t[first] == DurationStats(count: 2, total: 8, max: 5))
    #expect(t.entries().map(\.key) == ["192.0.2.1", "2001:db8::1"])
  }
}
