/// What a ``LineReader`` read: counts for progress and statistics, and the input problems met on the way.
public struct ReadOutcome: Sendable, Equatable {
  /// Lines delivered to the body.
  public var lines: Int
  /// Uncompressed bytes of the lines consumed, terminators included: the delivered lines plus skipped overlong ones.
  /// For a whole, intact source this is its uncompressed size; for consecutive byte ranges the parts add up to it.
  public var bytes: Int64
  /// Bytes read from disk (compressed bytes for gzip; may include a little read-ahead past a byte range).
  public var compressedBytes: Int64
  /// Lines longer than the reader's `maxLineLength`: skipped whole and counted, so memory stays bounded.
  public var overlongLines: Int
  /// Input problems, in the order they happened; the ``InputProblem/Kind/overlongLines`` summary comes last.
  public var problems: [InputProblem]

  /// The largest buffer used to hold a line that crossed a chunk boundary. Internal: tests use it to check that
  /// memory stays bounded by the line-length limit, not by the length of the longest line.
  var peakLineBufferBytes: Int = 0

  /// An outcome with the given counts; the empty outcome (nothing read, no problem) by default.
  public init(
    lines: Int = 0, bytes: Int64 = 0, compressedBytes: Int64 = 0, overlongLines: Int = 0, problems: [InputProblem] = []
  ) {
    self.lines = lines
    self.bytes = bytes
    self.compressedBytes = compressedBytes
    self.overlongLines = overlongLines
    self.problems = problems
  }

  /// Combines the outcomes of consecutive byte ranges of one file, in file order, into the outcome of reading the
  /// whole file: counts are summed, positions in later parts are shifted by what earlier parts delivered, and the
  /// parts' ``InputProblem/Kind/overlongLines`` problems become one (with the file-wide first line number).
  public static func concatenating(_ parts: [ReadOutcome]) -> ReadOutcome {
    var total = ReadOutcome()
    var overlong: InputProblem?
    for part in parts {
      for var problem in part.problems {
        problem.bytesRead += total.bytes
        problem.linesRead += total.lines
        if problem.kind == .overlongLines {
          if overlong == nil {
            overlong = problem
          } else {
            overlong?.skippedLines += problem.skippedLines
          }
        } else {
          total.problems.append(problem)
        }
      }
      total.lines += part.lines
      total.bytes += part.bytes
      total.compressedBytes += part.compressedBytes
      total.overlongLines += part.overlongLines
      total.peakLineBufferBytes = max(total.peakLineBufferBytes, part.peakLineBufferBytes)
    }
    if let overlong {
      total.problems.append(overlong)
    }
    return total
  }
}
