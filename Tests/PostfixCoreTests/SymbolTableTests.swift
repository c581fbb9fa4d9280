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

  @Test func emptyAndBinaryKeys() {
    var t = SymbolTable()
    let e = intern(&t, "")
    let nul = [UInt8]([0, 0xFF, 0x80, 0]).withUnsafeBufferPointer { t.intern($0) }
    #expect(e != nul)
    #expect(t.string(e) == "")
    #expect([UInt8]([0, 0xFF, 0x80, 0]).withUnsafeBufferPointer { t.find($0) } == nul)
  }

  @Test func keyedTableAsADictionary() {
    var t = KeyedTable<DurationStats>()
    #expect(t["192.0.2.1", default: .zero] == DurationStats())
    #expect(t.count == 0)  // reading adds nothing
    t["192.0.2.1", default: .zero].add(3)
    t["2001:db8::1", default: .zero].add(1)
    t["192.0.2.1", default: .zero].add(5)
    #expect(t.count == 2)
    #expect(t["192.0.2.1", default: .zero] == DurationStats(count: 2, total: 8, max: 5))
    #expect(t.entries().map(\.key) == ["192.0.2.1", "2001:db8::1"])
  }
}
