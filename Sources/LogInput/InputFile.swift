#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// An open source: its descriptor, what `fstat` said, and the first bytes read for sniffing.
///
/// A pipe cannot be rewound, so bytes sniffed from one are kept as a prefix that the next
/// ``read(into:)`` returns before reading on. Descriptors opened here are closed on deinit; borrowed ones
/// (standard input) are not.
final class InputFile {
  let descriptor: Int32
  private let ownsDescriptor: Bool
  /// True for a regular file opened by path: only those can be seeked and split into byte ranges.
  let isSeekableRegularFile: Bool
  let status: stat
  /// Bytes read from the descriptor so far (the "compressed bytes" of the outcome).
  private(set) var bytesRead: Int64 = 0

  private var prefix: (UInt8, UInt8) = (0, 0)
  private var prefixCount = 0
  private var prefixUsed = 0

  private init(descriptor: Int32, ownsDescriptor: Bool, status: stat, isSeekableRegularFile: Bool) {
    self.descriptor = descriptor
    self.ownsDescriptor = ownsDescriptor
    self.status = status
    self.isSeekableRegularFile = isSeekableRegularFile
  }

  deinit {
    if ownsDescriptor {
      _ = close(descriptor)
    }
  }

  /// Opens a source for reading. Directories are refused here because Linux lets `open` succeed on them and only
  /// `read` fails, which would turn a usage mistake into a confusing read error.
  static func open(_ source: LogSource) -> Result<InputFile, SystemError> {
    let descriptor: Int32
    let owns: Bool
    switch source.storage {
    case .file(let path):
      descriptor = openRetryingInterrupts(path)
      guard descriptor >= 0 else { return .failure(.current) }
      owns = true
    case .descriptor(let borrowed, _):
      descriptor = borrowed
      owns = false
    }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let error = SystemError.current
      if owns { _ = close(descriptor) }
      return .failure(error)
    }
    if Self.isDirectory(status) {
      if owns { _ = close(descriptor) }
      return .failure(SystemError(code: EISDIR))
    }
    let regular = owns && Self.isRegularFile(status)
    #if os(Linux)
      if regular {
        // Tell the kernel we read front to back so it reads ahead aggressively; purely advisory.
        _ = posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
      }
    #endif
    return .success(
      InputFile(descriptor: descriptor, ownsDescriptor: owns, status: status, isSeekableRegularFile: regular))
  }

  private static func openRetryingInterrupts(_ path: String) -> Int32 {
    while true {
      let descriptor = systemOpen(path, O_RDONLY | O_CLOEXEC)
      if descriptor >= 0 || errno != EINTR { return descriptor }
    }
  }

  static func isDirectory(_ status: stat) -> Bool { (status.st_mode & S_IFMT) == S_IFDIR }
  static func isRegularFile(_ status: stat) -> Bool { (status.st_mode & S_IFMT) == S_IFREG }

  /// Up to `count` bytes from the current offset of a regular file, read with `pread` (nothing
  /// is consumed); empty for anything else, or when they cannot be read.
  func peek(_ count: Int) -> [UInt8] {
    guard Self.isRegularFile(status) else { return [] }
    let start = lseek(descriptor, 0, SEEK_CUR)
    guard start >= 0 else { return [] }
    var bytes = [UInt8](repeating: 0, count: count)
    var got = 0
    while got < count {
      let n = bytes.withUnsafeMutableBytes { buffer in
        retryingInterrupts { systemPread(descriptor, buffer.baseAddress! + got, count - got, start + off_t(got)) }  // Safe: count > got >= 0.
      }
      if n <= 0 { break }
      got += n
    }
    return Array(bytes[..<got])
  }

  /// Looks at the first two bytes (fewer at end of input) and decides the compression, without losing them: a
  /// regular file is peeked with `pread`; anything else (a pipe) is read, and the bytes are kept as a prefix that the
  /// next ``read(into:)`` returns.
  func sniffCompression() -> Result<Compression, SystemError> {
    var bytes: (UInt8, UInt8) = (0, 0)
    var count = 0
    let peekable = Self.isRegularFile(status)
    // Standard input may be a regular file read from its current offset, not from 0.
    let start = peekable ? lseek(descriptor, 0, SEEK_CUR) : 0
    while count < 2 {
      let result = withUnsafeMutableBytes(of: &bytes) { buffer in
        // Safe to unwrap: the storage of a two-byte tuple is never empty.
        let target = buffer.baseAddress! + count
        return retryingInterrupts {
          peekable
            ? systemPread(descriptor, target, 2 - count, start + off_t(count))
            : systemRead(descriptor, target, 2 - count)
        }
      }
      if result < 0 { return .failure(.current) }
      if result == 0 { break }
      count += result
    }
    if !peekable {
      prefix = bytes
      prefixCount = count
      prefixUsed = 0
    }
    return .success(Compression.sniff(bytes.0, bytes.1, count: count))
  }

  /// The gzip trailer's ISIZE (the last member's uncompressed size, modulo 2^32), read with `pread` from the last
  /// four bytes of a regular file without moving the offset; nil when the file is too short or cannot be read. Only
  /// a hint for balancing work: a multi-member file reports its last member, a file over 4 GiB wraps.
  func gzipTrailerSize() -> Int64? {
    guard Self.isRegularFile(status), status.st_size >= 18 else { return nil }
    var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
    let result = withUnsafeMutableBytes(of: &bytes) { buffer in
      // Safe to unwrap: the storage of a four-byte tuple is never empty.
      retryingInterrupts { systemPread(descriptor, buffer.baseAddress!, 4, off_t(status.st_size) - 4) }
    }
    guard result == 4 else { return nil }
    return Int64(bytes.0) | Int64(bytes.1) << 8 | Int64(bytes.2) << 16 | Int64(bytes.3) << 24
  }

  /// Moves to an absolute offset (regular files only).
  func seek(to offset: Int64) -> Result<Void, SystemError> {
    lseek(descriptor, off_t(offset), SEEK_SET) < 0 ? .failure(.current) : .success(())
  }

  /// Reads up to `buffer.count` bytes, returning 0 only at end of input: first any sniffed prefix on its own (so a
  /// pipe is not made to block for more), then one `read` call, so a pipe delivers what it has.
  func read(into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, SystemError> {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return .success(0) }
    if prefixUsed < prefixCount {
      var copied = 0
      while prefixUsed < prefixCount && copied < buffer.count {
        base.storeBytes(of: prefixUsed == 0 ? prefix.0 : prefix.1, toByteOffset: copied, as: UInt8.self)
        prefixUsed += 1
        copied += 1
      }
      bytesRead += Int64(copied)
      return .success(copied)
    }
    let result = retryingInterrupts { systemRead(descriptor, base, buffer.count) }
    if result < 0 { return .failure(.current) }
    bytesRead += Int64(result)
    return .success(result)
  }
}

/// Repeats a system call interrupted by a signal before it did anything (EINTR), as every careful C program does.
private func retryingInterrupts<Result: BinaryInteger>(_ call: () -> Result) -> Result {
  while true {
    let result = call()
    if result >= 0 || errno != EINTR { return result }
  }
}

// File-scope names for the C calls, because inside InputFile `open` and `read` mean its own methods.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
private func systemPread(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int {
  pread(descriptor, buffer, count, offset)
}
