import Foundation
import Testing
import TestSupport

@testable import PostsummCLI

/// `postsumm archive` as a process: its help, its usage errors, its lock (issue 16, item 5).
@Suite("Archive command")
struct ArchiveCommandTests {
  static let quiet = ["--no-progress", "--generated-at", "2026-11-23T07:00:00"]

  @Test("--help teaches the subcommand")
  func help() throws {
    let r = try PostsummProcess.run(["archive", "--help"])
    #expect(r.status == 0)
    #expect(r.output.hasPrefix("USAGE: postsumm archive DIR [options] [file ...]"))
    #expect(r.output.contains("75 another run"))
    let main = try PostsummProcess.run(["--help"])
    #expect(main.output.contains("postsumm archive DIR"))
  }

  @Test("usage errors: no DIR, an option that does not apply", arguments: [
    ([String](), "postsumm: archive: missing DIR"),
    (["DIR", "--html", "x.html"], "postsumm: archive: --html does not apply (the archive writes its own pages and reads every day)"),
    (["DIR", "-d", "today"], "postsumm: archive: -d does not apply (the archive writes its own pages and reads every day)"),
  ])
  func usageErrors(_ arguments: [String], _ message: String) throws {
    let dir = try TemporaryDirectory()
    let r = try PostsummProcess.run(["archive"] + arguments.map { $0 == "DIR" ? dir.path("site") : $0 })
    #expect(r.status == 64)
    #expect(r.errorLines == [message, "Try 'postsumm archive --help' for more information."])
    #expect(!FileManager.default.fileExists(atPath: dir.path("site")))
  }

  @Test("a second run while one holds the lock stops at once: exit 75, the archive untouched")
  func locked() throws {
    let dir = try TemporaryDirectory()
    let site = dir.path("site")
    let first = try PostsummProcess.run(["archive", site] + Self.quiet)
    #expect(first.status == 0 && first.standardError == "")
    let before = ArchiveTestSupport.fileStamps(under: site)
    #expect(before.keys.contains("index.html"))
    do {
      let held = try ArchiveLock(directory: site)
      let r = try PostsummProcess.run(["archive", site] + Self.quiet + [FixturePaths.path("real/day/mail.log")])
      #expect(r.status == 75)
      #expect(r.errorLines == ["postsumm: \(site): another postsumm archive run is updating it (it holds \(site)/.lock); try again later"])
      withExtendedLifetime(held) {}
    }
    #expect(ArchiveTestSupport.fileStamps(under: site) == before)
  }

  @Test("options that read lines differently from the archive's are refused")
  func otherOptions() throws {
    let dir = try TemporaryDirectory()
    let site = dir.path("site")
    #expect(try PostsummProcess.run(["archive", site, "--ignore-case"] + Self.quiet).status == 0)
    let r = try PostsummProcess.run(["archive", site] + Self.quiet)
    #expect(r.status == 64)
    #expect(
      r.errorLines == [
        "postsumm: \(site): archived with other options that change how lines are read (now ignore-case=0, was ignore-case=1); use the archive's options, or a new directory"
      ])
    // Report options are free to change: they only shape the pages.
    #expect(try PostsummProcess.run(["archive", site, "-i", "--iso-date-time", "-h", "5"] + Self.quiet).status == 0)
  }

  @Test("an empty archive has a front page saying so")
  func emptyArchive() throws {
    let dir = try TemporaryDirectory()
    let site = dir.path("site")
    let r = try PostsummProcess.run(["archive", site] + Self.quiet)
    #expect(r.status == 0)
    let index = try String(contentsOfFile: "\(site)/index.html", encoding: .utf8)
    #expect(index.contains("The archive holds no days yet."))
    #expect(index.contains("<time datetime=\"2026-11-23T07:00:00\">2026-11-23 07:00:00</time>"))
    _ = try HTMLPageScan.tags(index)
  }
}
