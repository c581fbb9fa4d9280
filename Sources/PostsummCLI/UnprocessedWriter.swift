import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--unprocd-file`: every Postfix line no rule read, one per line, in log order. Written
/// whole or not at all (`AtomicFile`), every write checked. On the parallel path each shard
/// writes a part file of its own (`part(_:)`), which the main writer appends in order.
final class UnprocessedWriter: @unchecked Sendable {
  // A writer is used by one thread at a time (a shard's parser, or the main thread at the
  // end); only `failures` is shared between the parts and the main writer.
  let path: String
  private var file: AtomicFile?
  private var buffer: [UInt8] = []
  private var failure: OutputFailure?
  /// Where a part reports its failure: the main writer.
  private let owner: UnprocessedWriter?
  private let failures = Mutex<OutputFailure?>(nil)

  init(path: String) {
    self.path = path
    owner = nil
    open(named: path)
  }

  private init(part path: String, owner: UnprocessedWriter) {
    self.path = path
    self.owner = owner
    // A part's failure is the file's: users never asked for the part.
    open(named: owner.path)
  }

  private func open(named name: String) {
    do {
      file = try AtomicFile(replacing: path, named: name)
    } catch {
      failure = error
    }
    buffer.reserveCapacity(1 << 16)
  }

  /// The writer of shard `index`'s lines on the parallel path.
  func part(_ index: Int) -> UnprocessedWriter { UnprocessedWriter(part: partPath(index), owner: self) }

  private func partPath(_ index: Int) -> String { "\(path).part\(index).tmp" }

  func write(_ line: UnsafeBufferPointer<UInt8>) {
    guard file != nil else { return }
    buffer.append(contentsOf: line)
    buffer.append(0x0A)
    if buffer.count >= 1 << 16 { flush() }
  }

  private func flush() {
    guard let file, !buffer.isEmpty else { return }
    if !buffer.withUnsafeBytes({ file.write($0) }) {
      failure = file.close()
      file.discard()
      self.file = nil
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Appends the part files of shards `0..<count` in order and removes them (a shard that
  /// wrote no line has none).
  func append(parts count: Int) {
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    for i in 0..<count {
      let partPath = partPath(i)
      let input = fopen(partPath, "r")
      guard let input else { continue }
      while file != nil {
        let n = fread(&chunk, 1, chunk.count, input)
        if n <= 0 { break }
        buffer.append(contentsOf: chunk[..<n])
        flush()
      }
      fclose(input)
      unlink(partPath)
    }
  }

  /// Puts the file in place (a part reports to its main writer); the main writer returns the
  /// first failure of all, nil when everything was written.
  @discardableResult
  func close() -> OutputFailure? {
    flush()
    // A part that failed leaves a hole: then the file is not put in place at all.
    if failure == nil, owner == nil { failure = failures.withLock { $0 } }
    if let file {
      if failure == nil { failure = file.publish() } else { file.discard() }
    }
    file = nil
    if let owner, let failure { owner.failures.withLock { $0 = $0 ?? failure } }
    return failure
  }
}
