import Foundation
import Testing
import TestSupport

/// `Fixtures/hostile/`: each damaged, junk or crafted log through the real executable, with what
/// the report, standard error and the exit status must be (README.md there says what each file
/// is). Most expectations are stated against `base.log`, the clean log the others are made of: 5
/// messages (alice@example.com → bob@example.org, 1000–1004 bytes, 35 lines).
@Suite("Hostile input")
struct HostileInputTests {
  /// One run: exit status, stderr, the JSON report (standard output) and the text report.
  struct Run {
    var status: Int32
    var stderr: [String]
    var json: JSONValue
    var text: String
    var peakResidentKiB: Int

    func total(_ key: String) -> Int64? { json["totals"]?[key]?.int }
    func lineStat(_ key: String) -> Int64? { json["line_stats"]?[key]?.int }
    var inputs: [JSONValue] { json["inputs"]?.array ?? [] }
    /// Rows of a table (`senders_by_count` …) as (key, value) with the given field names.
    func rows(_ table: String, _ key: String, _ value: String) -> [(String, Int64)] {
      (json[table]?["rows"]?.array ?? []).map { ($0[key]?.string ?? "?", $0[value]?.int ?? -1) }
    }
    var days: [String] { (json["per_day"]?.array ?? []).compactMap { $0["date"]?.string } }
  }

  static func path(_ name: String) -> String { FixturePaths.path("hostile/" + name) }

  /// Runs `postsumm` on `files` with `--reference-date 2026-11-25`, the JSON report on stdout and
  /// the text report in a file.
  static func run(_ files: [String], _ arguments: [String] = [], input: PostsummProcess.Input = .none) throws -> Run {
    let dir = try TemporaryDirectory(prefix: "postsumm-hostile")
    let textPath = dir.path("report.txt")
    let result = try PostsummProcess.run(
      arguments + [
        "--reference-date", "2026-11-25", "--generated-at", "none", "--no-progress", "--format", "json", "--text", textPath,
      ] + files, input: input)
    #expect(!result.timedOut, "postsumm did not finish")
    let json = try JSONValue.parse(result.output)
    let textBytes = FileManager.default.contents(atPath: textPath).map { [UInt8]($0) } ?? []
    #expect(String(validating: textBytes, as: UTF8.self) != nil, "the text report is not valid UTF-8")
    return Run(
      status: result.status, stderr: result.errorLines, json: json, text: String(decoding: textBytes, as: UTF8.self),
      peakResidentKiB: result.peakResidentKiB)
  }

  static func run(_ name: String, _ arguments: [String] = []) throws -> Run {
    try run([path(name)], arguments)
  }

  /// The text report of the clean log, which several damaged copies must reproduce exactly.
  static let baseText: String = { (try? run("base.log").text) ?? "" }()

