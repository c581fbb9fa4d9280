#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogInput

/// Small files read and written whole: the archive's saved days, its page records, its lock
/// and options files. Written files go through `AtomicFile` (a temporary name, then a rename).
enum WholeFile {
  /// The file's bytes; nil with the system's reason when it cannot be read (`ENOENT` for a
  /// missing file). The size is taken from `fstat` and checked before anything is allocated.
  static func read(_ path: String, limit: Int64 = 1 << 34) -> Result<[UInt8], SystemError> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(.current) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return .failure(.current) }
    guard info.st_mode & S_IFMT == S_IFREG else { return .failure(SystemError(code: EISDIR)) }
    guard Int64(info.st_size) <= limit else { return .failure(SystemError(code: EFBIG)) }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { buffer in
        posixRead(fd, buffer.baseAddress! + offset, buffer.count - offset)  // Safe: offset < count.
      }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(.current)
      }
      if n == 0 { break }  // The file shrank while being read.
      offset += n
    }
    return .success(Array(bytes[..<offset]))
  }

  /// Writes `bytes` to `path` whole or not at all; nil on success.
  static func write(_ bytes: [UInt8], to path: String) -> OutputFailure? {
    do {
      let file = try AtomicFile(replacing: path)
      _ = bytes.withUnsafeBytes { file.write($0) }
      return file.publish()
    } catch {
      return error
    }
  }

  /// What changes when the file is replaced or rewritten (device, inode, size, modification
  /// time to the nanosecond); nil when it does not exist.
  static func stamp(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
  }

  /// The names in `directory` (without `.` and `..`); nil with the reason when it cannot be read.
  static func names(in directory: String) -> Result<[String], SystemError> {
    guard let stream = opendir(directory) else { return .failure(.current) }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name != "." && name != ".." { names.append(name) }
    }
    return .success(names)
  }
}

// The C library's `read`, which `WholeFile.read` hides.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
