#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogInput

/// File descriptor 1, written with every write checked. A reader that went away (`postsumm …
/// | head`) ends the output quietly, as other Unix tools end; any other failure (a full disk:
/// `postsumm … > /dev/full`) is a failed run. `main` ignores SIGPIPE, so a closed pipe shows up
/// here as EPIPE rather than killing the process halfway through its other outputs.
enum StandardOutput {
  enum Outcome: Equatable {
    case written
    /// The reader closed the pipe: stop writing, say nothing.
    case closed
    case failed(SystemError)
  }

  /// Writes all of `bytes`.
  static func write(_ bytes: UnsafeRawBufferPointer) -> Outcome {
    var offset = 0
    while offset < bytes.count {
      let n = posixWrite(1, bytes.baseAddress! + offset, bytes.count - offset)  // Safe: offset < count.
      if n < 0 {
        if errno == EINTR { continue }
        return errno == EPIPE ? .closed : .failed(.current)
      }
      offset += n
    }
    return .written
  }

  static func write(_ text: String) -> Outcome {
    var text = text
    return text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
  }

  /// The message and exit status for `outcome`, nil when there is nothing to say.
  static func failure(_ outcome: Outcome) -> OutputFailure? {
    guard case .failed(let error) = outcome else { return nil }
    return .cannotWrite("standard output", error)
  }

  /// Closes descriptor 1 and reports what the close says (on NFS and some devices, the last
  /// write's error only shows up there); then points it at /dev/null, so that no file opened
  /// later gets descriptor 1. For the end of the process only.
  static func close() -> OutputFailure? {
    var outcome = Outcome.written
    if posixClose(1) != 0 && errno != EBADF { outcome = errno == EPIPE ? .closed : .failed(.current) }
    let null = open("/dev/null", O_WRONLY)
    if null > 1 {
      _ = dup2(null, 1)
      _ = posixClose(null)
    }
    return failure(outcome)
  }
}

// The C library's `write` and `close`, which the functions of the same names hide.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
