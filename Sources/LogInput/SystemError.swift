#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// An `errno` value captured right after a failed system call, before anything else can overwrite it.
public struct SystemError: Error, Sendable, Equatable {
  public var code: Int32

  public init(code: Int32) { self.code = code }

  /// The C library's message, e.g. "No such file or directory": the text users already know from other tools.
  public var message: String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }

  public static var current: SystemError { SystemError(code: errno) }
}
