import Foundation
import Renderers
import ReportModel
import Testing
import TestSupport

/// Every format, byte for byte, against `Fixtures/golden/formats/<case>/` (`report.txt`,
/// `report.html`, `report.json`, `csv/*.csv`), with the clock and the version injected.
///
/// `RECORD_GOLDENS=1 swift test --filter FormatGoldenTests` rewrites the goldens (and still
/// fails, so that a recording run is never mistaken for a passing one); review with `git diff`.
@Suite("Golden outputs of every format")
struct FormatGoldenTests {
  struct Case: Sendable, CustomStringConvertible {
    var id: String
    var inputs: [String]
    var arguments: [String]
    /// Today, for the year of traditional stamps.
    var referenceDate = FormatFixtureRuns.referenceDate
    var description: String { id }
  }

  static let cases = [
    Case(id: "appendix-a", inputs: ["hand/appendix-a.log"], arguments: []),
    // Every optional section, ISO dates, problems first, and top-N cuts.
    Case(
      id: "appendix-a-all-sections", inputs: ["hand/appendix-a.log"],
      arguments: [
        "--smtpd-stats", "--pscrn-stats", "--ssl-tls-stats", "-e", "--iso-date-time", "--problems-first", "-h", "2", "-u",
        "3", "--detail", "1",
      ]),
    Case(id: "hostile-strings", inputs: ["hand/hostile-strings.log"], arguments: ["-e"]),
    // The abuse tables in every format, the text report's with --abuse-stats: forged logins,
    // host names and recipient domains.
    Case(id: "hostile-abuse", inputs: ["hand/hostile-abuse.log"], arguments: ["--abuse-stats"]),
    // Who is sending through a content filter (each message queued twice, counted once), with
    // clients' host names, in every format.
    Case(id: "filter-hops", inputs: ["hand/filter-hops.log"], arguments: ["--abuse-stats"]),
    // Three servers' rotated sets (real Postfix) in one run: the Servers table in every format,
    // the text report's with --server-stats; top-N cuts keep the goldens small (-h cuts the
    // abuse tables' clients too, in the text report's with --abuse-stats).
    Case(
      id: "servers",
      inputs: ["mx1", "mx2", "mx3"].flatMap { ["real/servers/\($0)/mail.log.1.gz", "real/servers/\($0)/mail.log"] },
      arguments: ["--server-stats", "--abuse-stats", "-h", "3", "-u", "3", "--detail", "3"], referenceDate: "2026-12-02"),
  ]

  static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" }

  @Test("matches the golden", arguments: cases)
  func matchesGolden(_ c: Case) throws {
    let report = try FormatFixtureRuns.report(c.inputs, arguments: c.arguments, referenceDate: c.referenceDate)
    var actual: [String: String] = [
      "report.txt": (try TextRenderer().render(report).text),
      "report.html": try HTMLRenderer().render(report).text,
      "report.json": try JSONRenderer().render(report).text,
    ]
    guard case .files(let csv) = try CSVRenderer().render(report) else {
      Issue.record("CSV is not a set of files")
      return
    }
    for file in csv { actual["csv/" + file.name] = file.contents }

    let dir = FixturePaths.path("golden/formats/\(c.id)")
    if Self.recording {
      try? FileManager.default.removeItem(atPath: dir)
      try FileManager.default.createDirectory(atPath: dir + "/csv", withIntermediateDirectories: true)
      for (name, contents) in actual {
        try Data(contents.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
      }
      Issue.record("recorded \(actual.count) goldens in \(dir); run again without RECORD_GOLDENS=1")
      return
    }
    let recorded = Set(((try? FileManager.default.contentsOfDirectory(atPath: dir + "/csv")) ?? []).map { "csv/" + $0 })
    #expect(recorded == Set(actual.keys.filter { $0.hasPrefix("csv/") }), "CSV file set differs from the golden")
    for (name, contents) in actual.sorted(by: { $0.key < $1.key }) {
      guard let expected = FileManager.default.contents(atPath: dir + "/" + name).map({ String(decoding: $0, as: UTF8.self) }) else {
        Issue.record("\(c.id)/\(name): no golden (record with RECORD_GOLDENS=1)")
        continue
      }
      if contents != expected {
        Issue.record("\(c.id)/\(name) differs from the golden\n\(GoldenRunner.diff(expected, contents))")
      }
    }
  }
}
