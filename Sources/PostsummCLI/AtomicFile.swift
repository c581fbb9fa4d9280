#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogInput

/// One output file, written whole or not at all: the bytes go to a temporary file in the
/// target's directory (`.NAME.postsumm-XXXXXX`), which is flushed to disk and renamed over the
/// target only when everything was written. A run that fails or is killed leaves the previous
/// file as it was (a killed run may leave its temporary file behind); a web server never
/// serves half a page.
///
/// What a plain `> file` would do is kept where it makes sense:
/// * a new file gets the permissions of a plain create (`0666` less the umask, default ACLs);
///   a file replaced keeps its permission bits, and its owner and group where the user may
///   set them; a read-only file is refused, as `>` refuses it;
/// * a symbolic link stays a link: the file it points to is replaced (and made if missing);
/// * a target that is not a regular file — a device such as `/dev/null` or `/dev/full`, a
///   FIFO, or one of the process's own descriptors (`/dev/stdout`, `/dev/fd/N`) — is written
///   in place, since it cannot be renamed over.
/// Missing parent directories are made.
final class AtomicFile {
  /// The path as given, for messages.
  let path: String
  private var descriptor: Int32
  /// Where the bytes go until `publish`; nil when written in place.
  private let temporaryPath: String?
  /// What the temporary file replaces (the target after symbolic links).
  private let finalPath: String
  private var failure: OutputFailure?
  private var published = false

  /// Opens the file for writing: a temporary file beside the target, or the target itself.
  /// - Parameter name: what messages call the file, when not `path`.
  init(replacing path: String, named name: String? = nil) throws(OutputFailure) {
    self.path = name ?? path
    switch try Self.resolve(path, named: self.path) {
    case .inPlace:
      let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
      guard fd >= 0 else { throw .cannotCreate(self.path, "cannot open", .current) }
      descriptor = fd
      temporaryPath = nil
      finalPath = path
    case .replace(let target, let existing):
      try Directories.create(Directories.parent(of: target))
      if existing != nil && access(target, W_OK) != 0 { throw .cannotCreate(self.path, nil, .current) }
      let (fd, temporary) = try Self.createTemporary(beside: target, for: self.path)
      if let existing {
        // A replaced file keeps what `>` would have kept: owner, group, permission bits.
        _ = fchown(fd, existing.st_uid, existing.st_gid)
        _ = fchmod(fd, existing.st_mode & 0o777)
      }
      descriptor = fd
      temporaryPath = temporary
      finalPath = target
    }
  }

  deinit {
    if !published { discard() }
  }

  /// Appends `bytes`; false (and the reason kept for `publish`) once a write failed.
  func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard failure == nil else { return false }
    var offset = 0
    while offset < bytes.count {
      let n = posixWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)  // Safe: offset < count.
      if n < 0 {
        if errno == EINTR { continue }
        failure = .cannotWrite(path, .current)
        return false
      }
      offset += n
    }
    return true
  }

  /// Flushes the bytes to disk and closes the file; nil when all of it was written.
  func close() -> OutputFailure? {
    guard descriptor >= 0 else { return failure }
    // fsync before the rename, so that after a crash the name holds the old file or the new
    // one, never an empty one; for a regular file its error is also the last word on the writes.
    if failure == nil, temporaryPath != nil, fsync(descriptor) != 0 { failure = .cannotWrite(path, .current) }
    if posixClose(descriptor) != 0, failure == nil { failure = .cannotWrite(path, .current) }
    descriptor = -1
    return failure
  }

  /// Closes the file, then puts it in the target's place; nil on success. On a failure the
  /// temporary file is removed and the target left as it was.
  func publish() -> OutputFailure? {
    if let failure = close() {
      discard()
      return failure
    }
    if let temporaryPath, rename(temporaryPath, finalPath) != 0 {
      let error = OutputFailure.cannotWrite(path, .current)
      discard()
      return error
    }
    published = true
    return nil
  }

  /// Gives the file up: closes it and removes the temporary file (the target is untouched).
  func discard() {
    if descriptor >= 0 {
      _ = posixClose(descriptor)
      descriptor = -1
    }
    if let temporaryPath, !published { unlink(temporaryPath) }
    published = true
  }

  // MARK: - Where the bytes go

  enum Target {
    /// Written through the path as given.
    case inPlace
    /// A temporary file renamed over `path` (the regular file `existing`, or a new one).
    case replace(path: String, existing: stat?)
  }

  /// Follows symbolic links from `path` to the file the output replaces (`name` is for messages).
  static func resolve(_ path: String, named name: String) throws(OutputFailure) -> Target {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard lstat(current, &info) == 0 else {
        guard errno == ENOENT else { throw .cannotCreate(name, nil, .current) }
        return .replace(path: current, existing: nil)
      }
      switch info.st_mode & S_IFMT {
      case S_IFREG:
        return .replace(path: current, existing: info)
      case S_IFDIR:
        throw .cannotCreate(name, nil, SystemError(code: EISDIR))
      case S_IFLNK:
        let directory = Directories.parent(of: current)
        // The process's descriptors (`/dev/stdout` → /proc/self/fd/1, `/dev/fd/1`) are links
        // to whatever the descriptor is open on, often no path at all (`pipe:[1234]`).
        if Directories.realPath(directory).map({ $0 == "/proc" || $0.hasPrefix("/proc/") }) ?? false { return .inPlace }
        guard let destination = readLink(current) else { throw .cannotCreate(name, nil, .current) }
        current = destination.hasPrefix("/") ? destination : directory + "/" + destination
      default:
        // A device, a FIFO, a socket.
        return .inPlace
      }
    }
    throw .cannotCreate(name, nil, SystemError(code: ELOOP))
  }

  private static func readLink(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink(path, &buffer, buffer.count - 1)
    guard n >= 0 else { return nil }
    return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Creates `.NAME.postsumm-XXXXXX` beside `target`, as a plain create would (mode 0666 less
  /// the umask): exclusive, so an existing file is never reused.
  private static func createTemporary(beside target: String, for path: String) throws(OutputFailure) -> (Int32, String) {
    let directory = Directories.parent(of: target)
    let name = Directories.name(of: target)
    let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<100 {
      let suffix = String((0..<6).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
      let temporary = "\(directory)/.\(name).postsumm-\(suffix)"
      let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if fd >= 0 { return (fd, temporary) }
      if errno != EEXIST { throw .cannotCreate(path, "cannot create", .current) }
    }
    throw .cannotCreate(path, "cannot create", SystemError(code: EEXIST))
  }
}

// The C library's `write` and `close`, which the methods of the same names hide.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
