#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogInput
import PostfixCore

/// Aggregate files on disk (docs/AGGREGATE.md): written whole or not at all, read whole and
/// checked. The format itself is `PostfixCore`'s (`Summary.aggregateBytes`,
/// `Summary(aggregateBytes:)`, `AggregateHeader`).
enum AggregateFile {
  /// Why a file could not be used: one line for stderr, naming it.
  struct Failure: Error, Equatable {
    var message: String
  }

  /// Writes `summary`'s aggregate to `path` through a temporary file renamed into place (as the
  /// report files are written); nil on success.
  static func save(_ summary: Summary, to path: String) -> OutputFailure? {
    save(summary.aggregateBytes(), to: path)
  }

  static func save(_ bytes: [UInt8], to path: String) -> OutputFailure? {
    let file: AtomicFile
    do {
      file = try AtomicFile(replacing: path)
    } catch {
      return error
    }
    // A failed write is kept by the file: `publish` then reports it and leaves the target as it was.
    _ = bytes.withUnsafeBytes { file.write($0) }
    return file.publish()
  }

  /// The summary saved in `source`, checked (`Summary(aggregateBytes:)`).
  static func load(_ source: LogSource) -> Result<(summary: Summary, bytes: [UInt8]), Failure> {
    switch read(source) {
    case .failure(let failure): return .failure(failure)
    case .success(let bytes):
      do {
        return .success((try Summary(aggregateBytes: bytes), bytes))
      } catch {
        return .failure(Failure(message: "\(source.displayName): \(error.description)"))
      }
    }
  }

  /// The header of the aggregate file at `path` (its options and period), reading only the
  /// header's bytes.
  static func header(path: String) -> Result<AggregateHeader, Failure> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(Failure(message: "\(path): \(SystemError.current.message)")) }
    defer { close(fd) }
    do {
      return .success(try AggregateHeader(prefix: try headerBytes(fd, path)))
    } catch let error as AggregateError {
      return .failure(Failure(message: "\(path): \(error.description)"))
    } catch let error as Failure {
      return .failure(error)
    } catch {
      return .failure(Failure(message: "\(path): \(error)"))
    }
  }

  /// What changes when the content of the aggregate file at `path` changes, read from its first
  /// bytes only: its size, and the checksums and payload length that end its header (the
  /// header's CRC covers the period and options, the payload's every figure). Unlike a file's
  /// inode and modification time it survives a copy (`cp -a`, rsync, a restore from backup), so
  /// an archive moved elsewhere does not make every page again. Nil when the file cannot be read
  /// or is no aggregate.
  static func contentStamp(path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0, let header = try? headerBytes(fd, path),
      (try? AggregateHeader.length(fromPrefix: header)) == header.count
    else { return nil }
    let checksums = header.suffix(16).map { byte in String(byte, radix: 16) }.joined(separator: ".")
    return "\(status.st_size):\(checksums)"
  }

  /// The header's bytes at the start of the open file `fd`, from the magic to the payload's
  /// checksum (fewer when the file ends first); throws when they are no aggregate's.
  private static func headerBytes(_ fd: Int32, _ name: String) throws -> [UInt8] {
    let fixed = try readUpTo(fd, AggregateHeader.fixedLength, name)
    let total = try AggregateHeader.length(fromPrefix: fixed)
    return fixed + (try readUpTo(fd, total - fixed.count, name))
  }

  /// The whole content of `source` (a file, or standard input redirected from one).
  static func read(_ source: LogSource) -> Result<[UInt8], Failure> {
    let name = source.displayName
    let fd: Int32
    if let path = source.path {
      fd = open(path, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { return .failure(Failure(message: "\(name): \(SystemError.current.message)")) }
    } else {
      fd = 0
    }
    defer { if fd != 0 { close(fd) } }
    var status = stat()
    guard fstat(fd, &status) == 0 else { return .failure(Failure(message: "\(name): \(SystemError.current.message)")) }
    do {
      // A regular file is read to its size (the size the system reports, not one the file
      // claims); anything else to its end.
      return .success(try readUpTo(fd, (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : Int.max, name))
    } catch {
      return .failure(error)
    }
  }

  /// Up to `count` bytes from `fd`, fewer at its end.
  private static func readUpTo(_ fd: Int32, _ count: Int, _ name: String) throws(Failure) -> [UInt8] {
    // A known size: read straight into the array (no chunk buffer zeroed and copied from).
    if count < Int.max {
      var failure: Failure?
      // (At least one byte of room: see `SymbolTable.init(decoding:)`.)
      let out = [UInt8](unsafeUninitializedCapacity: Swift.max(count, 1)) { buffer, made in
        made = 0
        while made < count {
          let n = posixRead(fd, buffer.baseAddress! + made, count - made)  // Safe: count > made ≥ 0, so the buffer is not empty.
          if n < 0 {
            if errno == EINTR { continue }
            failure = Failure(message: "\(name): \(SystemError.current.message)")
            return
          }
          if n == 0 { break }
          made += n
        }
      }
      if let failure { throw failure }
      return out
    }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while out.count < count {
      let want = min(chunk.count, count - out.count)
      let n = chunk.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress!, want) }  // Safe: a 1 MiB buffer.
      if n < 0 {
        if errno == EINTR { continue }
        throw Failure(message: "\(name): \(SystemError.current.message)")
      }
      if n == 0 { break }
      out.append(contentsOf: chunk[..<n])
    }
    return out
  }
}

private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
