#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// An `errno` value captured right after a failed system call, before anything else can overwrite it.
struct SystemError: Error, Sendable, Equatable {
  var code: Int32

  /// The C library's message, e.g. "No such file or directory": the text users already know from other tools.
  var message: String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }

  static var current: SystemError { SystemError(code: errno) }
}
