#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--unprocd-file`: every Postfix line no rule read, one per line, in log order.
final class UnprocessedWriter: @unchecked Sendable {
  // Used by one thread at a time: a shard's parser, or the main thread at the end.
  private var file: UnsafeMutablePointer<FILE>?
  let path: String

  init(path: String) {
    self.path = path
    file = fopen(path, "w")
  }

  var isOpen: Bool { file != nil }

  func write(_ line: UnsafeBufferPointer<UInt8>) {
    guard let file, let base = line.baseAddress else {
      if let file { fputc(0x0A, file) }
      return
    }
    fwrite(base, 1, line.count, file)
    fputc(0x0A, file)
  }

  /// Appends the per-shard part files (parallel runs), in order, and removes them.
  func append(parts: [String?]) {
    guard let file else { return }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    for case let part? in parts {
      guard let input = fopen(part, "r") else { continue }
      while true {
        let n = fread(&buffer, 1, buffer.count, input)
        if n <= 0 { break }
        fwrite(buffer, 1, n, file)
      }
      fclose(input)
      unlink(part)
    }
  }

  func close() {
    if let file { fclose(file) }
    file = nil
  }
}
