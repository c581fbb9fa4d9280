import Foundation
import Testing
import TestSupport

@testable import PostsummCLI

#if canImport(Glibc)
import Glibc
#endif

/// Issue 16, items 3 and 5, with real aggregate files and the real binary: `--save-daily` days
/// merge (as inputs) to the run's report, for any `--jobs`; the archive's days and pages are those
/// of one run; a run killed halfway leaves every file as it was or complete, and the next run
/// completes the site.
@Suite("Archive files")
struct ArchiveFileTests {
  static let week = FixturePaths.files(in: "real/week")
  static let common = ["--reference-date", "2026-11-23", "--generated-at", "2026-11-23T07:00:00", "--no-progress"]
  /// The four oldest files of the week (Nov 16 06:00 to Nov 20 06:13).
  static let firstPart = week.filter { ["3.gz", "4.gz", "5.gz", "6.gz"].contains(String($0.suffix(4))) }

  static func contents(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { [UInt8]($0) } }

  /// Every file of a site by relative path, with its bytes (the lock, temporary files and the
  /// pages' records, which name inodes, left out).
  static func files(_ root: String) -> [String: [UInt8]] {
    var all: [String: [UInt8]] = [:]
    for (path, _) in ArchiveTestSupport.fileStamps(under: root) {
      let name = Directories.name(of: path)
      if name == ".lock" || name == ".page.json" || name.contains(".postsumm-") { continue }
      all[path] = contents("\(root)/\(path)")
    }
    return all
  }

  static func archive(_ site: String, _ files: [String], shell: String? = nil) throws -> PostsummProcess.Result {
    try PostsummProcess.run(["archive", site] + common + ["--jobs", "2"] + files, shell: shell)
  }

  @Test("--save-daily: the same day files for --jobs 1 and 3, which as inputs make the run's report; the run's own output unchanged")
  func saveDaily() throws {
    let dir = try TemporaryDirectory()
    let plain = try PostsummProcess.run(Self.common + ["--jobs", "1"] + Self.week)
    var dayFiles: [[String: [UInt8]]] = []
    for jobs in ["1", "3"] {
      let daily = dir.path("daily\(jobs)")
      let r = try PostsummProcess.run(Self.common + ["--jobs", jobs, "--save-daily", daily] + Self.week)
      #expect(r.status == 0 && r.standardError == "")
      #expect(r.output == plain.output, "--save-daily changed the report")
      let names = try FileManager.default.contentsOfDirectory(atPath: daily).sorted()
      #expect(names == (16...22).map { "2026-11-\($0).psum" })
      dayFiles.append(Dictionary(uniqueKeysWithValues: names.map { ($0, Self.contents("\(daily)/\($0)") ?? []) }))
      let merged = try PostsummProcess.run(Self.common + names.reversed().map { "\(daily)/\($0)" })
      #expect(merged.status == 0)
      #expect(merged.output == plain.output, "--jobs \(jobs): the days given as inputs differ from the run")
    }
    #expect(dayFiles[0] == dayFiles[1], "--jobs 1 and 3 saved different bytes")
  }

  @Test("the archive's days and pages: a week page equals the run over the week's logs (top 100 rows by default)")
  func pagesEqualTheRun() throws {
    let dir = try TemporaryDirectory()
    let site = dir.path("site")
    let r = try Self.archive(site, Self.week)
    #expect(r.status == 0 && r.standardError == "")
    let plain = try PostsummProcess.run(Self.common + ["--detail", "100"] + Self.week)
    #expect(plain.output.contains("Recipients by message count (top 100 of 1084)"))
    let weekText = String(decoding: Self.contents("\(site)/weeks/2026-W47/report.txt") ?? [], as: UTF8.self)
    #expect(weekText == plain.output)
    let monthText = String(decoding: Self.contents("\(site)/months/2026-11/report.txt") ?? [], as: UTF8.self)
    #expect(monthText == plain.output)
    // A day's page is the day read on its own: as `-d` of that day, but for the messages that
    // cross midnight (counted where their receipt is).
    let day = try PostsummProcess.run(Self.common + ["--detail", "100", "-d", "2026-11-16"] + Self.week)
    let dayText = String(decoding: Self.contents("\(site)/days/2026-11-16/report.txt") ?? [], as: UTF8.self)
    #expect(dayText.split(separator: "\n").prefix(12) == day.output.split(separator: "\n").prefix(12))
    // --detail=-1 (or a limit given) shows every row; the pages are made again.
    let all = try Self.archive(site, ["--detail=-1"])
    #expect(all.status == 0)
    let whole = try PostsummProcess.run(Self.common + Self.week)
    #expect(String(decoding: Self.contents("\(site)/weeks/2026-W47/report.txt") ?? [], as: UTF8.self) == whole.output)
  }

