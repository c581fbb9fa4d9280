#if canImport(Glibc)
import Glibc

/// glibc's `gnu_get_libc_version` (in `<gnu/libc-version.h>`, which the Glibc module does not export).
@_silgen_name("gnu_get_libc_version")
private func glibcVersion() -> UnsafePointer<CChar>
#endif

/// Transparent huge pages for the heap: `main` starts the program again, once, with glibc's
/// `glibc.malloc.hugetlb=1` tunable, which makes malloc ask the kernel for 2 MiB pages
/// (`madvise(MADV_HUGEPAGE)`) on the memory it maps.
///
/// Why: the parse looks up every line's queue id, recipient, sender and domains in tables of
/// tens of megabytes per thread, at random places; with 4 KiB pages nearly each of those
/// lookups also misses the TLB. On the bench week the run takes a little less CPU and wall
/// time, for a few MiB more peak RSS (figures in BENCHMARKS.md).
///
/// Why a new start: glibc reads its tunables from the environment when the process starts, and
/// offers no call to set this one later. `execv` keeps the process id, the open files and the
/// arguments; it costs milliseconds. `main` does not ask for it in a run that collects who is
/// sending (`PostsummCommand.collectsWhoIsSending`): those peak at the memory target, where the
/// pages' few MiB matter more. Nothing happens when the kernel's huge pages are off or already
/// used for all memory (`/sys/kernel/mm/transparent_hugepage/enabled` not `madvise`), when
/// glibc is older than 2.35 (no such tunable), under valgrind, or when `GLIBC_TUNABLES` already
/// mentions the tunable — which is also how a user turns this off:
/// `GLIBC_TUNABLES=glibc.malloc.hugetlb=0`.
enum HugePages {
  static let tunable = "glibc.malloc.hugetlb"

  /// Starts the program again with the tunable set, when that helps; returns when it does not
  /// (or when `execv` fails, with the environment as it was).
  static func restartWithHugePagesIfUseful() {
    #if canImport(Glibc)
    let existing = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
    guard !(existing ?? "").contains(tunable), !underValgrind(getenv("LD_PRELOAD").map { String(cString: $0) }),
      glibcHasTunable, kernelMode() == "madvise"
    else { return }
    setenv("GLIBC_TUNABLES", existing.map { "\($0):\(tunable)=1" } ?? "\(tunable)=1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    if let existing { setenv("GLIBC_TUNABLES", existing, 1) } else { unsetenv("GLIBC_TUNABLES") }
    #endif
  }

  /// Whether the process runs under valgrind (whose core it preloads): valgrind runs a program
  /// that `exec`s natively, unless told to follow children, so a restart would leave it
  /// profiling nothing.
  static func underValgrind(_ preload: String?) -> Bool {
    preload?.contains("vgpreload") ?? false
  }

  /// The kernel's transparent huge page mode: "always", "madvise" or "never" (nil if unknown).
  static func kernelMode(_ path: String = "/sys/kernel/mm/transparent_hugepage/enabled") -> String? {
    #if canImport(Glibc)
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 128)
    guard fgets(&line, Int32(line.count), file) != nil else { return nil }
    let bytes = line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return selectedMode(String(decoding: bytes, as: UTF8.self))
    #else
    return nil
    #endif
  }

  /// The bracketed word of the kernel's list, "always [madvise] never" → "madvise".
  static func selectedMode(_ list: String) -> String? {
    guard let open = list.firstIndex(of: "["), let close = list[open...].firstIndex(of: "]") else { return nil }
    return String(list[list.index(after: open)..<close])
  }

  /// Whether this glibc knows the tunable (2.35 and later).
  static var glibcHasTunable: Bool {
    #if canImport(Glibc)
    let parts = String(cString: glibcVersion()).split(separator: ".").compactMap { Int($0) }
    guard parts.count >= 2 else { return false }
    return parts[0] > 2 || (parts[0] == 2 && parts[1] >= 35)
    #else
    return false
    #endif
  }
}
