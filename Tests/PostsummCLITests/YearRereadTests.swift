import Foundation
import Testing

@testable import PostsummCLI

/// A file whose year-less stamps run on for more than a year fits its anchor only when re-read a
/// year earlier. The sequential path re-reads it from the summary before it; a `--jobs` thread,
/// which hands one summary from shard to shard of its run without keeping a copy, starts its run
/// over shard by shard instead. Both must give the same report.
@Suite("Re-reading a file a year earlier")
struct YearRereadTests {
  /// One complete message (connect … removed) at `stamp`, numbered `n`.
  static func message(_ stamp: String, _ n: Int) -> String {
    let qid = String(format: "%05X%@", 0xA0000 + n, ["A", "B", "C", "D", "E", "F"][n % 6])
    let client = "client\(n).example.net[192.0.2.\(n % 250 + 1)]"
    return """
      \(stamp) mail postfix/smtpd[\(3000 + n)]: connect from \(client)
      \(stamp) mail postfix/smtpd[\(3000 + n)]: \(qid): client=\(client)
      \(stamp) mail postfix/cleanup[\(3001 + n)]: \(qid): message-id=<m\(n)@example.net>
      \(stamp) mail postfix/qmgr[99]: \(qid): from=<alice\(n % 7)@example.com>, size=\(1000 + n), nrcpt=1 (queue active)
      \(stamp) mail postfix/smtpd[\(3000 + n)]: disconnect from \(client)
      \(stamp) mail postfix/local[\(3002 + n)]: \(qid): to=<bob\(n % 5)@example.org>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)
      \(stamp) mail postfix/qmgr[99]: \(qid): removed

      """
  }

  /// Four files given in this order; the second runs from October to November a year later
  /// (each step under six months, so the first reading puts its end in 2027, past its anchor).
  static func writeFiles(in dir: URL) throws -> [String] {
    let files: [(String, [String], String)] = [
      ("a.log", ["Sep 20 10:00:00", "Sep 21 10:00:00", "Sep 22 10:00:00"], "2026-09-23T00:00:00Z"),
      ("b.log", ["Oct 10 10:00:00", "Jan  5 10:00:00", "Apr  1 10:00:00", "Jul  1 10:00:00", "Oct  1 10:00:00", "Nov 20 10:00:00"], "2026-11-20T12:00:00Z"),
      ("c.log", ["Nov 21 10:00:00", "Nov 22 10:00:00"], "2026-11-23T00:00:00Z"),
      ("d.log", ["Nov 23 10:00:00", "Nov 24 10:00:00", "Nov 24 11:00:00"], "2026-11-25T00:00:00Z"),
    ]
    var n = 0
    var paths: [String] = []
    for (name, stamps, mtime) in files {
      var text = ""
      for stamp in stamps {
        text += message(stamp, n)
        n += 1
      }
      let url = dir.appendingPathComponent(name)
      try text.write(to: url, atomically: true, encoding: .utf8)
      let date = try #require(ISO8601DateFormatter().date(from: mtime))
      try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
      paths.append(url.path)
    }
    return paths
  }

  @Test("the report is the same for --jobs 1, 2, 3 and 4, with the early lines a year back")
  func sameForEveryJobs() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("postsumm-reread-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let files = try Self.writeFiles(in: dir)

    var reference: String?
    for jobs in [1, 2, 3, 4] {
      let output = OutputCollector()
      let status = PostsummCommand.run(
        arguments: ["--jobs", String(jobs), "--no-progress"] + files, clock: { LocalTimeValue(iso: "2026-11-26T12:00:00")! },
        standardOutput: output.append)
      #expect(status == .success, "--jobs \(jobs)")
      let text = output.text
      // Re-read a year earlier: October 2025 up to the file's own anchor; nothing in 2027.
      for row in ["Oct 10 2025", "Jan  5 2026", "Jul  1 2026", "Oct  1 2026", "Nov 20 2026", "Sep 20 2026", "Nov 24 2026"] {
        #expect(text.contains("    \(row)   "), "--jobs \(jobs): no per-day row for \(row)")
      }
      #expect(!text.contains("2027"), "--jobs \(jobs): a date in 2027")
      #expect(text.contains("     14   received"), "--jobs \(jobs): 14 messages received")
      if let reference {
        #expect(text == reference, "--jobs \(jobs) differs from --jobs 1")
      } else {
        reference = text
      }
    }
  }
}