  /// Two weeks and a bit of made-up traffic, Thu Nov 26 to Wed Dec 9 2026: every day local
  /// and relayed mail (an unauthenticated client, a SASL login), a message received before
  /// midnight and delivered after it, a deferral delivered the next day, password guesses and
  /// relay probes. Week 48 (Nov 26–29) lies in November, week 49 (Nov 30–Dec 6) in both
  /// months, week 50 (Dec 7–9) in December.
  static func twoWeeksOfMail() -> String {
    var lines: [String] = []
    let months = ["Nov": 26...30, "Dec": 1...9]
    var n = 0
    for (month, days) in months.sorted(by: { $0.key > $1.key }) {
      for day in days {
        n += 1
        let d = "\(month) \(day < 10 ? " " : "")\(day)"
        for i in 0..<(n % 3 + 2) {
          let q = String(format: "%02X%02X0A1B2", n, i)
          let client = i % 2 == 0 ? "client=mx\(i).sender\(n % 4).test[192.0.2.\(i + n)]" : "client=laptop.test[198.51.100.\(n % 5)], sasl_method=PLAIN, sasl_username=user\(i)@example.test"
          lines += [
            "\(d) 10:\(10 + i):00 mail postfix/smtpd[100]: \(q): \(client)",
            "\(d) 10:\(10 + i):01 mail postfix/cleanup[101]: \(q): message-id=<\(q)@sender.test>",
            "\(d) 10:\(10 + i):02 mail postfix/qmgr[102]: \(q): from=<a\(i)@sender\(n % 3).test>, size=\(1000 + 37 * n + i), nrcpt=2 (queue active)",
            "\(d) 10:\(10 + i):03 mail postfix/local[103]: \(q): to=<user\(n % 4)@example.test>, relay=local, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (delivered to mailbox)",
            "\(d) 10:\(10 + i):04 mail postfix/smtp[104]: \(q): to=<r\(n)@remote\(i).test>, relay=mx.remote\(i).test[203.0.113.\(i + 1)]:25, delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as F\(q))",
            "\(d) 10:\(10 + i):05 mail postfix/qmgr[102]: \(q): removed",
          ]
        }
        for g in 0..<(n % 4) {
          lines.append("\(d) 11:0\(g):00 mail postfix/smtpd[105]: warning: unknown[203.0.113.\(50 + (n + g) % 7)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=admin\(g)")
          lines.append("\(d) 11:1\(g):00 mail postfix/smtpd[105]: NOQUEUE: reject: RCPT from probe.test[203.0.113.\(90 + g)]: 554 5.7.1 <x@far\(n).test>: Relay access denied; from=<p@probe.test> to=<x@far\(n).test> proto=ESMTP helo=<probe>")
        }
        // Received before midnight, deferred, delivered after it.
        let late = String(format: "%02XFF0A1B2", n)
        lines += [
          "\(d) 23:59:50 mail postfix/smtpd[106]: \(late): client=mx.night.test[192.0.2.200]",
          "\(d) 23:59:51 mail postfix/qmgr[102]: \(late): from=<night@night.test>, size=2048, nrcpt=1 (queue active)",
          "\(d) 23:59:55 mail postfix/smtp[104]: \(late): to=<late\(n)@slow.test>, relay=mx.slow.test[203.0.113.9]:25, delay=5, delays=0/0/0/5, dsn=4.4.1, status=deferred (connect to mx.slow.test[203.0.113.9]:25: Connection timed out)",
        ]
      }
    }
    // The late messages are delivered the next morning (the last one stays in the queue).
    var out: [String] = []
    var pendingLate: String?
    for line in lines {
      if let p = pendingLate, line.contains(" 10:10:00 ") {
        let date = String(line.prefix(6))
        out.append("\(date) 00:00:20 mail postfix/smtp[104]: \(p): to=<late@slow.test>, relay=mx.slow.test[203.0.113.9]:25, delay=30, delays=0/25/0/5, dsn=2.0.0, status=sent (250 ok)")
        out.append("\(date) 00:00:21 mail postfix/qmgr[102]: \(p): removed")
        pendingLate = nil
      }
      out.append(line)
      if line.contains(" 23:59:55 "), let q = line.split(separator: " ").dropFirst(5).first { pendingLate = String(q.dropLast()) }
    }
    return out.joined(separator: "\n") + "\n"
  }

