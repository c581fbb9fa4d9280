#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReportModel

/// Puts strings in host order: pflogsumm's host sort key (`HostNames.sortKey`), then
/// the raw bytes. This is the tie order of every table, and with hundreds of thousands of
/// recipients it was the report model's largest cost as a comparison sort over the keys.
///
/// So it is a most-significant-digit sort: the keys, packed in one buffer, are sorted eight
/// bytes at a time as big-endian integers held next to each key's index (so comparisons read
/// nothing else); only keys whose eight bytes tie are looked at again, at the next eight.
/// Keys shorter than a step read as zero-padded, so a run that ties all the way to its keys'
/// ends is settled by comparing the keys whole (shorter first), then the raw strings.
struct HostOrder {
  /// One key being sorted: its next eight bytes, where it is, and how long it is.
  private struct Entry {
    var prefix: UInt64
    var index: Int32
    var length: UInt32
  }

  /// The sort keys of all strings back to back: key i is `packed[starts[i] ..< starts[i] + length]`.
  /// Borrowed: whoever made the order keeps the buffer alive while it sorts.
  private let packed: UnsafeBufferPointer<UInt8>
  private let starts: [UInt32]
  /// The strings whose raw bytes order equal keys; nil when the keys are the strings
  /// themselves (`byteOrder`): equal keys then keep their indices' order.
  private let strings: AddressList?

  /// Below this many keys a run is sorted by whole-key comparisons.
  private static let smallRun = 12
  /// From this many keys on, a run's prefixes are radix sorted.
  private static let radixRun = 1024

  /// The indices of `strings` in host order.
  static func indices(_ strings: [String]) -> [Int32] {
    indices(AddressList(strings))
  }

  /// The indices of the list's strings in host order.
  static func indices(_ strings: AddressList) -> [Int32] {
    let (keys, starts) = sortKeyBuffer(strings)
    defer { keys.deallocate() }
    return keys.withBuffer { HostOrder(strings, keys: $0, starts: starts).sorted() }
  }

  /// The indices of the list's strings in byte order: the same sort with each string its own
  /// key (`CountTree`'s paths, whose byte order is their order label by label).
  static func byteOrder(_ strings: AddressList) -> [Int32] {
    strings.withStorage { bytes, ends in
      var starts: [UInt32] = []
      starts.reserveCapacity(ends.count)
      var start: UInt32 = 0
      for end in ends {
        starts.append(start)
        start = end
      }
      return byteOrder(bytes, starts: starts)
    }
  }

  /// The indices of byte strings packed in `bytes` — string i from `starts[i]` to the next
  /// start (the last to the end) — in byte order: `memcmp`'s, the shorter first where one
  /// begins the other. Any bytes (a symbol table's keys, as saved in aggregate files).
  static func byteOrder(_ bytes: UnsafeBufferPointer<UInt8>, starts: [UInt32]) -> [Int32] {
    HostOrder(nil, keys: bytes, starts: starts).sorted()
  }

  private init(_ strings: AddressList?, keys: UnsafeBufferPointer<UInt8>, starts: [UInt32]) {
    self.strings = strings
    packed = keys
    self.starts = starts
  }

  /// Every string's sort key, written back to back (the caller deallocates the writer), and
  /// where each starts. The keys are not copied into an array: with hundreds of thousands of
  /// recipients they are megabytes, freshly faulted in for the copy.
  private static func sortKeyBuffer(_ strings: AddressList) -> (SortKeyWriter, [UInt32]) {
    let n = strings.count
    // 32-bit offsets and indices: half the room of Int columns (millions of addresses at most).
    precondition(n <= Int(Int32.max), "too many addresses for the report's sort")
    var starts: [UInt32] = []
    starts.reserveCapacity(n)
    return strings.withStorage { bytes, ends in
      // A key of the common shape is at most three bytes longer than its string.
      var keys = SortKeyWriter(capacity: bytes.count + 3 * n + 16)
      var start = 0
      for end in ends {
        let text = UnsafeBufferPointer(rebasing: bytes[start..<Int(end)])
        starts.append(UInt32(keys.count))
        if !keys.appendFastKey(text) { keys.append(HostNames.slowSortKey(String(decoding: text, as: UTF8.self))) }
        precondition(keys.count <= Int(UInt32.max), "too many addresses for the report's sort")
        start = Int(end)
      }
      return (keys, starts)
    }
  }

  /// Each string's sort key as `HostOrder` writes it (for tests: it must be `HostNames.sortKey`).
  static func sortKeys(_ strings: AddressList) -> [[UInt8]] {
    let (keys, starts) = sortKeyBuffer(strings)
    defer { keys.deallocate() }
    let packed = keys.array
    return starts.indices.map { i in
      let end = i + 1 < starts.count ? Int(starts[i + 1]) : packed.count
      return Array(packed[Int(starts[i])..<end])
    }
  }

