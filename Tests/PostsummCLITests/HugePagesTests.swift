import Testing
import TestSupport

@testable import PostsummCLI

/// `main` starts the program again with glibc's huge-page tunable when the kernel offers huge
/// pages on request (see `HugePages`). The real process shows it: `POSTSUMM_PHASES` prints the
/// environment the run ended up with.
@Suite("Huge pages for the heap")
struct HugePagesTests {
  /// The memory line of a run with `POSTSUMM_PHASES=1` and `environment`.
  private func memoryLine(_ environment: [String: String], options: [String] = []) throws -> String? {
    var variables = environment
    variables["POSTSUMM_PHASES"] = "1"
    let result = try PostsummProcess.run(
      options + ["--reference-date", "2026-11-25", "--no-progress", FixturePaths.path("real/week/mail.log")], environment: variables)
    #expect(result.status == 0)
    return result.errorLines.first { $0.hasPrefix("memory: ") }
  }

  /// Whether the program restarts itself on this machine.
  private var restarts: Bool { HugePages.glibcHasTunable && HugePages.kernelMode() == "madvise" }

  @Test("the kernel's mode is the bracketed word")
  func selectedMode() {
    #expect(HugePages.selectedMode("always [madvise] never\n") == "madvise")
    #expect(HugePages.selectedMode("[always] madvise never") == "always")
    #expect(HugePages.selectedMode("always madvise [never]") == "never")
    #expect(HugePages.selectedMode("always madvise never") == nil)
    #expect(HugePages.kernelMode("/nonexistent/enabled") == nil)
  }

  @Test("no restart under valgrind, which would then profile nothing")
  func valgrind() {
    #expect(HugePages.underValgrind("/usr/libexec/valgrind/vgpreload_core-amd64-linux.so:/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so"))
    #expect(!HugePages.underValgrind("/usr/lib/faketime/libfaketime.so.1"))
    #expect(!HugePages.underValgrind(nil))
  }

  @Test("without GLIBC_TUNABLES, the run has the tunable exactly when the kernel takes requests")
  func setsTheTunable() throws {
    let line = try #require(try memoryLine([:]))
    let mode = HugePages.kernelMode() ?? "unknown"
    if restarts {
      #expect(line == "memory: GLIBC_TUNABLES=glibc.malloc.hugetlb=1; transparent huge pages: \(mode)")
    } else {
      #expect(line == "memory: GLIBC_TUNABLES unset; transparent huge pages: \(mode)")
    }
  }

  @Test("a run that collects who is sending (at the memory target) keeps the heap's small pages")
  func whoIsSendingWithoutHugePages() throws {
    #expect(PostsummCommand.collectsWhoIsSending(["--abuse-stats", "mail.log"]) == true)
    #expect(PostsummCommand.collectsWhoIsSending(["--json", "out.json", "mail.log"]) == true)
    #expect(PostsummCommand.collectsWhoIsSending(["--save-aggregate", "day.psum", "mail.log"]) == true)
    #expect(PostsummCommand.collectsWhoIsSending(["mail.log"]) == false)
    #expect(PostsummCommand.collectsWhoIsSending(["--bogus"]) == nil)
    #expect(PostsummCommand.collectsWhoIsSending(["archive", "site"]) == nil)
    let mode = HugePages.kernelMode() ?? "unknown"
    let line = try #require(try memoryLine([:], options: ["--abuse-stats"]))
    #expect(line == "memory: GLIBC_TUNABLES unset; transparent huge pages: \(mode)")
  }

  @Test("other tunables are kept, and the user's own choice of this one wins")
  func keepsTheUsersTunables() throws {
    let mode = HugePages.kernelMode() ?? "unknown"
    let other = try #require(try memoryLine(["GLIBC_TUNABLES": "glibc.malloc.check=0"]))
    let expected = restarts ? "glibc.malloc.check=0:glibc.malloc.hugetlb=1" : "glibc.malloc.check=0"
    #expect(other == "memory: GLIBC_TUNABLES=\(expected); transparent huge pages: \(mode)")
    let off = try #require(try memoryLine(["GLIBC_TUNABLES": "glibc.malloc.hugetlb=0"]))
    #expect(off == "memory: GLIBC_TUNABLES=glibc.malloc.hugetlb=0; transparent huge pages: \(mode)")
  }
}
