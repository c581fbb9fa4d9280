import TestSupport
import Testing

@testable import PostfixCore

/// The report's integer sorts: `RadixSort` against the standard library's sort, and the user
/// tables' ranking by value through both its radix path and its fallback for values past 32 bits.
@Suite struct RadixSortTests {
  @Test("sorted as the standard sort sorts, with bytes shared by all keys, and stable")
  func againstStandardSort() {
    var g = SeededRandomNumberGenerator(seed: 23)
    for (n, mask) in [(0, UInt64.max), (1, UInt64.max), (2, 1), (1000, UInt64.max), (5000, 0xFF00), (5000, 0x0000_00FF_0000_0003)] as [(Int, UInt64)] {
      let keys = (0..<n).map { _ in g.next() & mask }
      var sorted = keys
      RadixSort.sort(&sorted)
      #expect(sorted == keys.sorted(), "n \(n), mask \(mask)")
      // Stability: equal keys keep the order they came in.
      var pairs = keys.enumerated().map { (key: $1, index: $0) }
      var scratch = pairs
      pairs.withUnsafeMutableBufferPointer { p in
        scratch.withUnsafeMutableBufferPointer { s in RadixSort.sort(p, scratch: s, key: { $0.key }) }
      }
      let expected = keys.enumerated().map { (key: $1, index: $0) }.sorted { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
      #expect(pairs.map(\.index) == expected.map(\.index), "n \(n), mask \(mask)")
    }
  }

  /// Value descending, then position in host order, for the radix path (all values within
  /// 32 bits) and the comparison path (one value past them).
  @Test("ranking by value, either path, is value descending then host position")
  func ranking() {
    var g = SeededRandomNumberGenerator(seed: 29)
    let n = 3000
    let hostOrder = (0..<Int32(n)).shuffled(using: &g)
    for big in [false, true] {
      var values = (0..<n).map { _ in Int64(g.next() % 7) * 1000 }
      if big { values[17] = 5_000_000_000 }
      let ranked = ReportBuilder.rankedByValue(hostOrder) { values[Int($0)] }
      let expected = (0..<n).sorted { a, b in
        let (va, vb) = (values[Int(hostOrder[a])], values[Int(hostOrder[b])])
        return va != vb ? va > vb : a < b
      }
      #expect(ranked.map { Int($0.position) } == expected, "big \(big)")
      #expect(ranked.map(\.index) == expected.map { hostOrder[$0] })
      #expect(ranked.map(\.value) == expected.map { values[Int(hostOrder[$0])] })
    }
  }
}
