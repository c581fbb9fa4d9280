import Foundation
import PostfixCore
import ReportModel
import TestSupport

@testable import PostsummCLI

/// Runs postsumm on fixtures for the output-format tests: either the whole command (one parse,
/// every format written to files) or just up to the `Report`, with the version and clock
/// injected so that golden outputs survive a version bump.
enum FormatFixtureRuns {
  static let referenceDate = "2026-11-27"
  static let generatedAt = "2026-11-27T10:00:00"
  static let goldenVersion = "0.0.0-golden"

  /// The files one `postsumm --text --html --csv --json` run wrote.
  struct Outputs {
    var status: ExitStatus
    var text: String
    /// The text report of the same run with `--colwidth 0`: texts whole, as the page has them.
    var wholeText: String
    var html: String
    var json: String
    /// CSV file name → contents.
    var csv: [String: String]
  }

  /// One run of the command writing all four formats into a temporary directory.
  static func writeAllFormats(_ inputs: [String], arguments: [String] = [], referenceDate: String = referenceDate) throws -> Outputs {
    let dir = try TemporaryDirectory(prefix: "postsumm-formats")
    let args =
      arguments + [
        "--reference-date", referenceDate, "--generated-at", generatedAt, "--no-progress",
        "--text", dir.path("report.txt"), "--html", dir.path("report.html"), "--csv", dir.path("csv"),
        "--json", dir.path("report.json"),
      ] + inputs
    let status = PostsummCommand.run(
      arguments: args, clock: { LocalTimeValue(iso: generatedAt)! }, standardOutput: { _ in true })
    let whole = OutputCollector()
    _ = PostsummCommand.run(
      arguments: arguments + ["--reference-date", referenceDate, "--no-progress", "--colwidth", "0"] + inputs,
      clock: { LocalTimeValue(iso: generatedAt)! }, standardOutput: whole.append)
    func read(_ path: String) -> String {
      FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
    var csv: [String: String] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path("csv"))) ?? [] {
      csv[name] = read(dir.path("csv/" + name))
    }
    return Outputs(
      status: status, text: read(dir.path("report.txt")), wholeText: whole.text, html: read(dir.path("report.html")),
      json: read(dir.path("report.json")), csv: csv)
  }

  /// The `Report` for `inputs` (paths relative to `Fixtures/`) and pflogsumm-style
  /// `arguments`, built as the command builds it, with input names kept relative (so goldens
  /// do not depend on where the repository is) and `goldenVersion` as the version.
  static func report(_ inputs: [String], arguments: [String], referenceDate: String = referenceDate) throws -> Report {
    let absolute = inputs.map { FixturePaths.path($0) }
    let normalized = try ArgumentNormalizer.normalize(
      arguments + ["--reference-date", referenceDate, "--generated-at", generatedAt, "--jobs", "1"] + absolute)
    let cli = try CommandOptions.parse(normalized.arguments)
    var settings = try Settings.resolve(
      cli, config: ConfigFile(), clock: { LocalTimeValue(iso: generatedAt)!.value }, cores: 1)
    // The report every format is rendered from: HTML, CSV and JSON always show who is sending.
    settings.parse.trackSubmitters = true
    let result = Pipeline(settings: settings, progress: nil).run()
    var inputSummaries = result.inputs
    for i in inputSummaries.indices {
      inputSummaries[i].name = inputSummaries[i].name.replacingOccurrences(of: FixturePaths.fixtures + "/", with: "")
    }
    var options = settings.report
    options.notices = normalized.notices
    return ReportBuilder.build(
      result.summary, options: options, meta: ReportMeta(version: goldenVersion, generatedAt: settings.generatedAt),
      inputs: inputSummaries)
  }
}