  @Test("every week and month page equals the report of its saved days merged as inputs, weeks across a month's end too")
  func pagesEqualTheirDays() throws {
    let dir = try TemporaryDirectory()
    let log = dir.path("mail.log")
    try Self.twoWeeksOfMail().write(toFile: log, atomically: false, encoding: .utf8)
    let site = dir.path("site")
    let options = ["--reference-date", "2026-12-10", "--generated-at", "2026-12-10T07:00:00", "--no-progress", "--abuse-stats"]
    let r = try PostsummProcess.run(["archive", site] + options + ["--jobs", "2", log])
    #expect(r.status == 0 && r.standardError == "", "\(r.standardError)")
    let data = (try FileManager.default.contentsOfDirectory(atPath: "\(site)/data")).filter { $0.hasSuffix(".psum") }.sorted()
    #expect(data.count == 14)
    let pages: [(String, [String])] = [
      ("weeks/2026-W48", (26...29).map { "2026-11-\($0)" }), ("weeks/2026-W49", ["2026-11-30"] + (1...6).map { "2026-12-0\($0)" }),
      ("weeks/2026-W50", (7...9).map { "2026-12-0\($0)" }), ("months/2026-11", (26...30).map { "2026-11-\($0)" }),
      ("months/2026-12", (1...9).map { "2026-12-0\($0)" }),
    ]
    for (page, days) in pages {
      let direct = try PostsummProcess.run(options + ["--detail", "100"] + days.reversed().map { "\(site)/data/\($0).psum" })
      #expect(direct.status == 0)
      let text = String(decoding: Self.contents("\(site)/\(page)/report.txt") ?? [], as: UTF8.self)
      #expect(text == direct.output, "\(page) differs from its days merged")
      #expect(text.contains("Submitters") && text.contains("SASL Authentication Failures by Client"))
    }
  }

  @Test("an archive copied elsewhere (new inodes and times) keeps its pages; a day with other content makes its pages again")
  func copiedArchive() throws {
    let dir = try TemporaryDirectory()
    let site = dir.path("site")
    #expect(try Self.archive(site, Self.week).status == 0)
    let copy = dir.path("copy")
    try FileManager.default.copyItem(atPath: site, toPath: copy)
    let trace = dir.path("trace")
    #expect(try PostsummProcess.run(["archive", copy, "--debug", trace] + Self.common).status == 0)
    let lines = String(decoding: Self.contents(trace) ?? [], as: UTF8.self).split(separator: "\n")
    #expect(lines.contains("pages written:     -"), "\(lines)")
    // Another day's content under the 19th's name: its day, week and month (and nothing else).
    try FileManager.default.removeItem(atPath: "\(copy)/data/2026-11-19.psum")
    try FileManager.default.copyItem(atPath: "\(copy)/data/2026-11-18.psum", toPath: "\(copy)/data/2026-11-19.psum")
    #expect(try PostsummProcess.run(["archive", copy, "--debug", trace] + Self.common).status == 0)
    let again = String(decoding: Self.contents(trace) ?? [], as: UTF8.self).split(separator: "\n")
    #expect(again.contains("pages written:     days/2026-11-19 weeks/2026-W47 months/2026-11 index.html"), "\(again)")
  }

