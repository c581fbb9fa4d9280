import Foundation
import LogInput
import Testing
import TestSupport

@testable import PostfixCore
@testable import PostsummCLI

/// `--save-aggregate` and aggregate files as inputs (docs/AGGREGATE.md), through the command:
/// the merge law on files — for every split of a rotated set at file boundaries, the parts'
/// aggregates merged (in any order) give the very report one run over all the files gives, in
/// every format — the same bytes for the same input, and every damaged, crafted or refused file
/// a one-line error naming it, exit 1, and nothing written.
@Suite("Aggregate files through the command")
struct AggregateCommandTests {
  /// The real rotated sets, oldest first.
  static let sets = ["real/week", "real/week-dateext", "real/week-rfc3339", "real/actors", "real/actors-filter"]

  static func logs(_ set: String) -> [String] {
    RotationOrder.sorted(FixturePaths.files(in: set).filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".json") })
  }

  /// `postsumm --save-aggregate path files…`, nothing else written; the exit status.
  @discardableResult
  static func save(_ files: [String], to path: String, _ arguments: [String] = []) -> PostsummCLI.ExitStatus {
    PostsummCommand.run(
      arguments: arguments + [
        "--reference-date", FormatFixtureRuns.referenceDate, "--no-progress", "--format", "none", "--save-aggregate", path,
      ] + files,
      clock: { LocalTimeValue(iso: FormatFixtureRuns.generatedAt)! }, standardOutput: { _ in true })
  }

  static func bytes(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
  }

  /// The outputs of two runs agree in every format (`FormatFixtureRuns` fixes the generation time).
  static func expectSame(
    _ got: FormatFixtureRuns.Outputs, _ expected: FormatFixtureRuns.Outputs, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(got.status == expected.status, "\(what): exit status", sourceLocation: sourceLocation)
    #expect(got.text == expected.text, "\(what): text differs", sourceLocation: sourceLocation)
    #expect(got.wholeText == expected.wholeText, "\(what): text (--colwidth 0) differs", sourceLocation: sourceLocation)
    #expect(got.json == expected.json, "\(what): JSON differs", sourceLocation: sourceLocation)
    #expect(got.html == expected.html, "\(what): HTML differs", sourceLocation: sourceLocation)
    let csvDiffers = Set(got.csv.keys).union(expected.csv.keys).filter { got.csv[$0] != expected.csv[$0] }.sorted()
    #expect(csvDiffers.isEmpty, "\(what): CSV differs in \(csvDiffers)", sourceLocation: sourceLocation)
  }

  @Test("every split of a rotated set at a file boundary: the parts' aggregates give one run's report", arguments: sets)
  func mergeLawAtEveryFileBoundary(_ set: String) throws {
    let files = Self.logs(set)
    try #require(files.count >= 2)
    let whole = try FormatFixtureRuns.writeAllFormats(files)
    #expect(whole.status == .success)
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    var carried = 0
    for cut in 1..<files.count {
      let (a, b) = (dir.path("a\(cut).psum"), dir.path("b\(cut).psum"))
      #expect(Self.save(Array(files[..<cut]), to: a) == .success)
      #expect(Self.save(Array(files[cut...]), to: b) == .success)
      // Given newest first: the order of the periods decides, not the command line.
      Self.expectSame(try FormatFixtureRuns.writeAllFormats([b, a]), whole, "\(set) cut before \(files[cut])")
      // What crossed the cut: messages received before it and finished after it.
      let later = try Summary(aggregateBytes: Self.bytes(b))
      carried += later.messages.pending.count
    }
    #expect(carried > 0, "\(set): no message crosses a file boundary, so the test shows nothing")
  }

  @Test("three parts, any order, with logs among them: one run's report", arguments: sets)
  func partsInAnyOrderWithLogs(_ set: String) throws {
    let files = Self.logs(set)
    try #require(files.count >= 3)
    let whole = try FormatFixtureRuns.writeAllFormats(files)
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    let cuts = [files.count / 3, max(files.count / 3 + 1, 2 * files.count / 3)]
    let parts = [Array(files[..<cuts[0]]), Array(files[cuts[0]..<cuts[1]]), Array(files[cuts[1]...])]
    let paths = (0..<3).map { dir.path("part\($0).psum") }
    for (part, path) in zip(parts, paths) { #expect(Self.save(part, to: path) == .success) }
    Self.expectSame(try FormatFixtureRuns.writeAllFormats([paths[2], paths[0], paths[1]]), whole, "\(set): 3 aggregates, shuffled")
    Self.expectSame(try FormatFixtureRuns.writeAllFormats(parts[2] + [paths[1], paths[0]]), whole, "\(set): logs then 2 aggregates")
    Self.expectSame(try FormatFixtureRuns.writeAllFormats([paths[2]] + parts[1] + [paths[0]]), whole, "\(set): logs between aggregates")
  }

  /// As `expectSame`, but for the order the inputs are listed in: several servers' aggregates
  /// cover the same time, and are merged (and their logs listed) in the order of their
  /// periods, not the command line's. The JSON with its inputs sorted, the page's and the inputs
  /// CSV's lines as sets, everything else byte for byte.
  static func expectSameApartFromInputOrder(
    _ got: FormatFixtureRuns.Outputs, _ expected: FormatFixtureRuns.Outputs, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    func json(_ s: String) throws -> NSDictionary {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any])
      var o = object
      let inputs = try #require(o["inputs"] as? [[String: Any]])
      o["inputs"] = inputs.sorted { ($0["name"] as? String ?? "") < ($1["name"] as? String ?? "") }
      return o as NSDictionary
    }
    func lines(_ s: String?) -> [Substring] { (s ?? "").split(whereSeparator: \.isNewline).sorted() }
    #expect(got.status == expected.status, "\(what): exit status", sourceLocation: sourceLocation)
    #expect(got.text == expected.text, "\(what): text differs", sourceLocation: sourceLocation)
    #expect(got.wholeText == expected.wholeText, "\(what): text (--colwidth 0) differs", sourceLocation: sourceLocation)
    #expect(try json(got.json) == json(expected.json), "\(what): JSON differs", sourceLocation: sourceLocation)
    #expect(lines(got.html) == lines(expected.html), "\(what): HTML differs", sourceLocation: sourceLocation)
    #expect(lines(got.csv["inputs.csv"]) == lines(expected.csv["inputs.csv"]), "\(what): inputs.csv", sourceLocation: sourceLocation)
    let csvDiffers = Set(got.csv.keys).union(expected.csv.keys).filter { $0 != "inputs.csv" && got.csv[$0] != expected.csv[$0] }.sorted()
    #expect(csvDiffers.isEmpty, "\(what): CSV differs in \(csvDiffers)", sourceLocation: sourceLocation)
  }

  @Test("several servers: each server's aggregates merged give one run over all their logs")
  func severalServers() throws {
    let servers = ["mx1", "mx2", "mx3"].map { Self.logs("real/servers/\($0)") }
    try #require(servers.allSatisfy { $0.count == 2 })
    let arguments = ["--server-stats", "-e"]
    let whole = try FormatFixtureRuns.writeAllFormats(servers.flatMap { $0 }, arguments: arguments)
    #expect(whole.status == .success)
    #expect(whole.text.contains("mx2"), "the Servers table names each host")
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    // mx1 a day at a time (its messages cross the rotation), mx2 and mx3 whole.
    let saved = [("mx1-a", [servers[0][0]]), ("mx1-b", [servers[0][1]]), ("mx2", servers[1]), ("mx3", servers[2])].map { name, files in
      let path = dir.path("\(name).psum")
      #expect(Self.save(files, to: path, ["-e"]) == .success, "\(name)")
      return path
    }
    try Self.expectSameApartFromInputOrder(
      try FormatFixtureRuns.writeAllFormats([saved[3], saved[1], saved[2], saved[0]], arguments: arguments), whole, "four aggregates")
    try Self.expectSameApartFromInputOrder(
      try FormatFixtureRuns.writeAllFormats([saved[2]] + servers[2] + [saved[1], saved[0]], arguments: arguments), whole,
      "aggregates and one server's logs")
    let merged = dir.path("all.psum")
    #expect(Self.save(saved, to: merged, ["-e"]) == .success)
    #expect(try Summary(aggregateBytes: Self.bytes(merged)).syslogHosts.sorted() == ["mx1", "mx2", "mx3"])
    try Self.expectSameApartFromInputOrder(try FormatFixtureRuns.writeAllFormats([merged], arguments: arguments), whole, "saved merged")
  }

  @Test("two servers with the same queue ids (mx1 and its twin mx1b): their aggregates keep them apart")
  func twinServers() throws {
    // The twins file split by host, each half cut in two: the same ids on both hosts, and
    // messages that cross the cut.
    var byHost: [String: [[UInt8]]] = [:]
    let twins = Self.logs("real/servers-twins")
    try #require(twins.count == 1)
    _ = LineReader(source: .file(twins[0]), prefetch: false).forEachLine { line in
      let host = line.dropFirst(16).prefix { $0 != UInt8(ascii: " ") }
      byHost[String(decoding: host, as: UTF8.self), default: []].append(Array(line))
    }
    #expect(Set(byHost.keys) == ["mx1", "mx1b"])
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    var saved: [String] = []
    for (host, lines) in byHost.sorted(by: { $0.key < $1.key }) {
      let cut = lines.count / 2
      for (k, part) in [lines[..<cut], lines[cut...]].enumerated() {
        let log = dir.path("\(host)-\(k).log")
        #expect(FileManager.default.createFile(atPath: log, contents: Data(part.flatMap { $0 + [UInt8(ascii: "\n")] })))
        let path = dir.path("\(host)-\(k).psum")
        #expect(Self.save([log], to: path, ["-e"]) == .success)
        saved.append(path)
      }
    }
    let arguments = ["--server-stats", "-e"]
    let whole = try FormatFixtureRuns.writeAllFormats(twins, arguments: arguments)
    let got = try FormatFixtureRuns.writeAllFormats(saved.reversed(), arguments: arguments)
    // The logs listed are the halves, not the twins file: the report itself must agree.
    #expect(got.text == whole.text, "the twins' aggregates: text differs")
    #expect(got.wholeText == whole.wholeText, "the twins' aggregates: text (--colwidth 0) differs")
    let csvDiffers = Set(got.csv.keys).union(whole.csv.keys).filter { $0 != "inputs.csv" && got.csv[$0] != whole.csv[$0] }.sorted()
    #expect(csvDiffers.isEmpty, "the twins' aggregates: CSV differs in \(csvDiffers)")
  }

  @Test("the same input, the same bytes: --jobs 1, 2 and 4, any file order, and parts' aggregates merged and saved")
  func sameBytes() throws {
    let files = Self.logs("real/week")
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    #expect(Self.save(files, to: dir.path("jobs1.psum"), ["--jobs", "1"]) == .success)
    let reference = Self.bytes(dir.path("jobs1.psum"))
    #expect(Summary.isAggregate(prefix: reference))
    for (name, arguments, inputs) in [
      ("jobs2", ["--jobs", "2"], files), ("jobs4", ["--jobs", "4"], files), ("reversed", ["--jobs", "3"], files.reversed()),
    ] {
      #expect(Self.save(Array(inputs), to: dir.path("\(name).psum"), arguments) == .success)
      #expect(Self.bytes(dir.path("\(name).psum")) == reference, "\(name): other bytes")
    }
    #expect(Self.save(Array(files[..<3]), to: dir.path("a.psum")) == .success)
    #expect(Self.save(Array(files[3...]), to: dir.path("b.psum")) == .success)
    #expect(Self.save([dir.path("b.psum"), dir.path("a.psum")], to: dir.path("ab.psum")) == .success)
    #expect(Self.bytes(dir.path("ab.psum")) == reference, "two parts' aggregates merged and saved: other bytes")
    // The header alone tells the period and the options.
    let header = try AggregateFile.header(path: dir.path("ab.psum")).get()
    let summary = try Summary(aggregateBytes: reference)
    #expect(header.period == summary.datesRead)
    #expect(header.options.incompatibility(with: ParseOptions().preparedForAggregates) == nil)
  }

  @Test("years: each file's own modification time anchors its year-less stamps, in the parts as in one run")
  func yearAnchoringPerFile() throws {
    // The dateext set crosses New Year; copies whose modification times are their rotation
    // days, read without --reference-date.
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    var copies: [String] = []
    for file in Self.logs("real/week-dateext") {
      let name = URL(fileURLWithPath: file).lastPathComponent
      let copy = dir.path(name)
      try FileManager.default.copyItem(atPath: file, toPath: copy)
      let day = name.split(separator: "-").last.map { String($0.prefix(8)) } ?? ""
      var t = tm()
      t.tm_year = (Int32(day.prefix(4)) ?? 2027) - 1900
      t.tm_mon = (Int32(day.dropFirst(4).prefix(2)) ?? 1) - 1
      t.tm_mday = Int32(day.dropFirst(6).prefix(2)) ?? 4
      t.tm_hour = 6
      t.tm_min = 25
      let seconds = name == "mail.log" ? timegm(&t) + 86_400 * 3 : timegm(&t)
      var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
      #expect(utimensat(AT_FDCWD, copy, &times, 0) == 0)
      copies.append(copy)
    }
    copies = RotationOrder.sorted(copies)
    func run(_ inputs: [String], _ extra: [String] = []) -> (PostsummCLI.ExitStatus, String) {
      let out = OutputCollector()
      let status = PostsummCommand.run(
        arguments: extra + ["--no-progress", "--format", "json", "--generated-at", "none"] + inputs,
        clock: { LocalTimeValue(iso: "2027-03-01T00:00:00")! }, standardOutput: out.append)
      return (status, out.text)
    }
    let whole = run(copies)
    #expect(whole.0 == .success && whole.1.contains("\"2026-12-31\"") && whole.1.contains("\"2027-01-01\""))
    let a = dir.path("a.psum")
    let b = dir.path("b.psum")
    #expect(run(Array(copies[..<3]), ["--save-aggregate", a]).0 == .success)
    #expect(run(Array(copies[3...]), ["--save-aggregate", b]).0 == .success)
    let merged = run([b, a])
    #expect(merged.0 == .success)
    #expect(merged.1 == whole.1, "the parts' aggregates give another report than one run")
  }

  @Test("a run that saves an aggregate prints the report it prints without", arguments: ["hand", "real/week", "real/actors"], [[], ["-e", "--smtpd-stats", "--pscrn-stats", "--ssl-tls-stats", "--abuse-stats", "--colwidth", "60"]])
  func savingChangesNoReport(_ set: String, _ arguments: [String]) throws {
    let files = FixturePaths.files(in: set).filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".json") }
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    func text(_ extra: [String]) -> String {
      let out = OutputCollector()
      _ = PostsummCommand.run(
        arguments: arguments + extra + ["--reference-date", FormatFixtureRuns.referenceDate, "--no-progress"] + files,
        clock: { LocalTimeValue(iso: FormatFixtureRuns.generatedAt)! }, standardOutput: out.append)
      return out.text
    }
    let plain = text([])
    #expect(!plain.isEmpty)
    #expect(text(["--save-aggregate", dir.path("x.psum")]) == plain)
    #expect(text(["--save-aggregate", dir.path("y.psum"), "--jobs", "1"]) == plain)
    #expect(Summary.isAggregate(prefix: Self.bytes(dir.path("x.psum"))))
  }

  // MARK: Refused

  /// Runs the executable with `--json` and `--text` files: the status, stderr, and whether any
  /// output appeared.
  static func refused(_ inputs: [String], _ arguments: [String] = []) throws -> (status: Int32, stderr: [String], wrote: Bool) {
    let dir = try TemporaryDirectory(prefix: "postsumm-refused")
    let result = try PostsummProcess.run(
      arguments + [
        "--reference-date", FormatFixtureRuns.referenceDate, "--no-progress", "--json", dir.path("r.json"), "--text",
        dir.path("r.txt"), "--save-aggregate", dir.path("r.psum"),
      ] + inputs)
    let wrote = ["r.json", "r.txt", "r.psum"].contains { FileManager.default.fileExists(atPath: dir.path($0)) }
    return (result.status, result.errorLines, wrote || !result.standardOutput.isEmpty)
  }

  /// Files made from a good aggregate: each must be refused with this message.
  static func damaged(_ good: [UInt8]) throws -> [(name: String, bytes: [UInt8], message: String)] {
    var flipped = good
    flipped[good.count / 2] ^= 0x10
    var headerFlipped = good
    headerFlipped[AggregateHeader.fixedLength + 2] ^= 0x01
    var newer = good
    newer[9] = UInt8(AggregateHeader.currentVersion + 1)
    var longHeader = good
    longHeader.replaceSubrange(12..<16, with: [0x7F, 0xFF, 0xFF, 0xFF])
    // A payload whose first list claims four billion input files, in a file whose checksums are right.
    let header = try AggregateHeader(prefix: good)
    let stored = good.count - (try AggregateHeader.length(fromPrefix: good))
    let crafted: [UInt8] = [UInt8](repeating: 0, count: AggregateHeader.whoIsSendingLengthWidth) + [0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
    var craftedHeader = header
    craftedHeader.deflated = false
    craftedHeader.payloadLength = crafted.count
    let craftedLength = craftedHeader.file(storedPayload: crafted)
    return [
      ("truncated", Array(good.prefix(good.count - 100)), "truncated: \(stored - 100) of \(stored) payload bytes"),
      ("cut in the header", Array(good.prefix(20)), "truncated: the file ends inside its header"),
      ("bit flipped", flipped, "corrupt aggregate: the payload's checksum does not match (the file is damaged)"),
      ("header bit flipped", headerFlipped, "corrupt aggregate: the header's checksum does not match (the file is damaged)"),
      ("newer version", newer, "format version \(AggregateHeader.currentVersion + 1) is newer than this postsumm reads (\(AggregateHeader.currentVersion)): use a newer postsumm"),
      ("huge header length", longHeader, "corrupt aggregate: a header of 2147483647 bytes"),
      ("crafted length", craftedLength, "corrupt aggregate: a length of 4294967295 past the end (at byte 14 of the payload)"),
      ("trailing bytes", good + [0], "corrupt aggregate: 1 byte after the payload"),
    ]
  }

  @Test("a damaged, crafted or newer-version file: one line naming it, exit 1, nothing written")
  func damagedFiles() throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    let files = Self.logs("real/week")
    let good = dir.path("good.psum")
    #expect(Self.save(Array(files[..<4]), to: good) == .success)
    for (name, bytes, message) in try Self.damaged(Self.bytes(good)) {
      let path = try dir.write(bytes, to: name.replacingOccurrences(of: " ", with: "-") + ".psum")
      let r = try Self.refused([path, files[5]])
      #expect(r.status == 1, "\(name): exit status")
      #expect(r.stderr == ["postsumm: \(path): \(message)"], "\(name)")
      #expect(!r.wrote, "\(name): an output was written")
    }
  }

  @Test("refused by rule: other options, an -d that cuts it, overlapping inputs of one host")
  func refusedByRule() throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    let files = Self.logs("real/week")
    let a = dir.path("a.psum")
    #expect(Self.save(Array(files[..<4]), to: a) == .success)
    let options = try Self.refused([a], ["-i", "--verp-mung", "2"])
    #expect(options.status == 1 && !options.wrote)
    #expect(options.stderr == [
      "postsumm: \(a): made with other options: -i in this run, not in the aggregate; --verp-mung 2 in this run, off in the aggregate (give the options it was made with, or make it again)",
    ])
    let period = try #require(try AggregateFile.header(path: a).get().period)
    let cut = try Self.refused([a], ["-d", period.upperBound.iso])
    #expect(cut.status == 1 && !cut.wrote)
    #expect(cut.stderr.count == 1 && cut.stderr.first?.hasPrefix("postsumm: \(a): covers \(period.lowerBound.iso) to \(period.upperBound.iso), beyond -d") == true)
    let twice = try Self.refused([a, a])
    #expect(twice.status == 1 && !twice.wrote)
    #expect(twice.stderr == ["postsumm: \(a) and \(a) cover the same time and both have lines of host mail: they would be counted twice"])
    let overlap = try Self.refused([a, files[2]])
    #expect(overlap.status == 1 && !overlap.wrote)
    #expect(overlap.stderr.first?.contains("both have lines of host mail: they would be counted twice") == true)
    // -e needs per-message detail: an aggregate saved without -e cannot give it.
    let detail = try Self.refused([a], ["-e"])
    #expect(detail.status == 1 && !detail.wrote)
    #expect(detail.stderr == ["postsumm: \(a): saved without what this run reports (-e): make it again with those options, or leave them out"])
    // Inside its period, -d takes it as it is.
    let inside = try PostsummProcess.run(
      ["--reference-date", FormatFixtureRuns.referenceDate, "-d", "\(period.lowerBound.iso) \(period.upperBound.iso)", a])
    #expect(inside.status == 0 && inside.standardError.isEmpty)
  }

  @Test("--format none and nothing else to show: the aggregate is saved, no report is built, and a problem still exits 1")
  func savedWithoutReport() throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    let log = FixturePaths.path("real/day/mail.log")
    let common = ["--reference-date", FormatFixtureRuns.referenceDate, "--no-progress", "--generated-at", "none"]
    func run(_ arguments: [String]) throws -> PostsummProcess.Result {
      try PostsummProcess.run(common + arguments, environment: ["POSTSUMM_PHASES": "1"])
    }
    let saved = try run(["--format", "none", "--save-aggregate", dir.path("none.psum"), log])
    #expect(saved.status == 0 && saved.output.isEmpty)
    #expect(!saved.errorLines.contains { $0.hasPrefix("phase report model") }, "no report model for no output")
    let shown = try run(["--format", "text", "--save-aggregate", dir.path("text.psum"), log])
    #expect(shown.status == 0 && shown.errorLines.contains { $0.hasPrefix("phase report model") })
    #expect(Self.bytes(dir.path("none.psum")) == Self.bytes(dir.path("text.psum")), "the same aggregate either way")
    let missing = try run(["--format", "none", "--save-aggregate", dir.path("missing.psum"), log, dir.path("no-such.log")])
    #expect(missing.status == 1 && missing.errorLines.contains { $0.contains("no-such.log") })
  }
}

