import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress on standard error for long runs: files done, megabytes of log read and the rate,
/// redrawn in place. Shown only on a terminal (or with `--progress`), only once a run has
/// taken about a second, and erased before the report is written.
final class ProgressMeter: Sendable {
  private let bytes = Atomic<Int>(0)
  private let files = Atomic<Int>(0)
  private let stopped = Atomic<Bool>(false)
  private let drawn = Atomic<Bool>(false)
  private let totalFiles: Int
  private let start: UInt64
  /// Drawing and erasing happen on this queue, so an erase is never overtaken by a draw.
  private let queue = DispatchQueue(label: "postsumm.progress")

  init(totalFiles: Int) {
    self.totalFiles = totalFiles
    self.start = DispatchTime.now().uptimeNanoseconds
  }

  func add(bytes n: Int) { bytes.add(n, ordering: .relaxed) }
  /// Files done in this pass (what the line shows before `/`).
  var filesDone: Int { files.load(ordering: .relaxed) }
  func fileDone() { files.add(1, ordering: .relaxed) }
  /// A pass over the files given begins, `skipped` of them not to be read (the archive's files
  /// whose days are archived): those are done, the rest not yet. An archive update that has
  /// to read its files again whole starts a new pass, so that no file is counted twice.
  func newPass(skipped n: Int) { files.store(n, ordering: .relaxed) }

  /// Starts redrawing every quarter second after the first second.
  func startDrawing() {
    queue.asyncAfter(deadline: .now() + .milliseconds(250)) { [self] in
      if stopped.load(ordering: .acquiring) { return }
      draw()
      startDrawing()
    }
  }

  private func draw() {
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    guard elapsed >= 1 else { return }
    let mb = Double(bytes.load(ordering: .relaxed)) / 1_048_576
    let rate = mb / max(elapsed, 0.001)
    let line = "postsumm: \(filesDone)/\(totalFiles) files, \(Int(mb)) MB read, \(Int(rate)) MB/s"
    Diagnostics.writeStandardError("\r\u{1B}[K" + line)
    drawn.store(true, ordering: .releasing)
  }

  /// Stops and erases the line.
  func finish() {
    queue.sync {
      stopped.store(true, ordering: .releasing)
      if drawn.load(ordering: .acquiring) { Diagnostics.writeStandardError("\r\u{1B}[K") }
    }
  }
}
