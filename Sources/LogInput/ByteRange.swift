/// A half-open range of byte offsets in a plain file, used to read one file on several cores.
///
/// A range owns the lines that *start* inside it: a range that begins mid-line skips to the next
/// line start (that line belongs to the previous range), and the last line it owns may run past
/// `upperBound`. Reading consecutive ranges therefore delivers every line of the file exactly once.
public struct ByteRange: Sendable, Hashable, CustomStringConvertible {
  /// The first offset whose line-start this range owns.
  public var lowerBound: Int64
  /// The first offset whose line-start this range no longer owns.
  public var upperBound: Int64

  /// A range from `lowerBound` up to, not including, `upperBound`; `0 <= lowerBound <= upperBound` is required.
  public init(lowerBound: Int64, upperBound: Int64) {
    precondition(0 <= lowerBound && lowerBound <= upperBound, "invalid byte range \(lowerBound)..<\(upperBound)")
    self.lowerBound = lowerBound
    self.upperBound = upperBound
  }

  /// The number of offsets in the range.
  public var count: Int64 { upperBound - lowerBound }

  /// `lower..<upper`, as in Swift.
  public var description: String { "\(lowerBound)..<\(upperBound)" }
}

/// Splits `[0, size)` into at most `parts` consecutive ranges of about equal size.
///
/// No reading is needed: ``LineReader`` aligns each range to line starts. Fewer ranges are returned
/// when the file has fewer bytes than `parts` (no range is empty), and always at least one.
public func splitByteRanges(size: Int64, parts: Int) -> [ByteRange] {
  let size = max(0, size)
  let parts = Int64(max(1, min(Int64(parts), max(1, size))))
  var ranges: [ByteRange] = []
  ranges.reserveCapacity(Int(parts))
  var lower: Int64 = 0
  for index in 1...parts {
    // Multiply before dividing so the ranges differ in size by at most one byte; size * parts cannot
    // overflow for any real file (parts is bounded by the core count in practice, and size by 2^63 / parts).
    let upper = index == parts ? size : size / parts * index + (size % parts) * index / parts
    ranges.append(ByteRange(lowerBound: lower, upperBound: upper))
    lower = upper
  }
  return ranges
}
