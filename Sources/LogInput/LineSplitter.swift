#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Cuts chunks of bytes into lines and hands each to the body: the innermost loop of the whole program.
///
/// Lines that lie inside a chunk are delivered in place, straight from the chunk buffer (no copy, no allocation).
/// Only a line that crosses a chunk boundary is copied, into a carry buffer that never holds more than the line
/// limit; searching for its end resumes in the new chunk, so no byte is scanned twice. A line over the limit stops
/// being buffered the moment it is known to be too long, and its remaining bytes are skipped up to its newline.
///
/// Offsets are absolute positions in the uncompressed stream, so the splitter can tell where a line starts relative to
/// a byte range's upper bound.
struct LineSplitter: ~Copyable {
  private enum State {
    /// At the start of a line (nothing pending).
    case atLineStart
    /// Inside a line whose first bytes are in the carry buffer.
    case carrying
    /// Inside an overlong line (already counted): discarding bytes up to its newline.
    case skippingOverlong
    /// At the start of a byte range that begins mid-line: discarding the rest of that line, which the previous range
    /// owns. Not counted anywhere.
    case aligningToLineStart
  }

  private let maxLineLength: Int
  /// The carry buffer holds at most the limit plus a "\r" that will be stripped.
  private let carryLimit: Int
  /// Lines starting at or after this offset are not ours (the next byte range owns them).
  private let upperBound: Int64

  private var state: State
  /// Absolute offset of the next byte to be consumed.
  private var streamOffset: Int64
  /// Absolute offset where the pending line (or the next line) starts.
  private var lineStart: Int64
  /// Absolute offset of the first line this splitter owns.
  private var ownedStart: Int64

  private var carry: UnsafeMutablePointer<UInt8>
  private var carryCount = 0
  private var carryCapacity: Int
  private var peakCarryCapacity = 0

  private(set) var lines = 0
  private(set) var overlongLines = 0
  private var linesBeforeFirstOverlong = 0
  private var bytesBeforeFirstOverlong: Int64 = 0

  /// - Parameters:
  ///   - startOffset: the absolute offset of the first byte that will be fed.
  ///   - alignToLineStart: whether the first bytes are the tail of a line owned by someone else (a byte range that
  ///     starts one byte early, see ``LineReader``).
  init(maxLineLength: Int, startOffset: Int64, alignToLineStart: Bool, upperBound: Int64) {
    self.maxLineLength = maxLineLength
    carryLimit = maxLineLength < Int.max ? maxLineLength + 1 : Int.max
    self.upperBound = upperBound
    state = alignToLineStart ? .aligningToLineStart : .atLineStart
    streamOffset = startOffset
    lineStart = startOffset
    ownedStart = startOffset
    // Lines rarely cross chunks with more than a few hundred bytes; grow on demand up to the limit.
    carryCapacity = min(carryLimit, 4096)
    carry = .allocate(capacity: max(1, carryCapacity))
  }

  deinit {
    carry.deallocate()
  }

  /// Uncompressed bytes of the lines owned so far (complete lines, terminators included).
  var ownedBytes: Int64 { state == .aligningToLineStart ? 0 : lineStart - ownedStart }

  /// Bytes of the line in progress (the one that breaks off if the input does).
  var pendingBytes: Int64 { state == .aligningToLineStart ? 0 : streamOffset - lineStart }

  var peakLineBufferBytes: Int { peakCarryCapacity }

