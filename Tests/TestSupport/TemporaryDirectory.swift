import Foundation

/// A fresh directory under the system temporary directory, removed with everything in it when the value is released
/// (or by ``remove()``). Test files are written here so that tests never touch each other's files.
public final class TemporaryDirectory: @unchecked Sendable {
  // @unchecked Sendable: `path` is immutable; the directory's contents are the file system's business.

  /// The directory's absolute path.
  public let path: String

  /// Creates the directory; `prefix` helps tell leftovers apart if a test process is killed.
  public init(prefix: String = "postsumm-test") throws {
    let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
    let created: String? = template.withUnsafeMutableBufferPointer { buffer in
      guard let start = buffer.baseAddress, mkdtemp(start) != nil else { return nil }
      return String(cString: start)
    }
    guard let created else {
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    path = created
  }

  deinit {
    remove()
  }

  /// The path of `name` inside the directory (nothing is created).
  public func path(_ name: String) -> String {
    "\(path)/\(name)"
  }

  /// Writes `bytes` to the file `name` (replacing it) and returns its path.
  @discardableResult
  public func write(_ bytes: [UInt8], to name: String) throws -> String {
    let filePath = path(name)
    try Data(bytes).write(to: URL(fileURLWithPath: filePath))
    return filePath
  }

  /// Writes the UTF-8 bytes of `text` to the file `name` (replacing it) and returns its path.
  @discardableResult
  public func write(_ text: String, to name: String) throws -> String {
    try write(Array(text.utf8), to: name)
  }

  /// Creates the subdirectory `name` and returns its path.
  @discardableResult
  public func makeDirectory(_ name: String) throws -> String {
    let directoryPath = path(name)
    try FileManager.default.createDirectory(atPath: directoryPath, withIntermediateDirectories: true)
    return directoryPath
  }

  /// Deletes the directory and its contents now; harmless to call twice.
  public func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