  /// Asserts the five messages of `base.log` were all counted.
  static func expectBaseTotals(_ r: Run, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.total("received") == 5, sourceLocation: sourceLocation)
    #expect(r.total("delivered") == 5, sourceLocation: sourceLocation)
    #expect(r.total("bytes_received") == 5010, sourceLocation: sourceLocation)
    #expect(r.total("bytes_delivered") == 5010, sourceLocation: sourceLocation)
  }

  // MARK: - Damaged gzip

  @Test("truncated gzip: the 131 lines before the cut are counted, stderr says where it stopped, exit 1")
  func truncatedGzip() throws {
    let r = try Self.run("truncated.log.gz")
    #expect(r.status == 1)
    let problem =
      "\(Self.path("truncated.log.gz")): truncated gzip data (stopped after 13413 bytes of log, 131 lines; dropped an incomplete last line of 50 bytes)"
    #expect(r.stderr == ["postsumm: " + problem])
    // 131 lines = 18 whole messages (126 lines) and the first five lines of the 19th, whose size
    // line confirms its receipt; its delivery was in the part that is lost (as `gzip -dc` agrees).
    #expect(r.lineStat("total") == 131)
    #expect(r.total("received") == 19)
    #expect(r.total("delivered") == 18)
    #expect(r.total("bytes_received") == Int64((0..<19).map { 1000 + $0 }.reduce(0, +)))
    #expect(r.inputs.first?["problems"]?.array?.map(\.string) == [problem])
    #expect(r.inputs.first?["lines"]?.int == 131)
    #expect(r.text.contains("\n     19   received\n     18   delivered\n"))
  }

  @Test("a truncated file among good ones: the others are read whole, one stderr line per problem, in input order")
  func problemsAmongGoodFiles() throws {
    let good = FixturePaths.path("hand/appendix-a.log")
    let alone = try Self.run([good])
    #expect(alone.status == 0 && alone.stderr.isEmpty)
    let missing = Self.path("no-such-file.log")
    let r = try Self.run([missing, Self.path("truncated.log.gz"), good, Self.path("trailing-garbage.log.gz")])
    #expect(r.status == 1)
    #expect(r.stderr.count == 3)
    #expect(r.stderr.first == "postsumm: \(missing): No such file or directory")
    #expect(r.stderr.dropFirst().first?.hasPrefix("postsumm: \(Self.path("truncated.log.gz")): truncated gzip data") == true)
    #expect(r.stderr.last == "postsumm: \(Self.path("trailing-garbage.log.gz")): trailing garbage after gzip data (ignored 108 bytes)")
    // truncated (18) + the good file + trailing-garbage's 5, whose queue ids repeat the first
    // five of truncated's: each is a new message by then.
    #expect(r.total("delivered") == 18 + (alone.total("delivered") ?? -1) + 5)
  }

  @Test("gzip with a bad CRC: every line inflated is counted, stderr names the check, exit 1")
  func badCRC() throws {
    let r = try Self.run("bad-crc.log.gz")
    #expect(r.status == 1)
    #expect(r.stderr == ["postsumm: \(Self.path("bad-crc.log.gz")): corrupt gzip data: incorrect data check (after 3585 bytes of log, 35 lines)"])
    Self.expectBaseTotals(r)
    #expect(r.text == Self.baseText)
  }

  @Test("gzip with flipped bytes in its second member: the first member's 21 lines count, exit 1")
  func flippedBytes() throws {
    let r = try Self.run("flipped-bytes.log.gz")
    #expect(r.status == 1)
    #expect(r.stderr.count == 1)
    let line = r.stderr.first ?? ""
    // zlib's own words in the middle ("invalid distance too far back" with zlib 1.3).
    #expect(line.hasPrefix("postsumm: \(Self.path("flipped-bytes.log.gz")): corrupt gzip data: "))
    #expect(line.hasSuffix(" (after 2151 bytes of log, 21 lines; dropped an incomplete last line of 9 bytes)"))
    #expect(r.lineStat("total") == 21)
    #expect(r.total("received") == 3)
    #expect(r.total("delivered") == 3)
    #expect(r.total("bytes_received") == 3003)
  }

  @Test("a gzip member followed by garbage: all its lines count, stderr says how much was ignored, exit 1")
  func trailingGarbage() throws {
    let r = try Self.run("trailing-garbage.log.gz")
    #expect(r.status == 1)
    #expect(r.stderr == ["postsumm: \(Self.path("trailing-garbage.log.gz")): trailing garbage after gzip data (ignored 108 bytes)"])
    Self.expectBaseTotals(r)
    #expect(r.text == Self.baseText)
  }

  @Test("truncated gzip on standard input: named '-' on stderr, exit 1")
  func truncatedOnStandardInput() throws {
    let bytes = try #require(FileManager.default.contents(atPath: Self.path("truncated.log.gz")))
    let r = try Self.run(["-"], input: .generated { write in _ = write([UInt8](bytes)) })
    #expect(r.status == 1)
    #expect(r.stderr == ["postsumm: -: truncated gzip data (stopped after 13413 bytes of log, 131 lines; dropped an incomplete last line of 50 bytes)"])
    #expect(r.total("received") == 19)
  }

  // MARK: - Empty and misnamed files

  @Test("an empty file and an empty gzip: an empty report, nothing on stderr, exit 0", arguments: ["empty.log", "empty.log.gz"])
  func empty(_ name: String) throws {
    let r = try Self.run(name)
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.lineStat("total") == 0)
    #expect(r.total("received") == 0 && r.total("delivered") == 0)
    #expect(r.json["period"]?.isNull == true)
    #expect(r.inputs.first?["compressed"]?.bool == name.hasSuffix(".gz"))
    #expect(r.text.hasPrefix("Postfix Log Summaries\n\nGrand Totals\n"))
  }

  @Test("files are recognised by content, not name: a plain .gz and a gzip .log read as base.log", arguments: [
    ("plain-named.log.gz", false), ("gzip-named.log", true),
  ])
  func misnamed(_ name: String, _ compressed: Bool) throws {
    let r = try Self.run(name)
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.inputs.first?["compressed"]?.bool == compressed)
    #expect(r.inputs.first?["bytes"]?.int == 3585)
    #expect(r.text == Self.baseText)
  }

  // MARK: - Damaged text

  @Test("NUL regions: the line of NULs is undated, the line after 1000 NULs is read, exit 0")
  func nulRegion() throws {
    let r = try Self.run("nul-region.log")
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.lineStat("total") == 36)
    #expect(r.lineStat("undated") == 1)
    #expect(r.lineStat("postfix") == 35)
    #expect(r.text == Self.baseText)
  }

  @Test("random bytes before the log: 16 undated lines, the log after them is whole, exit 0")
  func binaryJunk() throws {
    let r = try Self.run("binary-junk.log")
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.lineStat("undated") == 16)
    #expect(r.lineStat("postfix") == 35)
    #expect(r.text == Self.baseText)
  }

  @Test("invalid UTF-8 in every field becomes U+FFFD, in text and JSON, and nothing breaks, exit 0")
  func invalidUTF8() throws {
    let r = try Self.run("invalid-utf8.log", ["--smtpd-stats"])
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.lineStat("total") == 12)
    // The `removed` line whose queue id has a bad byte does not look like a queue id's line.
    #expect(r.lineStat("unprocessed") == 1)
    #expect(r.total("received") == 1)
    #expect(r.total("delivered") == 1)
    #expect(r.total("deferred") == 1)
    #expect(r.total("bounced") == 1)
    #expect(r.total("rejected") == 1)
    let fffd = "\u{FFFD}"
    #expect(r.rows("senders_by_count", "address", "messages").map(\.0) == ["\(fffd)\(fffd)@example.com"])
    #expect(r.rows("recipients_by_count", "address", "messages").map(\.0) == ["b\(fffd)(ob@example.org"])
    for expected in [
      "   2000   \(fffd)\(fffd)@example.com\n",  // senders by size
      "      1   b\(fffd)(ob@example.org\n",  // recipients by count
      "           1   Mailbox \(fffd) busy \n",  // deferral reason
      "         1   User \(fffd)( unknown (in reply to RCPT TO command)\n",  // bounce reason
      "    Relay access denied\(fffd) (1)\n",  // reject reason
      "         1   hostname h\(fffd).example does not resolve to address 203.0.113.9: Na...\n",  // warning, trimmed
      "  sm\(fffd)tpd (1)\n",  // the daemon name from a bad program path
    ] {
      #expect(r.text.contains(expected), "\(expected.debugDescription) missing")
    }
  }

  @Test("invalid UTF-8 in every output format: HTML, CSV and JSON are written and valid UTF-8")
  func invalidUTF8AllFormats() throws {
    let out = try FormatFixtureRuns.writeAllFormats([Self.path("invalid-utf8.log")], arguments: ["-e", "--smtpd-stats"])
    #expect(out.status == .success)
    #expect(out.html.contains("\u{FFFD}\u{FFFD}@example.com"))
    #expect(try HTMLPageScan.foreignMarkup(out.html) == [])
    #expect(out.csv["senders_by_count.csv"]?.contains("\u{FFFD}\u{FFFD}@example.com") == true)
    _ = try JSONValue.parse(out.json)
  }

  @Test("a last line without a newline is read: the fifth delivery counts, exit 0")
  func noFinalNewline() throws {
    let r = try Self.run("no-final-newline.log")
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.lineStat("total") == 34)
    #expect(r.inputs.first?["bytes"]?.int == 3524)
    Self.expectBaseTotals(r)
  }

  @Test("CRLF line ends: the same report as LF, exit 0")
  func crlf() throws {
    let r = try Self.run("crlf.log")
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.inputs.first?["bytes"]?.int == 3620)
    #expect(r.text == Self.baseText)
    #expect(!r.text.contains("\r"))
  }

  @Test("Fixtures/hand/crlf.log reads as its LF copy: the expiry counts, no text carries the CR (docs/DIFFERENCES.md D15)")
  func handWrittenCRLF() throws {
    let crlf = FixturePaths.path("hand/crlf.log")
    let bytes = [UInt8](try #require(FileManager.default.contents(atPath: crlf)))
    #expect(bytes.filter { $0 == 0x0D }.count == bytes.filter { $0 == 0x0A }.count)
    let dir = try TemporaryDirectory()
    let lf = try dir.write(bytes.filter { $0 != 0x0D }, to: "lf.log")
    for options in [[], ["--verbose-msg-detail", "--smtpd-stats", "-e"]] {
      let withCR = try PostsummProcess.run(options + ["--reference-date", "2026-11-25", "--no-progress", crlf])
      let withoutCR = try PostsummProcess.run(options + ["--reference-date", "2026-11-25", "--no-progress", lf])
      #expect(withCR.status == 0 && withCR.standardError.isEmpty)
      #expect(withCR.output == withoutCR.output, "\(options)")
      #expect(!withCR.output.contains("\r"))
      #expect(withCR.output.contains("\n      1   expired\n"))
      #expect(withCR.output.contains("\n      1   reload -- version 3.7.11, configuration /etc/postfix\n"))
    }
  }

  // MARK: - Order

  @Test("lines backwards: deliveries count, receipts never confirmed do not, connections never open, exit 0")
  func reversed() throws {
    let r = try Self.run("reversed.log", ["--smtpd-stats"])
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.total("delivered") == 5)
    // Each receipt comes after its size line and removal: it is never confirmed, and the log
    // has size lines, so it is not counted (docs/DIFFERENCES.md D1).
    #expect(r.total("received") == 0)
    #expect(r.total("bytes_delivered") == 0)
    #expect(r.json["messages_without_size"]?.array?.count == 5)
    #expect(r.json["smtpd_totals"]?["connections"]?.int == 0)
  }

  @Test("every line twice: deliveries double, receipts and connections do not, exit 0")
  func duplicates() throws {
    let r = try Self.run("duplicates.log", ["--smtpd-stats"])
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.lineStat("total") == 70)
    #expect(r.total("received") == 5)
    #expect(r.total("bytes_received") == 5010)
    #expect(r.total("delivered") == 10)
    #expect(r.total("bytes_delivered") == 10020)
    #expect(r.json["smtpd_totals"]?["connections"]?.int == 5)
  }

  @Test("timestamps from the future: a year-less Dec 25 lands a year back, RFC 3339 2099 stays in 2099, exit 0")
  func future() throws {
    let r = try Self.run("future.log")
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    // Anchor 2026-11-25: "Nov 22" and "Nov 23" are 2026; "Dec 25" would be after the anchor in
    // 2026, so it is 2025 (a year-less line never lands after its file's anchor); RFC 3339
    // stamps carry their year and are taken as written.
    #expect(r.days == ["2025-12-25", "2026-11-22", "2026-11-23", "2099-06-01"])
    for row in r.json["per_day"]?.array ?? [] {
      #expect(row["received"]?.int == 1 && row["delivered"]?.int == 1)
    }
    #expect(r.json["period"]?["first"]?.string == "2025-12-25")
    #expect(r.json["period"]?["last"]?.string == "2099-06-01")
    #expect(r.text.hasPrefix("Postfix Log Summaries for Thu, Dec 25 2025 through Mon, Jun 1 2099\n"))
    #expect(r.total("received") == 4)
  }

  @Test("a future stamp in a file whose anchor is its modification time: still not after it")
  func futureAgainstModificationTime() throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-future")
    let copy = try dir.write([UInt8](try #require(FileManager.default.contents(atPath: Self.path("future.log")))), to: "mail.log")
    // mtime 2026-11-25 12:00 UTC; no --reference-date.
    var times = [timespec(tv_sec: 1_795_608_000, tv_nsec: 0), timespec(tv_sec: 1_795_608_000, tv_nsec: 0)]
    #expect(utimensat(AT_FDCWD, copy, &times, 0) == 0)
    let result = try PostsummProcess.run(["--format", "json", "--generated-at", "none", copy])
    #expect(result.status == 0)
    let days = (try JSONValue.parse(result.output))["per_day"]?.array?.compactMap { $0["date"]?.string }
    #expect(days == ["2025-12-25", "2026-11-22", "2026-11-23", "2099-06-01"])
  }

  // MARK: - Not Postfix, or not quite

  @Test("other programs' lines are counted as such and change nothing, exit 0")
  func otherPrograms() throws {
    let r = try Self.run("other-programs.log")
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.lineStat("other_programs") == 10)
    #expect(r.lineStat("postfix") == 7)
    #expect(r.lineStat("unprocessed") == 0)
    // The postfixadmin line quoting a `client=` line is not a receipt.
    #expect(r.total("received") == 1)
    #expect(r.total("delivered") == 1)
  }

  @Test("lines that stop mid-field: unrecognised ones are counted and listed, the rest read as pflogsumm would, exit 0")
  func almostPostfix() throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-almost")
    let unprocessed = dir.path("unprocessed.txt")
    let r = try Self.run("almost-postfix.log", ["--unprocd-file", unprocessed])
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.lineStat("total") == 22)
    #expect(r.lineStat("undated") == 3)  // "Nov 24 08:20", "… mx1", "… mx1 "
    #expect(r.lineStat("postfix") == 19)
    #expect(r.lineStat("unprocessed") == 8)
    let log = String(decoding: try #require(FileManager.default.contents(atPath: Self.path("almost-postfix.log"))), as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let listed = String(decoding: FileManager.default.contents(atPath: unprocessed) ?? Data(), as: UTF8.self)
      .split(separator: "\n").map(String.init)
    // `to=<`, `delay=`, `status=`, `postfix/smtpd[`, `postfix/smtpd[3022`, `postfix/smtpd[3022]:`,
    // `reject: header`, `warning:`.
    #expect(listed == [4, 5, 6, 11, 12, 13, 17, 18].map { log[$0] })
    // `delay=abc` with a status is a delivery with no delay (Perl numifies "abc" to 0).
    #expect(r.total("delivered") == 1)
    #expect(r.rows("delivery_domains", "domain", "delivered").map { "\($0.0) \($0.1)" } == ["example.org 1", "example.net 0"])
    #expect(r.json["delivery_domains"]?["rows"]?.array?.first?["max_delay"]?.double == 0)
    // The message's receipt and size lines are whole: received, bytes counted.
    #expect(r.total("received") == 1)
    #expect(r.total("bytes_received") == 1020)
    #expect(r.total("bytes_delivered") == 1020)
    // `size=` without digits and `from=<…` without `>` are neither sizes nor unrecognised.
    #expect(r.total("senders") == 1)
    // `status=deferred (` is a deferral with no reason; `reject: RCPT from` a reject with no detail.
    #expect(r.total("deferred") == 1)
    #expect(r.total("rejected") == 1)
    #expect(r.json["deferral_detail"]?["total"]?.int == 0)
  }

  @Test("5 000-character addresses appear whole in the sender and recipient tables and reject detail, exit 0")
  func longAddresses() throws {
    let log = String(decoding: try #require(FileManager.default.contents(atPath: Self.path("long-addresses.log"))), as: UTF8.self)
    func field(_ name: String) -> String {
      guard let start = log.range(of: name)?.upperBound, let end = log[start...].firstIndex(of: ">") else { return "" }
      return String(log[start..<end])
    }
    let sender = field("from=<")
    let recipient = field("to=<")
    #expect(sender.count == 5000 && recipient.count == 5000)
    let r = try Self.run("long-addresses.log", ["--smtpd-stats", "--rej-add-to"])
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.rows("senders_by_count", "address", "messages").map(\.0) == [sender])
    #expect(r.rows("recipients_by_size", "address", "bytes").map(\.0) == [recipient])
    #expect(r.text.contains("\n      1   \(sender)\n"))
    #expect(r.text.contains("\n   1030   \(recipient)\n"))
    // Reject detail data is not trimmed (pflogsumm trims only reasons): the recipient is whole.
    #expect(r.text.contains("   203.0.113.7  (> \(recipient))\n"))
    // The 4 993-character client host name folds to its domain.
    #expect(r.rows("smtpd_domains", "domain", "connections").map(\.0) == ["example.net"])
  }

  // MARK: - Generated: huge lines, many queue ids

  /// `base.log` with a line of `length` bytes inserted after its 14th line (or appended without
  /// a newline at the end).
  static func withHugeLine(length: Int, atEnd: Bool = false) throws -> [UInt8] {
    let base = [UInt8](try #require(FileManager.default.contents(atPath: path("base.log"))))
    let lines = base.split(separator: 0x0A, omittingEmptySubsequences: false)
    var huge = Array("Nov 24 08:02:30 mx1 postfix/smtpd[3999]: 3AFFFFFFFF: client=".utf8)
    huge += [UInt8](repeating: 0x41, count: length - huge.count)
    if atEnd { return base + huge }
    return Array(lines[..<14].joined(separator: [0x0A])) + [0x0A] + huge + [0x0A] + Array(lines[14...].joined(separator: [0x0A]))
  }

  @Test("a 10 MB line is skipped and counted, the lines after it are read, memory stays small, exit 1", arguments: [false, true])
  func tenMegabyteLine(_ compressed: Bool) throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-huge")
    var bytes = try Self.withHugeLine(length: 10_000_000)
    if compressed { bytes = GzipWriter.compress(bytes) }
    let file = try dir.write(bytes, to: compressed ? "mail.log.gz" : "mail.log")
    let r = try Self.run([file])
    #expect(r.status == 1)
    #expect(r.stderr == ["postsumm: \(file): 1 line longer than 1048576 bytes skipped (first at line 15)"])
    #expect(r.lineStat("total") == 36)
    #expect(r.lineStat("overlong") == 1)
    #expect(r.inputs.first?["lines"]?.int == 36)
    #expect(r.inputs.first?["bytes"]?.int == Int64(3585 + 10_000_001))
    Self.expectBaseTotals(r)
    // The line is never held whole: memory is bounded by the 1 MiB line limit.
    #expect(r.peakResidentKiB > 0 && r.peakResidentKiB < 60_000, "peak RSS \(r.peakResidentKiB) KiB")
  }

  @Test("a 10 MB last line without a newline is skipped and counted too, exit 1")
  func tenMegabyteLastLine() throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-huge")
    let file = try dir.write(try Self.withHugeLine(length: 10_000_000, atEnd: true), to: "mail.log")
    let r = try Self.run([file])
    #expect(r.status == 1)
    #expect(r.stderr == ["postsumm: \(file): 1 line longer than 1048576 bytes skipped (first at line 36)"])
    #expect(r.lineStat("overlong") == 1)
    Self.expectBaseTotals(r)
  }

  /// 2 lines per queue id (a receipt and its size line), ids that never finish (no delivery,
  /// no `removed`), split over `files` files.
  static func unfinishedIDs(_ count: Int, files: Int, in dir: TemporaryDirectory) throws -> [String] {
    var paths: [String] = []
    let perFile = count / files
    for f in 0..<files {
      var text = ""
      text.reserveCapacity(perFile * 170)
      for i in (f * perFile)..<((f + 1) * perFile) {
        let qid = String(0x4000_0000 + i, radix: 16, uppercase: true)
        let stamp = "Nov 24 \(10 + i / 36_000):\(String(format: "%02d:%02d", i / 60 % 60, i % 60))"
        text += "\(stamp) mx1 postfix/smtpd[\(1000 + i % 500)]: \(qid): client=unknown[10.\(i >> 16 & 255).\(i >> 8 & 255).\(i & 255)]\n"
        text += "\(stamp) mx1 postfix/qmgr[99]: \(qid): from=<sender\(i % 7)@example.com>, size=100, nrcpt=1 (queue active)\n"
      }
      // Rotated names, so mail.log.1 is read first.
      paths.append(try dir.write(text, to: f == files - 1 ? "mail.log" : "mail.log.\(files - 1 - f)"))
    }
    return paths
  }

  @Test("100 000 queue ids that never finish: all received, no eviction under the cap, --jobs 1 = --jobs 2, exit 0")
  func hundredThousandUnfinishedIDs() throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-ids")
    let files = try Self.unfinishedIDs(100_000, files: 2, in: dir)
    var texts: [String] = []
    for jobs in ["1", "2"] {
      let r = try Self.run(files, ["--jobs", jobs])
      #expect(r.status == 0)
      #expect(r.stderr.isEmpty)
      #expect(r.lineStat("total") == 200_000)
      #expect(r.lineStat("evicted_messages") == 0)
      #expect(r.total("received") == 100_000)
      #expect(r.total("bytes_received") == 10_000_000)
      #expect(r.total("senders") == 7)
      #expect(r.total("delivered") == 0)
      texts.append(r.text)
    }
    #expect(texts[0] == texts[1])
  }
}
