#if canImport(Glibc)
import Glibc

/// glibc's `malloc_trim` (in `<malloc.h>`, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32

/// glibc's `mallopt`, and its `M_MMAP_THRESHOLD` parameter (both in `<malloc.h>`).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let glibcMmapThreshold: Int32 = -3
#endif

/// Hands memory that the parsing threads freed back to the system: each `--jobs` thread when
/// its run is read (before the merge), and the main thread before the report is built.
///
/// glibc gives each thread its own malloc arena. What the `--jobs` threads allocated and freed
/// (line buffers, memos, a run's summary once merged, per-shard scratch) stays in their arenas,
/// where the main thread — which merges and builds the report — cannot reuse it, so its memory
/// came on top: on the bench week the peak was 40 MiB higher with two threads than it needs to be.
enum FreedMemory {
  static func release() {
    #if canImport(Glibc)
    _ = glibcMallocTrim(0)
    #endif
  }
}

extension FreedMemory {
  /// From here on, blocks of 256 KiB and more are mapped on their own and unmapped when freed.
  ///
  /// glibc raises its mapping threshold each time a mapped block is freed, so after the parse
  /// the report's multi-megabyte sort columns came from the heap arenas and stayed there once
  /// freed. The report is built on two threads, that is in two arenas, and what each left
  /// behind added up at the memory peak (about 15 MiB on the bench week). A fixed threshold
  /// hands such temporaries back at once.
  static func unmapLargeBlocks() {
    #if canImport(Glibc)
    _ = glibcMallopt(glibcMmapThreshold, 256 * 1024)
    #endif
  }
}
