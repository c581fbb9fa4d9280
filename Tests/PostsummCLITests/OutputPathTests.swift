import Foundation
import Testing
import TestSupport

/// Issue 17, items 3 and 4: every OS error about an output names the path and the system's
/// reason; and one rule for `-o` and CSV: a path ending in `/` or naming an existing directory
/// is the CSV directory, `.txt`/`.html`/`.json` name the other formats, a `.csv` path is
/// refused (CSV output is a directory of tables), anything else is a usage error.
@Suite("Output paths and their errors")
struct OutputPathTests {
  static let log = FixturePaths.path("hand/appendix-a.log")
  static let common = ["--reference-date", "2026-11-27", "--generated-at", "none", "--no-progress", "--format", "none"]

  static func run(_ arguments: [String]) throws -> PostsummProcess.Result {
    try PostsummProcess.run(Self.common + arguments + [Self.log])
  }

  static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }

  // MARK: - Reasons

  @Test("a directory that cannot be made: the directory and the reason, exit 73")
  func cannotCreateDirectory() throws {
    let r = try Self.run(["--html", "/proc/nope/x.html"])
    #expect(r.status == 73)
    #expect(r.errorLines == ["postsumm: /proc/nope: cannot create directory: No such file or directory"])
    let csv = try Self.run(["--csv", "/proc/nope/csv"])
    #expect(csv.status == 73)
    #expect(csv.errorLines == ["postsumm: /proc/nope: cannot create directory: No such file or directory"])
  }

  @Test("a file where a directory should be, and a directory where a file should be: named, with the reason, exit 73")
  func wrongKindOfFile() throws {
    let dir = try TemporaryDirectory()
    let file = try dir.write("x", to: "file")
    let under = try Self.run(["--text", file + "/report.txt"])
    #expect(under.status == 73)
    #expect(under.errorLines == ["postsumm: \(file)/report.txt: Not a directory"])
    let csv = try Self.run(["--csv", file])
    #expect(csv.status == 73)
    #expect(csv.errorLines == ["postsumm: \(file): cannot create directory: Not a directory"])
    let directory = try dir.makeDirectory("report.html")
    let onDirectory = try Self.run(["--html", directory])
    #expect(onDirectory.status == 73)
    #expect(onDirectory.errorLines == ["postsumm: \(directory): Is a directory"])
  }

  @Test("side files and templates: the path and the reason")
  func sideFilesAndTemplates() throws {
    let unprocessed = try PostsummProcess.run(Self.common + ["--unprocd-file", "/proc/nope/u.txt", Self.log])
    #expect(unprocessed.status == 73)
    #expect(unprocessed.errorLines == ["postsumm: /proc/nope: cannot create directory: No such file or directory"])
    let templates = try Self.run(["--html", "/dev/null", "--template-dir", "/nonexistent/templates"])
    #expect(templates.status == 74)
    #expect(templates.errorLines == ["postsumm: cannot render html: /nonexistent/templates: cannot read the template directory: No such file or directory"])
    let config = try PostsummProcess.run(["--config", "/nonexistent/postsumm.conf", Self.log])
    #expect(config.status == 64)
    #expect(config.errorLines == ["postsumm: /nonexistent/postsumm.conf: No such file or directory"])
  }

  // MARK: - -o and CSV

  @Test("-o: the extension names the format", arguments: [("report.txt", "Postfix Log Summaries"), ("report.text", "Postfix Log Summaries"), ("report.html", "<!DOCTYPE html>"), ("report.HTM", "<!DOCTYPE html>"), ("report.json", "{")])
  func outputByExtension(name: String, start: String) throws {
    let dir = try TemporaryDirectory()
    let r = try Self.run(["-o", dir.path(name)])
    #expect(r.status == 0)
    let written = FileManager.default.contents(atPath: dir.path(name)).map { String(decoding: $0, as: UTF8.self) }
    #expect(written?.hasPrefix(start) == true)
  }

  @Test("-o: a path ending in / is the CSV directory, made if missing")
  func outputTrailingSlash() throws {
    let dir = try TemporaryDirectory()
    let r = try Self.run(["-o", dir.path("out/csv") + "/"])
    #expect(r.status == 0)
    #expect(FileManager.default.fileExists(atPath: dir.path("out/csv/totals.csv")))
  }

  @Test("-o: an existing directory is the CSV directory, whatever its name")
  func outputExistingDirectory() throws {
    let dir = try TemporaryDirectory()
    for name in ["tables", "tables.html"] {
      let existing = try dir.makeDirectory(name)
      let r = try Self.run(["-o", existing])
      #expect(r.status == 0, "\(name)")
      #expect(FileManager.default.fileExists(atPath: existing + "/index.csv"), "\(name)")
    }
  }

  @Test("-o and --csv: a .csv path is refused with what CSV output is; nothing is written")
  func csvFileRefused() throws {
    let dir = try TemporaryDirectory()
    let path = dir.path("out/tables.csv")
    let message = "postsumm: '\(path)': CSV output is a directory of tables (one file per table), not one file; name a directory (-o \(dir.path("out/tables"))/ or --csv DIR)"
    for option in ["-o", "--csv"] {
      let r = try Self.run([option, path])
      #expect(r.status == 64, "\(option)")
      #expect(r.errorLines == [message], "\(option)")
      #expect(!FileManager.default.fileExists(atPath: dir.path("out")), "\(option)")
    }
    // A directory that exists already is a directory, even with that name.
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    #expect(try Self.run(["--csv", path]).status == 0)
    #expect(try Self.run(["-o", path]).status == 0)
    #expect(FileManager.default.fileExists(atPath: path + "/index.csv"))
  }

  @Test("-o: a name that says no format is a usage error that explains the rule; nothing is written")
  func outputUnknown() throws {
    let dir = try TemporaryDirectory()
    for name in ["out/csv", "report.pdf"] {
      let r = try Self.run(["-o", dir.path(name)])
      #expect(r.status == 64, "\(name)")
      #expect(
        r.errorLines == [
          "postsumm: cannot tell the format of '\(dir.path(name))' from its name: use .txt, .html or .json for a file, an existing directory or a path ending in / for the CSV tables, or --text/--html/--json/--csv"
        ], "\(name)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
  }
}
