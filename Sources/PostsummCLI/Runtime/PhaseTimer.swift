#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `POSTSUMM_PHASES=1`: wall and CPU seconds of each phase (read and parse, merge, report model,
/// each output) and the peak RSS so far on stderr, for finding where a run's time goes (see BENCHMARKS.md). Not an
/// option: it is for developers, and it never changes the report.
final class PhaseTimer: @unchecked Sendable {
  /// Set once, read from any thread (`mark`); the rest only from the calling thread.
  private let startWall: Double
  private var lastWall: Double
  private var lastCPU: Double

  /// nil unless the environment asks for it.
  static func fromEnvironment() -> PhaseTimer? {
    guard let v = getenv("POSTSUMM_PHASES"), v.pointee != 0, String(cString: v) != "0" else { return nil }
    return PhaseTimer()
  }

  private init() {
    startWall = PhaseTimer.wallSeconds()
    lastWall = startWall
    lastCPU = PhaseTimer.cpuSeconds()
    // Whether the heap is in huge pages (see `HugePages`): it moves the times by a few percent.
    let tunables = getenv("GLIBC_TUNABLES").map { "GLIBC_TUNABLES=\(String(cString: $0))" } ?? "GLIBC_TUNABLES unset"
    Diagnostics.writeStandardError("memory: \(tunables); transparent huge pages: \(HugePages.kernelMode() ?? "unknown")\n")
  }

  /// Notes an event inside a phase (a thread finishing its run), with the wall seconds since
  /// the start: from any thread, and without ending the phase.
  func mark(_ event: String) {
    Diagnostics.writeStandardError("  at \(PhaseTimer.format(PhaseTimer.wallSeconds() - startWall)) s: \(event)\n")
  }

  /// Ends the phase `name` (begun where the last one ended) and writes its times.
  func lap(_ name: String) {
    let wall = PhaseTimer.wallSeconds()
    let cpu = PhaseTimer.cpuSeconds()
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let line =
      "phase \(name): \(PhaseTimer.format(wall - lastWall)) s wall, \(PhaseTimer.format(cpu - lastCPU)) s CPU, peak RSS so far \(usage.ru_maxrss / 1024) MiB\n"
    Diagnostics.writeStandardError(line)
    lastWall = wall
    lastCPU = cpu
  }

  private static func format(_ s: Double) -> String {
    let ms = Int((s * 1000).rounded())
    let frac = String(ms % 1000)
    return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
  }

  private static func wallSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }

  /// CPU time of the whole process (all threads).
  private static func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }
}
