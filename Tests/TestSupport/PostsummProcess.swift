import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the built `postsumm` executable as a child process, for what only a real process shows:
/// its standard error, its exit status, and its peak memory.
///
/// Peak memory is the child's `VmHWM` (its resident high-water mark) from `/proc/<pid>/status`,
/// read every few milliseconds while it runs. (`ru_maxrss` from `wait4` would be wrong: a child
/// started with `posix_spawn` shares the test process's memory until `exec`, and the kernel
/// keeps that — the test process's own peak — as the child's maximum.)
public enum PostsummProcess {
  /// What one run produced.
  public struct Result: Sendable {
    /// The exit status; `128 + signal` when the process was killed by a signal.
    public var status: Int32
    public var standardOutput: [UInt8]
    public var standardError: String
    /// The child's peak resident set size (`VmHWM`, sampled while it ran), in KiB.
    public var peakResidentKiB: Int
    public var seconds: Double
    /// Whether the watchdog killed it.
    public var timedOut: Bool

    public var output: String { String(decoding: standardOutput, as: UTF8.self) }
    /// Standard error's lines.
    public var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }
  }

  /// What the child reads on standard input.
  public enum Input: Sendable {
    /// `/dev/null`
    case none
    /// A file.
    case file(String)
    /// A pipe fed by `produce`, which is called on the calling thread while the child runs; its
    /// argument writes a block and returns false once the child stopped reading.
    case generated(@Sendable (_ write: ([UInt8]) -> Bool) -> Void)
  }

  /// Where the child's standard output goes.
  public enum Output: Sendable {
    /// A file, read back into `Result.standardOutput`.
    case captured
    /// This path, opened for writing (`/dev/full`).
    case path(String)
    /// A pipe whose reading end is closed before the child starts: `postsumm … | head` after
    /// `head` has exited.
    case closedPipe
  }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The executable next to the test bundle (`.build/<config>/postsumm`), else the debug build.
  public static let executablePath: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
    // On Linux the test runner is `.build/<config>/postsummPackageTests.xctest`; elsewhere it may be inside a bundle.
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("postsumm").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      dir.deleteLastPathComponent()
    }
    return FixturePaths.root + "/.build/debug/postsumm"
  }()

  /// Runs `postsumm arguments…` and waits for it (killing it after `timeout` seconds).
  /// - Parameter shell: shell commands to run first, in a `/bin/sh` that then becomes postsumm
  ///   (`ulimit -f 8`, `trap '' XFSZ`, `umask 027`): limits and signal dispositions carry over.
  public static func run(
    _ arguments: [String], input: Input = .none, output: Output = .captured, environment: [String: String] = [:],
    shell: String? = nil, timeout: Double = 120
  ) throws -> Result {
    let executable = executablePath
    guard FileManager.default.isExecutableFile(atPath: executable) else {
      throw Failure(description: "\(executable) is missing: build the package first (swift build)")
    }
    let path = shell == nil ? executable : "/bin/sh"
    let arguments = shell.map { ["-c", "\($0)\nexec \"$0\" \"$@\"", executable] + arguments } ?? arguments
    let dir = try TemporaryDirectory(prefix: "postsumm-process")
    let outPath = dir.path("stdout")
    let errPath = dir.path("stderr")

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var pipeRead: Int32 = -1
    var pipeWrite: Int32 = -1
    switch input {
    case .none:
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    case .file(let file):
      posix_spawn_file_actions_addopen(&actions, 0, file, O_RDONLY, 0)
    case .generated:
      var fds: [Int32] = [-1, -1]
      guard pipe(&fds) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
      // Close-on-exec, so that the child does not also inherit the write end and never see EOF.
      for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
      posix_spawn_file_actions_adddup2(&actions, fds[0], 0)  // dup2 clears close-on-exec on fd 0
      pipeRead = fds[0]
      pipeWrite = fds[1]
    }
    var outputPipeWrite: Int32 = -1
    switch output {
    case .captured:
      posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    case .path(let file):
      posix_spawn_file_actions_addopen(&actions, 1, file, O_WRONLY, 0)
    case .closedPipe:
      var fds: [Int32] = [-1, -1]
      guard pipe(&fds) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
      for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
      posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
      close(fds[0])  // nobody reads: the child's writes fail with EPIPE (or SIGPIPE)
      outputPipeWrite = fds[1]
    }
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let started = Date()
    // The test process's environment, with `environment`'s variables set over it.
    var variables: [String] = []
    var entry = environ
    while let pointer = entry.pointee {
      let text = String(cString: pointer)
      let name = String(text.prefix { $0 != "=" })
      if environment[name] == nil { variables.append(text) }
      entry += 1
    }
    variables += environment.keys.sorted().map { "\($0)=\(environment[$0]!)" }  // Safe: keys of `environment`.
    let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
    defer { for p in envp { free(p) } }
    // The child starts with no signal blocked (the test's threads block many) and the default
    // action for the signals a test may depend on, whatever the test process does with them
    // (it ignores SIGPIPE; a file size limit must kill with SIGXFSZ unless the test's `shell`
    // says otherwise).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    sigaddset(&defaults, SIGXFSZ)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    if pipeRead >= 0 { close(pipeRead) }  // the child has its own copy as fd 0
    if outputPipeWrite >= 0 { close(outputPipeWrite) }  // and of this as fd 1
    guard spawned == 0 else {
      if pipeWrite >= 0 { close(pipeWrite) }
      throw Failure(description: "posix_spawn \(path): \(String(cString: strerror(spawned)))")
    }

    let finished = DispatchSemaphore(value: 0)
    let killed = ManagedAtomicFlag()
    let peak = PeakSample()
    let childPID = pid
    let deadline = Date().addingTimeInterval(timeout)
    let monitor = Thread {
      // Samples the high-water mark until the child is reaped; kills it at the deadline.
      while finished.wait(timeout: .now() + .milliseconds(4)) == .timedOut {
        peak.record(Self.highWaterMarkKiB(childPID))
        if Date() > deadline && !killed.isSet {
          killed.set()
          kill(childPID, SIGKILL)
        }
      }
    }
    monitor.start()

    if case .generated(let produce) = input {
      // A child that stops reading must not kill the test process with SIGPIPE.
      signal(SIGPIPE, SIG_IGN)
      let fd = pipeWrite
      produce { block in
        var offset = 0
        return block.withUnsafeBytes { buffer -> Bool in
          while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)  // Safe: non-empty.
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
          }
          return true
        }
      }
      close(fd)
    }

    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    finished.signal()
    let seconds = Date().timeIntervalSince(started)
    let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let out = FileManager.default.contents(atPath: outPath).map { [UInt8]($0) } ?? []
    let err = FileManager.default.contents(atPath: errPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return Result(
      status: exitStatus, standardOutput: out, standardError: err, peakResidentKiB: peak.value, seconds: seconds,
      timedOut: killed.isSet)
  }
}

extension PostsummProcess {
  /// `VmHWM` of a running process, in KiB; 0 once it has exited.
  static func highWaterMarkKiB(_ pid: pid_t) -> Int {
    guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/status") else { return 0 }
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmHWM:") {
      return Int(line.dropFirst(6).filter(\.isNumber)) ?? 0
    }
    return 0
  }
}

/// The largest value recorded, from any thread.
private final class PeakSample: @unchecked Sendable {
  // @unchecked Sendable: `largest` is only read and written under `lock`.
  private let lock = NSLock()
  private var largest = 0

  func record(_ value: Int) { lock.withLock { largest = max(largest, value) } }
  var value: Int { lock.withLock { largest } }
}

/// A flag set once from another thread.
private final class ManagedAtomicFlag: @unchecked Sendable {
  // @unchecked Sendable: the flag is only read and written under `lock`.
  private let lock = NSLock()
  private var value = false

  func set() { lock.withLock { value = true } }
  var isSet: Bool { lock.withLock { value } }
}
