/// A problem reading one input, reported as a value: input problems never crash the program and are
/// never silent. Everything delivered before the problem stays delivered and counted.
///
/// ``description`` is the one-line message the CLI prints after "postsumm: ", for example
/// `mail.log.2.gz: truncated gzip data (stopped after 1234567 bytes of log, 812 lines)`.
public struct InputProblem: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong; the CLI may group or count problems by kind.
  public enum Kind: Sendable, Equatable {
    /// The source could not be opened (missing, a directory, no permission): nothing was read.
    case cannotOpen
    /// The operating system failed a read part-way through.
    case readError
    /// A gzip stream ended before its end marker and trailer: the file was cut short (a crash, a copy in progress).
    case truncatedGzip
    /// The gzip data is invalid, or its CRC/length trailer does not match what was decompressed.
    case corruptGzip
    /// A complete gzip stream is followed by bytes that are not another gzip member; they are ignored.
    case trailingGarbage
    /// Lines longer than the reader's limit were skipped whole (reported once per read, with a count).
    case overlongLines
  }

  /// The source's display name (``LogSource/displayName``).
  public var source: String
  /// What went wrong.
  public var kind: Kind
  /// The operating system's `strerror` text or zlib's message; empty when the kind says it all.
  public var detail: String
  /// Uncompressed bytes of complete lines consumed before the problem (for ``Kind/overlongLines``: before the
  /// first overlong line).
  public var bytesRead: Int64
  /// Lines delivered before the problem (for ``Kind/overlongLines``: before the first overlong line, so that line
  /// is number `linesRead + 1`).
  public var linesRead: Int
  /// Bytes read but not delivered: the garbage after the gzip data for ``Kind/trailingGarbage``, or the incomplete
  /// last line dropped because the data broke off (``Kind/truncatedGzip``, ``Kind/corruptGzip``, ``Kind/readError``).
  public var ignoredBytes: Int64
  /// For ``Kind/overlongLines``: how many lines were skipped.
  public var skippedLines: Int
  /// For ``Kind/overlongLines``: the limit the skipped lines exceeded, in bytes.
  public var lineLengthLimit: Int

  /// A problem with all its facts; the fields that do not apply to `kind` stay zero or empty.
  public init(
    source: String, kind: Kind, detail: String = "", bytesRead: Int64 = 0, linesRead: Int = 0,
    ignoredBytes: Int64 = 0, skippedLines: Int = 0, lineLengthLimit: Int = 0
  ) {
    self.source = source
    self.kind = kind
    self.detail = detail
    self.bytesRead = bytesRead
    self.linesRead = linesRead
    self.ignoredBytes = ignoredBytes
    self.skippedLines = skippedLines
    self.lineLengthLimit = lineLengthLimit
  }

  /// One line, `"<source>: <what happened> (<where>)"`.
  public var description: String {
    switch kind {
    case .cannotOpen:
      "\(source): \(detail)"
    case .readError:
      "\(source): read error: \(detail) (after \(position)\(droppedLine))"
    case .truncatedGzip:
      "\(source): truncated gzip data (stopped after \(position)\(droppedLine))"
    case .corruptGzip:
      "\(source): corrupt gzip data: \(detail) (after \(position)\(droppedLine))"
    case .trailingGarbage:
      "\(source): trailing garbage after gzip data (ignored \(Self.count(ignoredBytes, "byte")))"
    case .overlongLines:
      "\(source): \(Self.count(Int64(skippedLines), "line")) longer than \(lineLengthLimit) bytes skipped"
        + " (first at line \(linesRead + 1))"
    }
  }

  private var position: String {
    "\(bytesRead) bytes of log, \(Self.count(Int64(linesRead), "line"))"
  }

  private var droppedLine: String {
    ignoredBytes > 0 ? "; dropped an incomplete last line of \(Self.count(ignoredBytes, "byte"))" : ""
  }

  private static func count(_ number: Int64, _ noun: String) -> String {
    number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
  }
}
