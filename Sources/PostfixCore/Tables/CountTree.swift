/// Counts keyed by a path of labels (service → host → reason ...): the raw form of every nested
/// report. Merging is addition.
///
/// A path is kept as one byte string, its labels' UTF-8 joined by a 0 byte (`PathKey`), interned
/// in a `SymbolTable` with a count per id. Counting, merging (the other tree's keys interned in
/// one batch) and reading never hash an array of `String`s, and the report builds its tree
/// from the keys in byte order, which is the paths' order label by label (`DetailTreeBuilder`).
/// With tens of thousands of distinct reject and postscreen paths, `[[String]: Int]` tables, their
/// merge and their regrouping were on the critical path after the parse (BENCHMARKS.md).
///
/// Some reports see the same raw text over and over (a deferral reason recurs on every retry of
/// every queued message: a few distinct reasons per hundred deferrals), and turning the
/// text into its path — rules, a `String` per label — costs far more than counting.
/// `add(memo:path:)` remembers, per raw text, the id of its path, so the path is worked out once
/// per distinct text; the memo is only a cache, emptied when it grows past `memoCapacity` and
/// dropped at the end of input. (Reject lines are nearly all different, but their details are
/// not: they are counted by the bytes of the detail's labels, `RejectRules.writeLabels`.)
struct CountTree: Sendable {
  /// Every counted path's key (`PathKey`); its count is `pathCounts[id]`.
  private(set) var keys = SymbolTable(capacity: 0)
  private(set) var pathCounts: [Int] = []
  /// Raw text → id of its path in `keys`.
  private var memoKeys = SymbolTable(capacity: 0)
  private var memoPaths: [Int32] = []
  /// The key being written (kept to reuse its storage).
  private var scratch: [UInt8] = []

  static let memoCapacity = 4096

  /// Every path's count, as strings (for tests and comparisons; the report reads `keys`).
  var counts: [[String]: Int] {
    var all: [[String]: Int] = [:]
    for id in 0..<keys.count { keys.withBytes(Int32(id)) { all[PathKey.labels($0), default: 0] += pathCounts[id] } }
    return all
  }

  /// One count per path key, the keys' own contract, and a memo that names only known paths.
  func invariantsHold() -> Bool {
    pathCounts.count == keys.count && keys.invariantsHold() && memoPaths.count <= memoKeys.count
      && memoPaths.allSatisfy { Int($0) < keys.count }
  }

  var isEmpty: Bool { pathCounts.isEmpty }

  @inline(__always)
  mutating func add(_ path: [String], _ n: Int = 1) {
    pathCounts[Int(pathID(path))] += n
  }

  /// Counts one line whose path depends only on `key` (its raw text): `path` is called the
  /// first time a key is seen (again after the memo was emptied).
  @inline(__always)
  mutating func add(memo key: UnsafeBufferPointer<UInt8>, path: () -> [String]) {
    let m = Int(memoKeys.intern(key))
    if m == memoPaths.count { memoPaths.append(pathID(path())) }
    pathCounts[Int(memoPaths[m])] += 1
    if memoPaths.count >= Self.memoCapacity { dropMemo() }
  }

  /// Counts `n` for the path whose key (`PathKey`) `write` writes.
  mutating func add(_ n: Int, key write: (inout [UInt8]) -> Void) {
    scratch.removeAll(keepingCapacity: true)
    write(&scratch)
    pathCounts[Int(internScratch())] += n
  }

  /// The id of `path`'s key, interned with a zero count when new.
  private mutating func pathID(_ path: [String]) -> Int32 {
    scratch.removeAll(keepingCapacity: true)
    PathKey.append(path, to: &scratch)
    return internScratch()
  }

  private mutating func internScratch() -> Int32 {
    let id = scratch.withUnsafeBufferPointer { keys.intern($0) }
    if Int(id) == pathCounts.count { pathCounts.append(0) }
    return id
  }

  /// Drops the memo (at the end of input its raw texts are of no use to the report).
  mutating func dropMemo() {
    memoKeys = SymbolTable(capacity: 0)
    memoPaths = []
  }

  /// The same counts with every path's last label replaced by `change(label's bytes)` (made
  /// valid UTF-8), paths that then agree added up. For trees whose last label was counted raw.
  func mappingLastLabel(_ change: ([UInt8]) -> [UInt8]) -> CountTree {
    var out = CountTree()
    for id in 0..<keys.count where pathCounts[id] != 0 {
      keys.withBytes(Int32(id)) { key in
        // Escaped labels hold no separator byte: the last one starts the last label.
        var start = key.count
        while start > 0 && key[start - 1] != PathKey.separator { start -= 1 }
        let changed = String(decoding: change(PathKey.labelBytes(key, start..<key.count)), as: UTF8.self)
        out.add(pathCounts[id]) { newKey in
          newKey.append(contentsOf: UnsafeBufferPointer(rebasing: key[..<start]))
          var label = changed
          label.withUTF8 { PathKey.appendLabel($0, to: &newKey) }
        }
      }
    }
    return out
  }

