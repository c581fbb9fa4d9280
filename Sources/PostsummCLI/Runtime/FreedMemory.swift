#if canImport(Glibc)
import Glibc

/// glibc's `malloc_trim` (in `<malloc.h>`, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32

/// glibc's `mallopt`, and its `M_MMAP_THRESHOLD` and `M_ARENA_MAX` parameters (in `<malloc.h>`).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let glibcMmapThreshold: Int32 = -3
/// `M_ARENA_MAX`.
private let glibcArenaMax: Int32 = -8
#endif

/// Hands memory that the parsing threads freed back to the system: each `--jobs` thread when
/// its run is read (before the merge), and the main thread before the report is built.
///
/// glibc gives each thread its own malloc arena. What the `--jobs` threads allocated and freed
/// (line buffers, memos, a run's summary once merged, per-shard scratch) stays in their arenas,
/// where the main thread — which merges and builds the report — cannot reuse it, so its memory
/// came on top: on the bench week the peak was tens of MiB higher with two threads than it needs
/// to be (BENCHMARKS.md).
enum FreedMemory {
  static func release() {
    #if canImport(Glibc)
    _ = glibcMallocTrim(0)
    #endif
  }
}

extension FreedMemory {
  /// Before the threads start: at most two malloc arenas, and blocks of 256 KiB and more
  /// mapped on their own and unmapped when freed.
  ///
  /// Arenas: each thread that allocates gets an arena of its own (up to eight per core), and
  /// a freed block goes back to the arena it came from, for the threads of that arena to reuse. The reading threads', the prefetching
  /// threads' and the report's second thread's arenas each kept their own high-water mark, and
  /// these added up at the peak; two arenas shared by all threads let the report reuse what the
  /// parse freed. The threads allocate little per line, so they rarely wait on the arena lock.
  ///
  /// Mapping threshold: glibc raises it each time a mapped block is freed, after which
  /// multi-megabyte tables and sort columns come from the arenas and stay there once freed
  /// (a table that doubles leaves its old halves behind). A fixed threshold hands such blocks
  /// back at once, and a mapped block grows in place (`mremap`).
  ///
  /// What both did to the peak RSS is in BENCHMARKS.md.
  static func prepare() {
    #if canImport(Glibc)
    _ = glibcMallopt(glibcArenaMax, 2)
    _ = glibcMallopt(glibcMmapThreshold, 256 * 1024)
    #endif
  }
}
