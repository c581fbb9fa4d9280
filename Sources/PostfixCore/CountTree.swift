/// Counts keyed by a path of labels (service → host → reason ...): the raw form of every nested
/// report. Merging is addition.
///
/// Some reports see the same raw text over and over (a deferral reason recurs on every retry of
/// every queued message: 224 000 deferrals, 1 087 distinct, in a 300 MB log), and turning the
/// text into its path — rules, a `String` per label, hashing the labels — costs far more than
/// counting. `add(memo:path:)` counts such lines by their raw bytes and works the path out once
/// per distinct text; the memo is folded into the paths when it grows past `memoCapacity` and
/// whenever the counts are read, so readers only ever see paths. (Reject lines are nearly all
/// different, but their details are not: they are counted by the bytes of the detail's labels,
/// `RejectRules.writeLabels`.)
struct CountTree: Sendable, Equatable {
  private var table: [[String]: Int] = [:]
  /// Raw text → leaf (index into `memoPaths` and `memoCounts`).
  private var memoKeys = SymbolTable(capacity: 0)
  private var memoPaths: [[String]] = []
  private var memoCounts: [Int] = []

  static let memoCapacity = 4096

  /// Every path's count.
  var counts: [[String]: Int] {
    if memoPaths.isEmpty { return table }
    var all = table
    for (path, n) in zip(memoPaths, memoCounts) { all[path, default: 0] += n }
    return all
  }

  var isEmpty: Bool { table.isEmpty && memoPaths.isEmpty }

  @inline(__always)
  mutating func add(_ path: [String], _ n: Int = 1) {
    table[path, default: 0] += n
  }

  /// Counts one line whose path depends only on `key` (its raw text): `path` is called the
  /// first time a key is seen (again after the memo was folded).
  @inline(__always)
  mutating func add(memo key: UnsafeBufferPointer<UInt8>, path: () -> [String]) {
    let id = Int(memoKeys.intern(key))
    if id == memoPaths.count {
      memoPaths.append(path())
      memoCounts.append(1)
      if memoPaths.count >= Self.memoCapacity { foldMemo() }
    } else {
      memoCounts[id] += 1
    }
  }

  /// Folds the memo into the paths and drops it (at the end of input: the memo's keys are
  /// of no use to the report).
  mutating func foldMemo() {
    for (path, n) in zip(memoPaths, memoCounts) { table[path, default: 0] += n }
    memoKeys = SymbolTable(capacity: 0)
    memoPaths = []
    memoCounts = []
  }

  mutating func merge(_ other: CountTree) {
    for (k, v) in other.counts { table[k, default: 0] += v }
  }

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