  mutating func merge(_ other: CountTree) {
    let ids = keys.internAll(other.keys)
    if pathCounts.count < keys.count { pathCounts.append(contentsOf: repeatElement(0, count: keys.count - pathCounts.count)) }
    for (i, n) in other.pathCounts.enumerated() { pathCounts[Int(ids[i])] += n }
  }
}

extension CountTree: Equatable {
  static func == (a: CountTree, b: CountTree) -> Bool { a.counts == b.counts }
}

/// A count and a byte total (sender/recipient and domain tables).
struct CountBytes: Sendable, Equatable {
  var count = 0
  var bytes: Int64 = 0

  @inline(__always)
  mutating func add(count n: Int, bytes b: Int64) {
    count += n
    bytes = bytes.addingSaturated(b)
  }

  static func += (a: inout CountBytes, b: CountBytes) {
    a.count += b.count
    a.bytes = a.bytes.addingSaturated(b.bytes)
  }
}

/// Per recipient domain: deliveries, bytes, deferrals and delays (µs, exact integers so that the
/// merge order never changes a digit).
struct DeliveryStats: Sendable, Equatable {
  var delivered = 0
  var bytes: Int64 = 0
  var deferrals = 0
  var delaySum: Int64 = 0
  var delayMax: Int64 = 0

  @inline(__always)
  mutating func addDelivery(delay: Int64, bytes size: Int64 = 0) {
    delivered += 1
    bytes = bytes.addingSaturated(size)
    delaySum = delaySum.addingSaturated(delay)
    if delay > delayMax { delayMax = delay }
  }

  @inline(__always)
  mutating func addDeferral(delay: Int64) {
    deferrals += 1
    if delay > delayMax { delayMax = delay }
  }

  static func += (a: inout DeliveryStats, b: DeliveryStats) {
    a.delivered += b.delivered
    a.bytes = a.bytes.addingSaturated(b.bytes)
    a.deferrals += b.deferrals
    a.delaySum = a.delaySum.addingSaturated(b.delaySum)
    a.delayMax = max(a.delayMax, b.delayMax)
  }
}

/// Connection count, total and longest duration (seconds).
struct DurationStats: Sendable, Equatable {
  var count = 0
  var total: Int64 = 0
  var max: Int64 = 0

  mutating func add(_ seconds: Int64) {
    count += 1
    total = total.addingSaturated(seconds)
    if seconds > max { max = seconds }
  }

  static func += (a: inout DurationStats, b: DurationStats) {
    a.count += b.count
    a.total = a.total.addingSaturated(b.total)
    a.max = Swift.max(a.max, b.max)
  }
}

extension Int64 {
  /// `self + other`, held at the limit instead of trapping: byte, delay and duration totals add
  /// up numbers read from the log, and a crafted log can make them overflow.
  @inline(__always)
  func addingSaturated(_ other: Int64) -> Int64 {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow ? (other < 0 ? .min : .max) : sum
  }
}

// MARK: Aggregate file

extension CountTree: AggregateCodable {
  /// The paths in byte order with their counts; the memo (a cache) is not saved.
  func encode(to out: inout AggregateWriter) {
    let order = keys.idsInByteOrder()
    keys.encode(inOrder: order, to: &out)
    for id in order { out.count(pathCounts[Int(id)]) }
  }

  /// The most labels a saved path may have (the report recurses once per label; the parser's
  /// paths have a handful).
  static let maximumLabels = 16

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    var keys = try SymbolTable(decoding: &input)
    guard keys.count <= input.remaining else { throw input.failure("counts past the end") }
    var counts: [Int] = []
    counts.reserveCapacity(keys.count)
    for id in 0..<keys.count {
      let labels = keys.withBytes(Int32(id)) { key in 1 + key.lazy.filter { $0 == PathKey.separator }.count }
      guard labels <= Self.maximumLabels else { throw input.failure("a report path of \(labels) labels") }
      counts.append(try input.count())
    }
    // The report looks keys up (`DetailTreeBuilder`): the index is built now.
    keys.buildIndex()
    self.init()
    self.keys = keys
    pathCounts = counts
  }
}

extension CountBytes: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.count(count)
    out.amount(bytes)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(count: try input.count(), bytes: try input.amount())
  }
}

extension DeliveryStats: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.count(delivered)
    out.amount(bytes)
    out.count(deferrals)
    out.amount(delaySum)
    out.amount(delayMax)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(
      delivered: try input.count(), bytes: try input.amount(), deferrals: try input.count(), delaySum: try input.amount(),
      delayMax: try input.amount())
  }
}

extension DurationStats: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.count(count)
    out.amount(total)
    out.amount(max)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(count: try input.count(), total: try input.amount(), max: try input.amount())
  }
}
