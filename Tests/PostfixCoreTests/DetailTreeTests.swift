import ReportModel
import TestSupport
import Testing

@testable import PostfixCore

/// A `CountTree` keeps each path as one byte string (`PathKey`) and the report builds the tree
/// by scanning the keys in byte order (`DetailTreeBuilder`). These check both against what they
/// stand for: paths compared label by label, and the tree built by regrouping the paths at
/// every level — where the shortcuts could go wrong: a path that is a prefix of another (a leaf
/// and a group of the same label), empty labels, the escaped bytes 0x00 and 0x01 (below and at
/// the separator), labels that are prefixes of each other, non-ASCII text, and cuts. (The
/// random labels avoid canonically equivalent spellings, which a `String` dictionary — the
/// reference's — merges and the tree keeps apart; a test of their own shows that.)
@Suite struct DetailTreeTests {
  /// The tree as the report defines it, by regrouping the paths at every level.
  static func reference(_ counts: [[String]: Int], key: String = "", limit: Int?) -> DetailNode {
    var leaves: [DetailLeaf] = []
    var groups: [String: [[String]: Int]] = [:]
    var total = 0
    for (path, n) in counts {
      total += n
      if path.count == 1 {
        leaves.append(DetailLeaf(key: path[0], count: n))
      } else {
        groups[path[0], default: [:]][Array(path.dropFirst())] = n
      }
    }
    let children = groups.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map {
      reference(groups[$0]!, key: $0, limit: limit)
    }
    let sorted = ReportBuilder.sortedByValue(leaves, value: { Int64($0.count) }, key: { $0.key })
    return DetailNode(key: key, total: total, distinctLeaves: leaves.count, children: children, leaves: ReportBuilder.cut(sorted, limit))
  }

  /// Labels drawn from a small alphabet so that paths share labels and prefixes of labels.
  static func randomPaths(_ g: inout SeededRandomNumberGenerator, count: Int) -> [[String]: Int] {
    let pieces = ["", "a", "ab", "b", "\u{0}", "\u{1}", "a\u{0}", "a\u{1}b", "\u{2}", "é", "smtp", "550 5.7.1"]
    var counts: [[String]: Int] = [:]
    for _ in 0..<count {
      let depth = 1 + Int(g.next() % 4)
      let path = (0..<depth).map { _ in
        (0..<Int(g.next() % 3)).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }.joined()
      }
      counts[path, default: 0] += 1 + Int(g.next() % 5)
    }
    return counts
  }

  static func tree(_ counts: [[String]: Int]) -> CountTree {
    var tree = CountTree()
    for (path, n) in counts { tree.add(path, n) }
    return tree
  }

  @Test("keys sort as their paths do, label by label, and give their labels back")
  func keyOrder() {
    var g = SeededRandomNumberGenerator(seed: 41)
    let paths = Array(Self.randomPaths(&g, count: 600).keys)
    let keys = paths.map { path -> [UInt8] in
      var key: [UInt8] = []
      PathKey.append(path, to: &key)
      return key
    }
    for (path, key) in zip(paths, keys) {
      #expect(key.withUnsafeBufferPointer { PathKey.labels($0) } == path)
    }
    func labelOrder(_ a: [String], _ b: [String]) -> Bool {
      a.lexicographicallyPrecedes(b) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
    for _ in 0..<5000 {
      let i = Int(g.next() % UInt64(paths.count))
      let j = Int(g.next() % UInt64(paths.count))
      #expect(keys[i].lexicographicallyPrecedes(keys[j]) == labelOrder(paths[i], paths[j]), "\(paths[i]) vs \(paths[j])")
    }
  }

  @Test("the tree built from sorted keys is the tree built by regrouping, with and without a cut", arguments: [nil, 1, 3])
  func treeMatchesRegrouping(limit: Int?) {
    var g = SeededRandomNumberGenerator(seed: 43 + UInt64(limit ?? 0))
    for round in 0..<40 {
      let counts = Self.randomPaths(&g, count: round == 0 ? 1 : 1 + Int(g.next() % 300))
      let tree = Self.tree(counts)
      #expect(tree.counts == counts)
      #expect(DetailTreeBuilder.node(tree, limit: limit) == Self.reference(counts, limit: limit), "round \(round)")
    }
  }

  @Test("an empty tree, and one path that is a single empty label")
  func edges() {
    #expect(DetailTreeBuilder.node(CountTree(), limit: nil) == DetailNode(key: "", total: 0, distinctLeaves: 0, children: [], leaves: []))
    let one = Self.tree([[""]: 2])
    #expect(DetailTreeBuilder.node(one, limit: nil) == Self.reference([[""]: 2], limit: nil))
  }

  @Test("labels are told apart by their bytes: canonically equivalent spellings stay two, in byte order")
  func bytesNotCanonicalEquivalence() {
    // "é" as one scalar (C3 A9) and as e + combining acute (65 CC 81) are equal Strings; Perl,
    // and so pflogsumm, keeps them apart, and so does the tree (whichever spelling a String
    // dictionary kept would depend on hash order).
    var tree = CountTree()
    tree.add(["reject", "caf\u{E9}"], 2)
    tree.add(["reject", "cafe\u{301}"], 3)
    let node = DetailTreeBuilder.node(tree, limit: nil)
    #expect(node.total == 5)
    #expect(node.children.count == 1)
    let leaves = node.children.first?.leaves ?? []
    #expect(leaves.map { Array($0.key.utf8) } == [Array("cafe\u{301}".utf8), Array("caf\u{E9}".utf8)])
    #expect(leaves.map(\.count) == [3, 2])
    #expect(node.children.first?.distinctLeaves == 2)
  }

  @Test("merged trees count what both counted, through the memo or not")
  func mergeAddsUp() {
    var g = SeededRandomNumberGenerator(seed: 47)
    let a = Self.randomPaths(&g, count: 200)
    let b = Self.randomPaths(&g, count: 200)
    var merged = Self.tree(a)
    var later = CountTree()
    for (path, n) in b {
      for _ in 0..<n {
        var raw = Array(path.joined(separator: "|").utf8) + [UInt8(path.count)]
        raw.withUnsafeMutableBufferPointer { later.add(memo: UnsafeBufferPointer($0)) { path } }
      }
    }
    merged.merge(later)
    #expect(merged.counts == a.merging(b, uniquingKeysWith: +))
    #expect(DetailTreeBuilder.node(merged, limit: nil) == Self.reference(a.merging(b, uniquingKeysWith: +), limit: nil))
  }
}