  private func sorted() -> [Int32] {
    let n = starts.count
    var entries = [Entry]()
    entries.reserveCapacity(n)
    for i in 0..<n {
      let end = i + 1 < n ? Int(starts[i + 1]) : packed.count
      entries.append(Entry(prefix: 0, index: Int32(i), length: UInt32(end - Int(starts[i]))))
    }
    var scratch = entries
    entries.withUnsafeMutableBufferPointer { e in
      scratch.withUnsafeMutableBufferPointer { scratch in
        for k in e.indices { e[k].prefix = prefix(of: e[k], at: 0, packed) }
        sortRun(e, 0..<n, depth: 0, packed, scratch)
      }
    }
    return entries.map(\.index)
  }

  /// Sorts `run`, whose keys agree on their first `depth` bytes and whose prefixes hold the
  /// eight after that.
  private func sortRun(
    _ e: UnsafeMutableBufferPointer<Entry>, _ run: Range<Int>, depth: Int, _ keys: UnsafeBufferPointer<UInt8>,
    _ scratch: UnsafeMutableBufferPointer<Entry>
  ) {
    var depth = depth
    while true {
      if run.count < 2 { return }
      if run.count <= Self.smallRun {
        sortWhole(e, run, keys)
        return
      }
      let first = e[run.lowerBound].prefix
      var allTie = true
      for k in run where e[k].prefix != first {
        allTie = false
        break
      }
      if !allTie { break }
      // One prefix for the whole run (say every address at one domain): no sort at this
      // depth, straight to the next eight bytes, or to whole keys when they all end here.
      guard run.contains(where: { Int(e[$0].length) > depth + 8 }) else {
        sortWhole(e, run, keys)
        return
      }
      depth += 8
      for k in run { e[k].prefix = prefix(of: e[k], at: depth, keys) }
    }
    var slice = UnsafeMutableBufferPointer(rebasing: e[run])
    if run.count >= Self.radixRun {
      RadixSort.sort(slice, scratch: UnsafeMutableBufferPointer(rebasing: scratch[run]), key: { $0.prefix })
    } else {
      slice.sort { $0.prefix < $1.prefix }
    }
    var i = run.lowerBound
    while i < run.upperBound {
      var j = i + 1
      while j < run.upperBound && e[j].prefix == e[i].prefix { j += 1 }
      if j - i > 1 {
        if (i..<j).contains(where: { Int(e[$0].length) > depth + 8 }) {
          for k in i..<j { e[k].prefix = prefix(of: e[k], at: depth + 8, keys) }
          sortRun(e, i..<j, depth: depth + 8, keys, scratch)
        } else {
          sortWhole(e, i..<j, keys)
        }
      }
      i = j
    }
  }

  /// Whole-key comparisons: the keys byte by byte (a shorter key first), then the strings.
  private func sortWhole(_ e: UnsafeMutableBufferPointer<Entry>, _ run: Range<Int>, _ keys: UnsafeBufferPointer<UInt8>) {
    var slice = UnsafeMutableBufferPointer(rebasing: e[run])
    slice.sort { a, b in
      let ka = UnsafeBufferPointer(rebasing: keys[Int(starts[Int(a.index)])...].prefix(Int(a.length)))
      let kb = UnsafeBufferPointer(rebasing: keys[Int(starts[Int(b.index)])...].prefix(Int(b.length)))
      let c = Self.compare(ka, kb)
      if c != 0 { return c < 0 }
      guard let strings else { return a.index < b.index }
      return strings.withBytes(Int(a.index)) { ra in strings.withBytes(Int(b.index)) { rb in Self.compare(ra, rb) < 0 } }
    }
  }

  /// Bytes `depth ..< depth + 8` of the entry's key, big-endian (integer order is byte
  /// order), zero past the key's end.
  @inline(__always)
  private func prefix(of entry: Entry, at depth: Int, _ keys: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let length = Int(entry.length)
    if depth >= length { return 0 }
    let start = Int(starts[Int(entry.index)]) + depth
    if length - depth >= 8 {
      return UInt64(bigEndian: UnsafeRawPointer(keys.baseAddress! + start).loadUnaligned(as: UInt64.self))  // Safe: 8 bytes in the key.
    }
    var v: UInt64 = 0
    for k in 0..<8 { v = v << 8 | UInt64(depth + k < length ? keys[start + k] : 0) }
    return v
  }

  /// Byte-wise three-way comparison (shorter prefix first).
  @inline(__always)
  static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let n = min(a.count, b.count)
    let c = n == 0 ? 0 : Int(memcmp(a.baseAddress!, b.baseAddress!, n))  // Safe: n > 0.
    if c != 0 { return c }
    return a.count - b.count
  }
}
