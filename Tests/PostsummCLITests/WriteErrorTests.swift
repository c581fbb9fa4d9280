import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Issue 17, item 1: a report that cannot be written is never lost silently. Every write to
/// standard output and to a file is checked (the last flush and the close too); a failure is
/// one line on stderr naming the file and the system's reason, and exit status 74. A reader
/// that stops reading (`postsumm … | head`) ends the output quietly. All through the binary.
@Suite("Write errors")
struct WriteErrorTests {
  static let log = FixturePaths.path("hand/appendix-a.log")
  static let common = ["--reference-date", "2026-11-27", "--generated-at", "none", "--no-progress"]

  @Test("a full disk on standard output: one line on stderr, exit 74, in every format", arguments: ["text", "html", "json", "csv"])
  func fullStandardOutput(format: String) throws {
    let r = try PostsummProcess.run(Self.common + ["--format", format, Self.log], output: .path("/dev/full"))
    #expect(r.status == 74)
    #expect(r.errorLines == ["postsumm: standard output: No space left on device"])
  }

  @Test("--help and --dump-config onto a full disk fail the same way")
  func fullStandardOutputForHelp() throws {
    for arguments in [["--help"], ["--dump-config"], ["--suppress", "help"]] {
      let r = try PostsummProcess.run(arguments, output: .path("/dev/full"))
      #expect(r.status == 74, "\(arguments)")
      #expect(r.errorLines == ["postsumm: standard output: No space left on device"], "\(arguments)")
    }
  }

  @Test("a closed pipe ends standard output quietly; the files asked for are still written whole")
  func closedPipe() throws {
    let dir = try TemporaryDirectory()
    for format in ["text", "html", "csv"] {
      let json = dir.path("report-\(format).json")
      let r = try PostsummProcess.run(Self.common + ["--format", format, "--json", json, Self.log], output: .closedPipe)
      #expect(r.status == 0, "\(format)")
      #expect(r.standardError == "", "\(format)")
      let written = try JSONValue.parse(String(decoding: try #require(FileManager.default.contents(atPath: json)), as: UTF8.self))
      #expect(written["totals"]?["received"]?.int == 9)
    }
  }

  @Test("a device that is full, as a file output: its name and the reason, exit 74", arguments: ["--text", "--html", "--json"])
  func fullDeviceAsFile(option: String) throws {
    let r = try PostsummProcess.run(Self.common + ["--format", "none", option, "/dev/full", Self.log])
    #expect(r.status == 74)
    #expect(r.errorLines == ["postsumm: /dev/full: No space left on device"])
  }

  @Test("a file output past the file size limit (a full disk, as far as postsumm can tell): its name and the reason, exit 74")
  func fileTooLarge() throws {
    let dir = try TemporaryDirectory()
    for option in ["--text", "--html", "--json"] {
      let target = dir.path("report")
      let r = try PostsummProcess.run(
        Self.common + ["--format", "none", option, target, FixturePaths.path("real/day/mail.log")],
        shell: "ulimit -f 2; trap '' XFSZ")
      #expect(r.status == 74, "\(option)")
      #expect(r.errorLines == ["postsumm: \(target): File too large"], "\(option)")
      #expect(!FileManager.default.fileExists(atPath: target), "\(option): a partial file was left")
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [], "\(option): a temporary file was left")
    }
  }

  @Test("a CSV table past the file size limit: the table's name and the reason, exit 74")
  func csvTooLarge() throws {
    let dir = try TemporaryDirectory()
    let csv = dir.path("csv")
    let r = try PostsummProcess.run(
      Self.common + ["--format", "none", "--csv", csv, FixturePaths.path("real/day/mail.log")], shell: "ulimit -f 2; trap '' XFSZ")
    #expect(r.status == 74)
    #expect(r.errorLines.count == 1)
    #expect(r.errorLines.first?.hasPrefix("postsumm: \(csv)/") == true && r.errorLines.first?.hasSuffix(".csv: File too large") == true)
    #expect(try FileManager.default.contentsOfDirectory(atPath: csv) == [])
  }

  @Test("a directory the user may not write to: the file's name and the reason, exit 73", .disabled(if: getuid() == 0, "root writes anywhere"))
  func readOnlyDirectory() throws {
    let dir = try TemporaryDirectory()
    let locked = try dir.makeDirectory("locked")
    chmod(locked, 0o555)
    defer { chmod(locked, 0o755) }
    let r = try PostsummProcess.run(Self.common + ["--format", "none", "--html", locked + "/report.html", Self.log])
    #expect(r.status == 73)
    #expect(r.errorLines == ["postsumm: \(locked)/report.html: cannot create: Permission denied"])
  }

  @Test("--unprocd-file past the file size limit and --debug on a full device: named with the reason, exit 74")
  func sideFilesTooLarge() throws {
    let dir = try TemporaryDirectory()
    let unprocessed = dir.path("unprocessed.txt")
    // The sequential path writes the file itself; the parallel one through a part per shard.
    for jobs in ["1", "2"] {
      let r = try PostsummProcess.run(
        Self.common + ["--jobs", jobs, "--unprocd-file", unprocessed, FixturePaths.path("hostile/almost-postfix.log")],
        output: .path("/dev/null"), shell: "ulimit -f 1; trap '' XFSZ")
      #expect(r.status == 74, "--jobs \(jobs)")
      #expect(r.errorLines == ["postsumm: \(unprocessed): File too large"], "--jobs \(jobs)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [], "--jobs \(jobs)")
    }
    let debug = try PostsummProcess.run(Self.common + ["--debug", "/dev/full", Self.log])
    #expect(debug.status == 74)
    #expect(debug.errorLines == ["postsumm: /dev/full: No space left on device"])
  }
}