  @Test("a damaged day's file: one line naming it, exit 1; the pages made from it are kept, the others made")
  func damagedDay() throws {
    let dir = try TemporaryDirectory()
    let site = dir.path("site")
    #expect(try Self.archive(site, Self.week).status == 0)
    let before = Self.files(site)
    let day = "\(site)/data/2026-11-19.psum"
    var bytes = try #require(Self.contents(day))
    bytes.removeLast(bytes.count / 2)
    try Data(bytes).write(to: URL(fileURLWithPath: day))
    // New report options: every page is to be made again.
    let r = try PostsummProcess.run(["archive", site] + Self.common + ["--iso-date-time"])
    #expect(r.status == 1)
    #expect(r.errorLines.count == 1 && r.errorLines.first?.hasPrefix("postsumm: \(day): ") == true, "\(r.errorLines)")
    let after = Self.files(site)
    for page in ["days/2026-11-19", "weeks/2026-W47", "months/2026-11"] {
      #expect(after["\(page)/index.html"] == before["\(page)/index.html"], "\(page) was made without its day")
    }
    #expect(after["days/2026-11-18/index.html"] != before["days/2026-11-18/index.html"])
    // The newest day read again from the logs replaces a damaged file; an older one stays damaged.
    let again = try Self.archive(site, Self.week)
    #expect(again.status == 1)
  }

  @Test("a run killed halfway leaves every file as it was or complete; the next run completes the site", arguments: [0, 1])
  func killedRun(_ stage: Int) throws {
    let dir = try TemporaryDirectory()
    // The reference: the site after the first part, then after the whole week.
    let reference = dir.path("reference")
    #expect(try Self.archive(reference, Self.firstPart).status == 0)
    let before = Self.files(reference)
    #expect(try Self.archive(reference, Self.week).status == 0)
    let after = Self.files(reference)
    // A file size limit between the largest data file and the smallest page (stage 0: killed at
    // the first page), or between the largest day page and the smallest week or month page
    // (stage 1: killed after the days' pages).
    func size(_ prefix: String, _ suffix: String) -> [Int] {
      after.filter { $0.key.hasPrefix(prefix) && $0.key.hasSuffix(suffix) }.map(\.value.count)
    }
    let limit =
      stage == 0
      ? (size("data/", ".psum").max()! + size("days/", "index.html").min()!) / 2
      : (size("days/", "index.html").max()! + min(size("weeks/", "index.html").min()!, size("months/", "index.html").min()!)) / 2
    try #require(size("data/", ".psum").max()! < limit)
    let site = dir.path("site")
    #expect(try Self.archive(site, Self.firstPart).status == 0)
    #expect(Self.files(site) == before)
    let killed = try Self.archive(site, Self.week, shell: "ulimit -f \(limit / 512)")
    #expect(killed.status == 128 + SIGXFSZ)
    let now = Self.files(site)
    var changed = 0
    for (path, bytes) in now {
      if bytes == before[path] { continue }
      #expect(bytes == after[path], "\(path) is neither the old file nor the new one")
      changed += 1
    }
    #expect(changed > 0 && now != after, "the run was not killed halfway")
    // Days' data are all new; pages are partly new (stage 1: the days').
    #expect(now.filter { $0.key.hasPrefix("data/") } == after.filter { $0.key.hasPrefix("data/") })
    if stage == 1 { #expect(now["days/2026-11-22/index.html"] == after["days/2026-11-22/index.html"]) }
    #expect(now["index.html"] == before["index.html"])
    let again = try Self.archive(site, Self.week)
    #expect(again.status == 0)
    #expect(Self.files(site) == after)
  }
}
