import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Issue 17, item 2: every output file (`--text`, `--html`, `--json`, `-o`, each CSV table) is
/// written to a temporary file beside it and renamed over it when complete, so a run that
/// fails or is killed leaves the previous file as it was. The failures are real ones, made by
/// the shell the binary starts from: a file size limit (`ulimit -f`), which fails the write
/// with EFBIG when SIGXFSZ is ignored and kills the process in the middle of the write when it
/// is not.
@Suite("Atomic outputs")
struct AtomicOutputTests {
  static let week = FixturePaths.files(in: "real/week")
  static let common = ["--reference-date", "2026-11-23", "--generated-at", "none", "--no-progress", "--format", "none"]
  static let previous = "the previous report\n"

  static func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  static func mode(_ path: String) -> mode_t {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
  }

  @Test("a run that fails while writing leaves the previous file intact", arguments: ["--text", "--html", "--json", "-o"])
  func failedRunKeepsPreviousFile(option: String) throws {
    let dir = try TemporaryDirectory()
    let target = try dir.write(Self.previous, to: option == "-o" ? "report.html" : "report")
    let r = try PostsummProcess.run(Self.common + [option, target] + Self.week, shell: "ulimit -f 8; trap '' XFSZ")
    #expect(r.status == 74)
    #expect(r.errorLines == ["postsumm: \(target): File too large"])
    #expect(Self.contents(target) == Self.previous)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [(target as NSString).lastPathComponent])
  }

  @Test("a run killed in the middle of writing leaves the previous file intact")
  func killedRunKeepsPreviousFile() throws {
    let dir = try TemporaryDirectory()
    let target = try dir.write(Self.previous, to: "index.html")
    // SIGXFSZ left at its default: the kernel kills the process at the write past the limit.
    let r = try PostsummProcess.run(Self.common + ["--html", target] + Self.week, shell: "ulimit -f 8")
    #expect(r.status == 128 + SIGXFSZ)
    #expect(Self.contents(target) == Self.previous)
    // What the killed run had written is in its temporary file, beside the target.
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "index.html" }
    #expect(left.count == 1 && left.first?.hasPrefix(".index.html.postsumm-") == true)
    #expect(Self.contents(dir.path(left.first ?? ""))?.hasPrefix("<!DOCTYPE html>") == true)
  }

  @Test("a CSV directory is replaced file by file only when every table is complete")
  func failedCSVKeepsPreviousTables() throws {
    let dir = try TemporaryDirectory()
    let csv = dir.path("csv")
    let first = try PostsummProcess.run(Self.common + ["--csv", csv, FixturePaths.path("hand/appendix-a.log")])
    #expect(first.status == 0)
    let before = try FileManager.default.contentsOfDirectory(atPath: csv).sorted()
    let beforeContents = before.map { Self.contents(csv + "/" + $0) }
    #expect(before.contains("index.csv") && before.contains("recipients_by_count.csv"))
    // The week's recipient tables are larger than the limit; the other tables are not.
    let r = try PostsummProcess.run(Self.common + ["--csv", csv] + Self.week, shell: "ulimit -f 2; trap '' XFSZ")
    #expect(r.status == 74)
    #expect(r.errorLines.count == 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: csv).sorted() == before)
    #expect(before.map { Self.contents(csv + "/" + $0) } == beforeContents)
  }

  @Test("a new file gets the permissions of a plain create (0666 less the umask); a replaced one keeps its own")
  func permissions() throws {
    let dir = try TemporaryDirectory()
    let new = dir.path("new.json")
    let r = try PostsummProcess.run(Self.common + ["--json", new, FixturePaths.path("hand/appendix-a.log")], shell: "umask 027")
    #expect(r.status == 0)
    #expect(Self.mode(new) == 0o640)
    let kept = try dir.write(Self.previous, to: "kept.json")
    chmod(kept, 0o604)
    let again = try PostsummProcess.run(Self.common + ["--json", kept, FixturePaths.path("hand/appendix-a.log")], shell: "umask 077")
    #expect(again.status == 0)
    #expect(Self.mode(kept) == 0o604)
    #expect(Self.contents(kept)?.hasPrefix("{") == true)
    let csv = dir.path("csv")
    _ = try PostsummProcess.run(Self.common + ["--csv", csv, FixturePaths.path("hand/appendix-a.log")], shell: "umask 022")
    #expect(Self.mode(csv) == 0o755)
    #expect(Self.mode(csv + "/totals.csv") == 0o644)
  }

  @Test("a read-only file is refused, as a shell redirection refuses it", .disabled(if: getuid() == 0, "root may write anything"))
  func readOnlyFile() throws {
    let dir = try TemporaryDirectory()
    let target = try dir.write(Self.previous, to: "report.txt")
    chmod(target, 0o444)
    let r = try PostsummProcess.run(Self.common + ["--text", target, FixturePaths.path("hand/appendix-a.log")])
    #expect(r.status == 73)
    #expect(r.errorLines == ["postsumm: \(target): Permission denied"])
    #expect(Self.contents(target) == Self.previous)
  }

  @Test("a symbolic link stays a link: the file it points to is replaced, or made when missing")
  func symbolicLinks() throws {
    let dir = try TemporaryDirectory()
    let real = try dir.write(Self.previous, to: "real.txt")
    let link = dir.path("link.txt")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.txt")
    let r = try PostsummProcess.run(Self.common + ["--text", link, FixturePaths.path("hand/appendix-a.log")])
    #expect(r.status == 0)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.txt")
    #expect(Self.contents(real)?.hasPrefix("Postfix Log Summaries") == true)
    let dangling = dir.path("dangling.txt")
    try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "sub/made.txt")
    let again = try PostsummProcess.run(Self.common + ["--text", dangling, FixturePaths.path("hand/appendix-a.log")])
    #expect(again.status == 0)
    #expect(Self.contents(dir.path("sub/made.txt"))?.hasPrefix("Postfix Log Summaries") == true)
  }

  @Test("devices and the process's own descriptors are written in place, never replaced")
  func devicesInPlace() throws {
    let r = try PostsummProcess.run(Self.common + ["--json", "/dev/null", "--text", "/dev/stdout", FixturePaths.path("hand/appendix-a.log")])
    #expect(r.status == 0)
    #expect(r.standardError == "")
    #expect(r.output.hasPrefix("Postfix Log Summaries"))
    var info = stat()
    #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
  }
}
