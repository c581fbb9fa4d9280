#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a quick look at a source tells, without parsing it: enough to order inputs, plan parallel reads and show
/// progress.
public struct SourceInfo: Sendable, Hashable {
  /// Sniffed from the magic bytes 1f 8b, never from the name. A pipe cannot be peeked without consuming it, so
  /// standard input reports `.none` unless it is redirected from a regular file; the reader sniffs it anyway.
  public var compression: Compression
  /// The modification time (stat mtime) in seconds since the epoch, for a regular file opened by path; nil for
  /// standard input and pipes.
  public var modificationTime: Int64?
  /// The on-disk size of a regular file opened by path; nil otherwise.
  public var byteSize: Int64?
  /// Whether this is a regular file opened by path. Byte-range splitting needs this and `compression == .none`.
  public var isRegularFile: Bool
  /// For a gzip regular file, the uncompressed size its trailer states (see ``expectedLogBytes``); nil otherwise.
  public var gzipTrailerSize: Int64?
  /// A regular file's first bytes (up to ``leadingByteCount``), for callers that tell other kinds of file by their
  /// content (postsumm's aggregate files); empty for pipes.
  public var leadingBytes: [UInt8] = []
  public static let leadingByteCount = 8

  /// About how many bytes of log this source holds, for sharing files among threads: the plain size, or what the
  /// gzip trailer states (at least the compressed size, since a wrapped or multi-member trailer can understate it).
  /// Nil for pipes, which cannot be measured before they are read.
  public var expectedLogBytes: Int64? {
    guard let byteSize else { return nil }
    guard compression == .gzip else { return byteSize }
    return max(byteSize, gzipTrailerSize ?? byteSize * 8)
  }

  /// Facts about a source, as ``inspect(_:)`` finds them (public so that callers can make their own for tests).
  public init(compression: Compression, modificationTime: Int64?, byteSize: Int64?, isRegularFile: Bool, gzipTrailerSize: Int64? = nil) {
    self.compression = compression
    self.gzipTrailerSize = gzipTrailerSize
    self.modificationTime = modificationTime
    self.byteSize = byteSize
    self.isRegularFile = isRegularFile
  }

  /// Whether ``LineReader`` can read this source in byte ranges on several cores.
  public var isSplittable: Bool { isRegularFile && compression == .none }
}

/// Opens a source, sniffs its compression and reads its metadata; nothing is consumed from a regular file.
/// A missing, unreadable or directory source is a ``InputProblem/Kind/cannotOpen`` problem.
public func inspect(_ source: LogSource) -> Result<SourceInfo, InputProblem> {
  let file: InputFile
  switch InputFile.open(source) {
  case .success(let opened): file = opened
  case .failure(let error):
    return .failure(InputProblem(source: source.displayName, kind: .cannotOpen, detail: error.message))
  }
  // Peeking a pipe would swallow its first bytes, so only regular files are sniffed here.
  var compression = Compression.none
  if InputFile.isRegularFile(file.status) {
    switch file.sniffCompression() {
    case .success(let sniffed): compression = sniffed
    case .failure(let error):
      return .failure(InputProblem(source: source.displayName, kind: .readError, detail: error.message))
    }
  }
  let leading = compression == .none ? file.peek(SourceInfo.leadingByteCount) : []
  #if canImport(Darwin)
    let modified = Int64(file.status.st_mtimespec.tv_sec)
  #else
    let modified = Int64(file.status.st_mtim.tv_sec)
  #endif
  var info = SourceInfo(
    compression: compression,
    modificationTime: file.isSeekableRegularFile ? modified : nil,
    byteSize: file.isSeekableRegularFile ? Int64(file.status.st_size) : nil,
    isRegularFile: file.isSeekableRegularFile,
    gzipTrailerSize: compression == .gzip ? file.gzipTrailerSize() : nil)
  info.leadingBytes = leading
  return .success(info)
}