/// The aggregate reader's fuzz target (`FuzzTargets.aggregateReader`) on mutations of real
/// payloads, in the test run: what libFuzzer does at length (docs/FUZZING.md), a few hundred
/// times with a fixed seed.
@Suite("Aggregate reader, mutated payloads")
struct AggregateMutationTests {
  @Test("bytes changed, cut out or repeated anywhere in a payload: an error or a summary that reports, never a trap")
  func mutatedPayloads() throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-aggregate")
    let path = dir.path("seed.psum")
    #expect(AggregateCommandTests.save(AggregateCommandTests.logs("real/actors"), to: path) == .success)
    let file = AggregateCommandTests.bytes(path)
    let header = try AggregateHeader(prefix: file)
    let payload = try header.payload(of: file, headerLength: try AggregateHeader.length(fromPrefix: file))
    #expect([0, 1, 4, 5].allSatisfy { control in
      ([UInt8(control)] + (control & 1 == 0 ? file : payload)).withUnsafeBufferPointer { FuzzTargets.aggregateReader($0) } == nil
    })
    var rng = SeededRandomNumberGenerator(seed: 20261207)
    var refused = 0
    for round in 0..<300 {
      var mutated = payload
      let at = Int.random(in: 0..<mutated.count, using: &rng)
      switch round % 4 {
      case 0: mutated[at] = UInt8.random(in: 0...255, using: &rng)
      case 1: mutated[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
      case 2: mutated.removeSubrange(at..<min(mutated.count, at + Int.random(in: 1...16, using: &rng)))
      default: mutated.insert(contentsOf: mutated[at..<min(mutated.count, at + 8)], at: at)
      }
      // Every third round read as a run that does not show who is sending reads it.
      let control = UInt8(1 | round % 2 * 2 | (round % 3 == 0 ? 4 : 0))
      let failure = ([control] + mutated).withUnsafeBufferPointer { FuzzTargets.aggregateReader($0) }
      #expect(failure == nil, "round \(round): \(failure ?? "")")
      if (try? Summary(aggregatePayload: mutated)) == nil { refused += 1 }
    }
    // Most changes are caught by the checks (a changed count can be a valid file).
    #expect(refused > 150, "only \(refused) of 300 mutations refused")
  }
}
