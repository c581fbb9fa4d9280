/// A stable least-significant-digit radix sort on 64-bit keys, a byte at a time, skipping
/// the bytes every key shares. The report sorts hundreds of thousands of rows by integers
/// only (values and positions, key prefixes); a comparison sort through a closure took
/// about 20 comparisons a row, each a call.
enum RadixSort {
  /// Sorts `items` by `key` (ascending; equal keys keep their order), using `scratch`
  /// (at least as long) for the passes.
  static func sort<T: BitwiseCopyable>(
    _ items: UnsafeMutableBufferPointer<T>, scratch: UnsafeMutableBufferPointer<T>, key: (T) -> UInt64
  ) {
    let n = items.count
    precondition(scratch.count >= n, "radix sort scratch too small")
    if n < 2 { return }
    var source = items.baseAddress!  // Safe: n >= 2.
    var target = scratch.baseAddress!
    var counts = [Int](repeating: 0, count: 256)
    counts.withUnsafeMutableBufferPointer { counts in
      var shift: UInt64 = 0
      while shift < 64 {
        for b in 0..<256 { counts[b] = 0 }
        for i in 0..<n { counts[Int(truncatingIfNeeded: key(source[i]) >> shift) & 0xFF] += 1 }
        // A byte every key shares orders nothing.
        if counts[Int(truncatingIfNeeded: key(source[0]) >> shift) & 0xFF] != n {
          var sum = 0
          for b in 0..<256 {
            let c = counts[b]
            counts[b] = sum
            sum += c
          }
          for i in 0..<n {
            let b = Int(truncatingIfNeeded: key(source[i]) >> shift) & 0xFF
            (target + counts[b]).initialize(to: source[i])
            counts[b] += 1
          }
          swap(&source, &target)
        }
        shift += 8
      }
    }
    if source != items.baseAddress! {
      items.baseAddress!.update(from: source, count: n)  // Safe: n >= 2.
    }
  }

  /// Sorts `keys` ascending.
  static func sort(_ keys: inout [UInt64]) {
    var scratch = [UInt64](repeating: 0, count: keys.count)
    keys.withUnsafeMutableBufferPointer { k in
      scratch.withUnsafeMutableBufferPointer { s in sort(k, scratch: s, key: { $0 }) }
    }
  }
}
