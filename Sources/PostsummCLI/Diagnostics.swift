#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exit statuses (documented in the README, the man page and `--help`).
public enum ExitStatus: Int32, Sendable {
  /// Everything was read and written.
  case success = 0
  /// Some input could not be read completely (missing, unreadable, damaged); the report
  /// covers everything that could be read.
  case incompleteInput = 1
  /// A usage error (bad option or value).
  case usage = 64
  /// An output file or directory could not be created.
  case cannotCreateOutput = 73
  /// Writing the report failed.
  case ioError = 74
  /// `postsumm archive`: another run holds the archive's lock (EX_TEMPFAIL: try again later).
  case locked = 75
}

/// Messages on standard error, each prefixed `postsumm: `.
enum Diagnostics {
  static func warn(_ message: String) {
    writeStandardError("postsumm: \(message)\n")
  }

  static func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buf in
      var off = 0
      while off < buf.count {
        let n = write(2, buf.baseAddress! + off, buf.count - off)  // Safe: non-empty buffer.
        if n <= 0 { break }
        off += n
      }
    }
  }

  static var standardErrorIsTerminal: Bool { isatty(2) != 0 }
}
