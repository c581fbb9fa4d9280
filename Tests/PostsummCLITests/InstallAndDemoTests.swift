import Foundation
import Testing
import TestSupport

/// Issue 17, item 7: `make install` installs the documents the man page points to, at the
/// path the man page names; `make demo` prints a short report and says where the whole one
/// went. Both run the repository's own Makefile and script with the test build's binary.
@Suite("make install and make demo")
struct InstallAndDemoTests {
  static func run(
    _ executable: String, _ arguments: [String], in directory: String = FixturePaths.root, environment: [String: String] = [:]
  ) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test("the installed man page names the installed DIFFERENCES.md, which is there")
  func installDocs() throws {
    let dir = try TemporaryDirectory()
    let r = try Self.run(
      "/usr/bin/make", ["-s", "install-files", "BIN=\(PostsummProcess.executablePath)", "DESTDIR=\(dir.path)", "PREFIX=/opt/ps"])
    #expect(r.status == 0, "\(r.output)")
    let man = String(decoding: try #require(FileManager.default.contents(atPath: dir.path("opt/ps/share/man/man1/postsumm.1"))), as: UTF8.self)
    #expect(man.contains("/opt/ps/share/doc/postsumm/DIFFERENCES.md"))
    #expect(!man.contains("/usr/local/"))
    for doc in ["DIFFERENCES.md", "OUTPUTS.md", "AGGREGATE.md", "README.md", "SCALING.md", "report.schema.json"] {
      #expect(FileManager.default.fileExists(atPath: dir.path("opt/ps/share/doc/postsumm/" + doc)), "\(doc)")
    }
    #expect(FileManager.default.isExecutableFile(atPath: dir.path("opt/ps/bin/postsumm")))
  }

  @Test("make demo's script: a short report (-h 10 -u 10) on the terminal, and where the whole report went")
  func demo() throws {
    let dir = try TemporaryDirectory()
    let r = try Self.run("/bin/sh", ["scripts/demo.sh", PostsummProcess.executablePath], environment: ["OUT": dir.path])
    #expect(r.status == 0, "\(r.output)")
    let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count < 500)
    #expect(r.output.contains("postsumm -h 10 -u 10"))
    #expect(r.output.contains("Senders by message count (top 10 of"))
    for output in ["report.txt", "index.html", "csv/", "report.json"] {
      #expect(r.output.contains("\(dir.path)/\(output)"), "\(output) not named")
      #expect(FileManager.default.fileExists(atPath: dir.path(output)), "\(output) not written")
    }
    // The whole report is in the file: every sender, not the top 10.
    let whole = String(decoding: try #require(FileManager.default.contents(atPath: dir.path("report.txt"))), as: UTF8.self)
    #expect(whole.split(separator: "\n").count > 2000)
  }
}
