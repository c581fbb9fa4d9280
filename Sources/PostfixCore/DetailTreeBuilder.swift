#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReportModel

/// Builds a nested report's `DetailNode` tree from a `CountTree`: inner keys in byte order,
/// leaves by count (then the one tie order, see `ReportBuilder`).
///
/// The tree's keys (`PathKey`) are sorted once, as bytes; in that order the paths below any node
/// are one contiguous range, and each label's paths within it one run, its leaf (if it is one)
/// first. So one scan per level builds the tree, making a `String` only for each node's and
/// leaf's own label — not regrouping arrays of label strings through a dictionary at every
/// level, which was the slowest step after the parse on the bench week (BENCHMARKS.md).
struct DetailTreeBuilder {
  /// The keys' bytes, back to back, and where each ends.
  private let bytes: UnsafeBufferPointer<UInt8>
  private let ends: UnsafeBufferPointer<UInt32>
  /// Key ids in byte order of the keys.
  private let order: [Int32]
  private let counts: [Int]
  private let limit: Int?
  /// Per position in `order`: where its label at the current level starts in `bytes`.
  private var cursor: [Int]

  static func node(_ tree: CountTree, limit: Int?) -> DetailNode {
    node(tree, adding: CountTree(), limit: limit)
  }

  /// The node of `tree` and `extra` together (a small tree counted apart), as if `extra` had
  /// been merged into `tree`, without copying `tree`'s table.
  static func node(_ tree: CountTree, adding extra: CountTree, limit: Int?) -> DetailNode {
    var keys = AddressList()
    keys.reserveCapacity(count: tree.keys.count + extra.keys.count, byteCount: tree.keys.byteCount + extra.keys.byteCount)
    for id in 0..<tree.keys.count { tree.keys.withBytes(Int32(id)) { keys.append(bytes: $0) } }
    var counts = tree.pathCounts
    for id in 0..<extra.keys.count {
      extra.keys.withBytes(Int32(id)) { key in
        if let same = tree.keys.find(key) {
          counts[Int(same)] += extra.pathCounts[id]
        } else {
          keys.append(bytes: key)
          counts.append(extra.pathCounts[id])
        }
      }
    }
    let order = HostOrder.byteOrder(keys)
    return keys.withStorage { bytes, ends in
      var builder = DetailTreeBuilder(bytes: bytes, ends: ends, order: order, counts: counts, limit: limit)
      return builder.build(0..<order.count, key: "")
    }
  }

  private init(bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<UInt32>, order: [Int32], counts: [Int], limit: Int?) {
    self.bytes = bytes
    self.ends = ends
    self.order = order
    self.counts = counts
    self.limit = limit
    cursor = order.map { id in id == 0 ? 0 : Int(ends[Int(id) - 1]) }
  }

  /// The node of the paths at `range` of `order`, which share every label before the current one.
  private mutating func build(_ range: Range<Int>, key: String) -> DetailNode {
    // The leaves' labels (for their host order) and counts; a `DetailLeaf` is made only for
    // those the cut keeps.
    var leafLabels = AddressList()
    var leafCounts: [Int64] = []
    var children: [DetailNode] = []
    var total = 0
    var i = range.lowerBound
    while i < range.upperBound {
      let key = keyBytes(i)
      let start = cursor[i]
      let end = PathKey.labelEnd(key, from: start)
      let label = UnsafeBufferPointer(rebasing: key[start..<end])
      // The run of paths with this label: the leaf, if there is one, sorts first.
      var j = i + 1
      while j < range.upperBound && sameLabel(j, label) { j += 1 }
      var group = i
      if end == key.count {
        let n = counts[Int(order[i])]
        PathKey.appendLabel(key, start..<end, to: &leafLabels)
        leafCounts.append(Int64(n))
        total += n
        group += 1
      }
      if group < j {
        for p in group..<j { cursor[p] += label.count + 1 }
        let child = build(group..<j, key: PathKey.label(key, start..<end))
        total += child.total
        children.append(child)
      }
      i = j
    }
    // By count, then host order (`ReportBuilder`'s tie order), as integers.
    let ranked =
      leafCounts.count < 2
      ? leafCounts.map { RankedValue(value: $0, position: 0, index: 0) }
      : ReportBuilder.rankedByValue(HostOrder.indices(leafLabels)) { leafCounts[Int($0)] }
    let leaves = ReportBuilder.cut(ranked, limit).map { DetailLeaf(key: leafLabels[Int($0.index)], count: Int($0.value)) }
    return DetailNode(key: key, total: total, distinctLeaves: leafCounts.count, children: children, leaves: leaves)
  }

  /// The bytes of the key at `position` of `order`, from the start of all keys (so that
  /// `cursor` indexes it).
  @inline(__always)
  private func keyBytes(_ position: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[..<Int(ends[Int(order[position])])])
  }

  /// Whether the key at `position` has `label` as its current label.
  @inline(__always)
  private func sameLabel(_ position: Int, _ label: UnsafeBufferPointer<UInt8>) -> Bool {
    let key = keyBytes(position)
    let start = cursor[position]
    let end = start + label.count
    guard end <= key.count, end == key.count || key[end] == PathKey.separator else { return false }
    if label.isEmpty { return true }
    return memcmp(key.baseAddress! + start, label.baseAddress!, label.count) == 0  // Safe: non-empty buffers.
  }
}
