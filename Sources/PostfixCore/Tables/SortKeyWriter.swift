/// Writes host sort keys (`HostNames.sortKey`) back to back into one buffer with plain
/// stores: the report makes one for every address (hundreds of thousands), and building them
/// with array appends (a capacity check per label, a loop per byte to lower-case) cost several
/// times more (BENCHMARKS.md). `appendFastKey` writes the key of the common shapes in one backward
/// pass over the text, copying whole labels, then lower-cases eight bytes at a time; the
/// other shapes are `HostNames.slowSortKey`'s, which every key must equal.
struct SortKeyWriter {
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private(set) var count = 0
  /// Per byte: a label separator ('.' '@'), a byte that needs the slow path (white
  /// space, ':'), and anything but a digit or '.'.
  private static let separator: UInt8 = 1
  private static let unusual: UInt8 = 2
  private static let notDigitOrDot: UInt8 = 4
  private static let classes: [UInt8] = (0...255).map { b in
    let c = UInt8(b)
    var k: UInt8 = 0
    if c == ASCII.dot || c == ASCII.at { k |= SortKeyWriter.separator }
    if c <= 0x20 || c == ASCII.colon { k |= SortKeyWriter.unusual }
    if !(ASCII.isDigit(c) || c == ASCII.dot) { k |= SortKeyWriter.notDigitOrDot }
    return k
  }

  init(capacity: Int) {
    self.capacity = max(capacity, 16)
    base = .allocate(capacity: self.capacity)
  }

  func deallocate() { base.deallocate() }

  /// The keys written so far, back to back.
  var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

  /// Calls `body` with the keys written so far, back to back, in the writer's own buffer.
  func withBuffer<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    body(UnsafeBufferPointer(start: base, count: count))
  }

  private mutating func reserve(_ n: Int) {
    guard count + n > capacity else { return }
    let bigger = max(capacity * 2, count + n)
    let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
    moved.update(from: base, count: count)
    base.deallocate()
    base = moved
    capacity = bigger
  }

  mutating func append(_ key: [UInt8]) {
    reserve(key.count)
    key.withUnsafeBufferPointer { (base + count).update(from: $0.baseAddress!, count: $0.count) }  // Safe: keys are never empty.
    count += key.count
  }

  /// Appends the sort key of `text` and returns true when it has a common shape: an address
  /// or host name (its labels, split at '.' and '@', last first and lower-cased, after "0_")
  /// or a dotted quad ("2_" and eight hex digits), possibly followed by white space and more
  /// (the key reads only the first word). False, appending nothing, for every other shape.
  mutating func appendFastKey(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = text.count
    guard let source = text.baseAddress, n > 0 else { return false }  // "": the slow path's
    reserve(n + 3)
    let out = base + count
    var o = out + 2
    var flags: UInt8 = 0
    var end = n
    Self.classes.withUnsafeBufferPointer { classes in
      var i = n - 1
      while i >= 0 {
        let k = classes[Int(source[i])]
        flags |= k
        if k & Self.separator != 0 {
          let length = end - i - 1
          o.update(from: source + i + 1, count: length)
          o += length
          end = i
        }
        i -= 1
      }
    }
    if flags & Self.unusual != 0 {
      // The key reads only up to the first white space (`(split(/\s/, $host))[0]`):
      // bounce and warning texts are sentences, whose first word takes the fast path.
      guard let space = text.firstIndex(where: ASCII.isSpace), space > 0 else { return false }
      return appendFastKey(UnsafeBufferPointer(rebasing: text[..<space]))
    }
    if flags & Self.notDigitOrDot == 0 {
      // Only digits and dots: a dotted quad's key, or the slow path's.
      guard let quad = HostNames.ipv4Quad(text) else { return false }
      out[0] = 0x32  // "2"
      out[1] = ASCII.underscore
      for k in 0..<8 {
        let nibble = UInt8(truncatingIfNeeded: quad >> UInt32(28 - 4 * k)) & 0xF
        out[2 + k] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble  // 0-9, a-f
      }
      count += 10
      return true
    }
    o.update(from: source, count: end)
    o += end
    out[0] = 0x30  // "0"
    out[1] = ASCII.underscore
    Self.lowercase(out + 2, o - out - 2)
    count = o - base
    return true
  }

  /// ASCII capitals to small letters, eight bytes at a time (other bytes unchanged).
  private static func lowercase(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    var i = 0
    let raw = UnsafeMutableRawPointer(p)
    while i + 8 <= n {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      let heptets = w & ~high
      // High bit of each byte: at least 'A', above 'Z', and the byte is ASCII.
      let upper = (heptets &+ (0x80 - 0x41) &* ones) & ~(heptets &+ (0x80 - 0x5B) &* ones) & ~w & high
      raw.storeBytes(of: w | (upper >> 2), toByteOffset: i, as: UInt64.self)
      i += 8
    }
    while i < n {
      p[i] = ASCII.lower(p[i])
      i += 1
    }
  }
}

