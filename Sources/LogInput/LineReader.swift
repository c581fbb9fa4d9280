/// Streams the lines of one source (a whole file, standard input, or a byte range of a plain file) to a closure.
///
/// Lines are delivered without their terminator ("\n", or "\r\n": one trailing "\r" is stripped) as a borrowed
/// buffer that is valid only during the call; a final line without "\n" is delivered too. Bytes pass through
/// untouched otherwise: NUL bytes and invalid UTF-8 are the parser's business. gzip input is recognized by its magic
/// bytes and decompressed on the fly.
///
/// Memory is bounded by `chunkSize` and `maxLineLength`, whatever the size of the file or of its lines. Reading never
/// fails by throwing: problems with the input are listed in the ``ReadOutcome``, after every line before them has
/// been delivered.
public struct LineReader: Sendable {
  /// What to read.
  public let source: LogSource
  /// The byte range whose lines to read; nil for all of them.
  public let range: ByteRange?
  /// The longest line delivered, in bytes without the terminator; longer lines are skipped and counted.
  public let maxLineLength: Int
  /// Bytes per read and per decompressed chunk; memory use is a small multiple of it.
  public let chunkSize: Int
  /// Whether a second thread may read ahead while the body works.
  public let prefetch: Bool

  /// Describes a read; nothing is opened until ``forEachLine(_:)``.
  ///
  /// - Parameters:
  ///   - source: the file or standard input.
  ///   - range: read only the lines that start in this range (see ``ByteRange``). Splitting needs random access, so
  ///     it applies to plain regular files only; for gzip data, pipes and standard input the range that starts at 0
  ///     reads everything and any other range reads nothing, so a split file is still read exactly once.
  ///   - maxLineLength: longer lines (not counting the terminator) are skipped whole and counted.
  ///   - chunkSize: bytes per read and per decompressed chunk.
  ///   - prefetch: read and decompress the next chunk on a second thread while `body` works on the current one.
  ///     Used for gzip data, pipes and plain files bigger than a few chunks; small plain files are read directly.
  public init(
    source: LogSource, range: ByteRange? = nil, maxLineLength: Int = 1 << 20, chunkSize: Int = 1 << 18,
    prefetch: Bool = true
  ) {
    precondition(maxLineLength >= 0, "maxLineLength must not be negative")
    precondition(chunkSize > 0, "chunkSize must be positive")
    self.source = source
    self.range = range
    self.maxLineLength = maxLineLength
    self.chunkSize = chunkSize
    self.prefetch = prefetch
  }

  /// Plain files up to this many chunks are read without a prefetch thread: starting one would cost more than it saves.
  static let directReadChunkLimit: Int64 = 4

  /// Reads to the end, or to the first problem that makes reading on impossible, calling `body` with each line.
  ///
  /// Never throws for input problems: they are in the outcome, and every line before the problem has been delivered.
  /// Rethrows only what `body` throws; reading stops at once (and any prefetch thread is stopped) when it does.
  public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows -> ReadOutcome {
    let name = source.displayName
    let file: InputFile
    switch InputFile.open(source) {
    case .success(let opened): file = opened
    case .failure(let error):
      return ReadOutcome(problems: [InputProblem(source: name, kind: .cannotOpen, detail: error.message)])
    }
    let compression: Compression
    switch file.sniffCompression() {
    case .success(let sniffed): compression = sniffed
    case .failure(let error):
      return ReadOutcome(problems: [InputProblem(source: name, kind: .readError, detail: error.message)])
    }

    // Where to start, where to stop, and whether the first bytes belong to the previous range's last line.
    let splittable = compression == .none && file.isSeekableRegularFile
    var startOffset: Int64 = 0
    var alignToLineStart = false
    var upperBound = Int64.max
    var expectedBytes = splittable ? Int64(file.status.st_size) : Int64.max
    if let range {
      if !splittable && range.lowerBound > 0 {
        return ReadOutcome()  // the range starting at 0 reads this whole source
      }
      if splittable {
        upperBound = range.upperBound
        expectedBytes = range.count
        if range.lowerBound > 0 {
          // Start one byte early and skip through the first "\n": if that byte is the "\n", a line starts exactly at
          // lowerBound and is ours; otherwise the line in progress belongs to the previous range.
          startOffset = range.lowerBound - 1
          alignToLineStart = true
          if case .failure(let error) = file.seek(to: startOffset) {
            return ReadOutcome(problems: [InputProblem(source: name, kind: .readError, detail: error.message)])
          }
        }
      }
    }

    let producer: any ChunkProducer =
      compression == .gzip
      ? GzipChunkProducer(file: file, inputCapacity: chunkSize) : PlainChunkProducer(file: file)
    let feed: any ChunkFeed
    if prefetch && expectedBytes > Self.directReadChunkLimit * Int64(chunkSize),
      let prefetching = PrefetchingChunkFeed.start(producer: producer, chunkSize: chunkSize)
    {
      feed = prefetching
    } else {
      feed = DirectChunkFeed(producer: producer, chunkSize: chunkSize)
    }
    defer { feed.finish() }  // also when body throws: the prefetch thread must not outlive the read

    var splitter = LineSplitter(
      maxLineLength: maxLineLength, startOffset: startOffset, alignToLineStart: alignToLineStart,
      upperBound: upperBound)
    var damage: SourceDamage?
    reading: while true {
      switch feed.next() {
      case .bytes(let chunk):
        if try !splitter.consume(chunk, body) { break reading }
      case .end:
        try splitter.finish(keepFinalLine: true, body)
        break reading
      case .damaged(let cause):
        damage = cause
        try splitter.finish(keepFinalLine: cause.keepsFinalLine, body)
        break reading
      }
    }
    feed.finish()

    var outcome = ReadOutcome(
      lines: splitter.lines, bytes: splitter.ownedBytes, compressedBytes: feed.compressedBytes,
      overlongLines: splitter.overlongLines)
    outcome.peakLineBufferBytes = splitter.peakLineBufferBytes
    if let damage {
      outcome.problems.append(
        InputProblem(
          source: name, kind: damage.kind, detail: damage.detail, bytesRead: splitter.ownedBytes,
          linesRead: splitter.lines, ignoredBytes: damage.keepsFinalLine ? damage.garbageBytes : splitter.pendingBytes))
    }
    if let overlong = splitter.overlongProblem(source: name) {
      outcome.problems.append(overlong)
    }
    return outcome
  }
}
