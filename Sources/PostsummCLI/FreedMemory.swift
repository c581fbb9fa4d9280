#if canImport(Glibc)
import Glibc

/// glibc's `malloc_trim` (in `<malloc.h>`, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// Hands memory that the parsing threads freed back to the system before the report is built.
///
/// glibc gives each thread its own malloc arena. What the `--jobs` threads allocated and freed
/// (line buffers, a run's summary once merged, per-shard scratch) stays in their arenas, where
/// the main thread — which builds the report — cannot reuse it, so the report's memory came on
/// top: on the bench week the peak was 40 MiB higher with two threads than it needs to be.
enum FreedMemory {
  static func release() {
    #if canImport(Glibc)
    _ = glibcMallocTrim(0)
    #endif
  }
}