  /// Delivers every line that ends in `chunk` and keeps the unterminated tail pending. Returns false once a line
  /// starts at or after the upper bound: the caller must stop feeding.
  mutating func consume(
    _ chunk: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
  ) rethrows -> Bool {
    guard let raw = chunk.baseAddress, chunk.count > 0 else { return true }
    let base = raw.assumingMemoryBound(to: UInt8.self)
    let end = base + chunk.count
    let chunkOffset = streamOffset
    streamOffset += Int64(chunk.count)
    var cursor = base

    // Finish whatever the previous chunk left pending.
    switch state {
    case .atLineStart:
      break
    case .aligningToLineStart, .skippingOverlong:
      guard let newline = findNewline(cursor, end) else { return true }
      cursor = newline + 1
      if state == .aligningToLineStart {
        ownedStart = chunkOffset + Int64(cursor - base)
      }
      state = .atLineStart
    case .carrying:
      guard let newline = findNewline(cursor, end) else {
        keepPending(cursor, end)
        return true
      }
      let segment = newline - cursor
      if carryCount + segment > carryLimit {
        noteOverlongLine(startingAt: lineStart)
      } else {
        appendToCarry(cursor, segment)
        try deliver(UnsafePointer(carry), carryCount, startingAt: lineStart, body)
      }
      carryCount = 0
      cursor = newline + 1
      state = .atLineStart
    }

    // The hot loop: one memchr per line, lines delivered in place.
    while cursor < end {
      let start = chunkOffset + Int64(cursor - base)
      if start >= upperBound {
        lineStart = start
        return false
      }
      guard let newline = findNewline(cursor, end) else {
        lineStart = start
        keepPending(cursor, end)
        return true
      }
      try deliver(UnsafePointer(cursor), newline - cursor, startingAt: start, body)
      cursor = newline + 1
    }
    lineStart = streamOffset
    return true
  }

  /// Ends the stream: a final line without a newline is a line too, unless the input broke off (`keepFinalLine`
  /// false), in which case it is left pending so that ``pendingBytes`` says how much was dropped.
  mutating func finish(keepFinalLine: Bool, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
    guard keepFinalLine else { return }
    switch state {
    case .carrying:
      try deliver(UnsafePointer(carry), carryCount, startingAt: lineStart, body)
      carryCount = 0
    case .skippingOverlong, .atLineStart, .aligningToLineStart:
      break
    }
    if state != .aligningToLineStart {
      state = .atLineStart
      lineStart = streamOffset
    }
  }

  /// The overlong-lines summary, if any line was skipped.
  func overlongProblem(source: String) -> InputProblem? {
    guard overlongLines > 0 else { return nil }
    return InputProblem(
      source: source, kind: .overlongLines, bytesRead: bytesBeforeFirstOverlong, linesRead: linesBeforeFirstOverlong,
      skippedLines: overlongLines, lineLengthLimit: maxLineLength)
  }

  @inline(__always)
  private func findNewline(_ from: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
    guard let found = memchr(from, 0x0A, end - from) else { return nil }
    return UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
  }

  /// Delivers a complete line of `count` bytes (without its "\n"), minus one trailing "\r", or counts it as overlong.
  @inline(__always)
  private mutating func deliver(
    _ start: UnsafePointer<UInt8>, _ count: Int, startingAt offset: Int64,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
  ) rethrows {
    var length = count
    if length > 0 && start[length - 1] == 0x0D {
      length -= 1
    }
    if length > maxLineLength {
      noteOverlongLine(startingAt: offset)
      return
    }
    lines += 1
    try body(UnsafeBufferPointer(start: start, count: length))
  }

  /// Keeps the unterminated bytes `[from, end)` of the pending line, or gives up on the line once it is certain to
  /// be overlong: more than limit + 1 bytes without a newline can never shrink back under the limit.
  private mutating func keepPending(_ from: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) {
    let count = end - from
    if carryCount + count > carryLimit {
      noteOverlongLine(startingAt: lineStart)
      carryCount = 0
      state = .skippingOverlong
    } else {
      appendToCarry(from, count)
      state = .carrying
    }
  }

  private mutating func appendToCarry(_ from: UnsafePointer<UInt8>, _ count: Int) {
    let needed = carryCount + count
    if needed > carryCapacity {
      // Doubling keeps copies amortized; the cap keeps memory bounded by the limit, not by the line.
      let newCapacity = min(carryLimit, max(needed, carryCapacity * 2))
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
      grown.update(from: carry, count: carryCount)
      carry.deallocate()
      carry = grown
      carryCapacity = newCapacity
    }
    peakCarryCapacity = max(peakCarryCapacity, carryCapacity)
    (carry + carryCount).update(from: from, count: count)
    carryCount = needed
  }

  /// Counts an overlong line starting at absolute offset `offset`, remembering where the first one was.
  private mutating func noteOverlongLine(startingAt offset: Int64) {
    if overlongLines == 0 {
      linesBeforeFirstOverlong = lines
      bytesBeforeFirstOverlong = offset - ownedStart
    }
    overlongLines += 1
  }
}
