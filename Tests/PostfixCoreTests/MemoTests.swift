import Testing

@testable import PostfixCore

/// The memos on the parser's hot path (`BytesMemo`, `CountTree.add(memo:path:)`) must never
/// change a result: they only skip recomputing what was computed for the same bytes.
@Suite("Memos")
struct MemoTests {
  @Test("BytesMemo returns what the function returns, computes each key once until full, and stays bounded")
  func bytesMemo() {
    var memo = BytesMemo<String>(capacity: 100)
    var calls = 0
    func lookup(_ s: String) -> String {
      var s = s
      return s.withUTF8 { key in
        memo.value(key) { bytes in
          calls += 1
          return String(decoding: bytes, as: UTF8.self).uppercased()
        }
      }
    }
    for round in 0..<3 {
      for k in 0..<50 { #expect(lookup("host\(k).example") == "HOST\(k).EXAMPLE") }
      #expect(calls == 50, "round \(round): computed again although remembered")
    }
    // Past the capacity the memo starts over: results stay right, keys are computed again.
    for k in 50..<250 { #expect(lookup("host\(k).example") == "HOST\(k).EXAMPLE") }
    #expect(calls == 250)
    #expect(lookup("host0.example") == "HOST0.EXAMPLE")
    #expect(calls == 251)
  }

  @Test("a tree counted by raw text through the memo equals the tree counted by path, across memo folds")
  func countTreeMemo() {
    var plain = CountTree()
    var memoized = CountTree()
    var pathCalls = 0
    // More distinct texts than the memo holds, each seen several times, interleaved.
    let distinct = CountTree.memoCapacity + 1500
    for round in 0..<3 {
      for k in stride(from: round, to: distinct, by: 1 + round) {
        let text = "reason \(k % 997) from host\(k)"
        let path = ["smtp", "host\(k % 13)", "reason \(k % 997)"]
        plain.add(path)
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { b in
          memoized.add(memo: UnsafeBufferPointer(b)) {
            pathCalls += 1
            return path
          }
        }
      }
    }
    #expect(memoized == plain)
    #expect(memoized.counts == plain.counts)
    #expect(!memoized.isEmpty)
    // Memoized: fewer path computations than lines.
    let lines = (0..<3).reduce(0) { n, r in n + Array(stride(from: r, to: distinct, by: 1 + r)).count }
    #expect(pathCalls < lines)
    var merged = CountTree()
    merged.merge(memoized)
    #expect(merged.counts == plain.counts)
  }
}
