import Foundation
import Testing
import TestSupport

/// The same input gives the same bytes, in every format, on every run and for any `--jobs`:
/// text, HTML (with `--generated-at` fixed), every CSV file and JSON, and the exit status — for
/// the hand-written fixtures, the real sets (when present) and the hostile corpus, each read as
/// one multi-file run (so that `--jobs` really parses files in parallel and merges them).
@Suite("Determinism")
struct DeterminismTests {
  /// Input sets: every file of a fixture directory in one run.
  static let sets: [String] = {
    var sets = ["hand", "hostile"]
    for real in ["real/day", "real/week", "real/week-dateext", "real/week-rfc3339", "real/servers", "real/servers-central"]
    where !files(real).isEmpty {
      sets.append(real)
    }
    return sets
  }()

  /// The set's files; a set of folders (one per server) is every folder's files.
  static func files(_ set: String) -> [String] {
    FixturePaths.files(in: set).flatMap { path -> [String] in
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
      return FixturePaths.files(in: set + "/" + (path as NSString).lastPathComponent)
    }.filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".py") && !$0.hasSuffix(".tsv") }
  }

  static let optionSets: [[String]] = [[], ["-e", "--smtpd-stats", "--pscrn-stats", "--ssl-tls-stats", "--zero-fill", "--abuse-stats"]]

  @Test("identical bytes for runs with --jobs 1, 1, 2, 3 and 8", arguments: sets, [0, 1])
  func sameBytes(_ set: String, _ options: Int) throws {
    let inputs = Self.files(set)
    try #require(!inputs.isEmpty)
    var first: FormatFixtureRuns.Outputs?
    for jobs in ["1", "1", "2", "3", "8"] {
      let out = try FormatFixtureRuns.writeAllFormats(inputs, arguments: Self.optionSets[options] + ["--jobs", jobs])
      #expect(!out.text.isEmpty && !out.html.isEmpty && !out.json.isEmpty && !out.csv.isEmpty)
      guard let reference = first else {
        first = out
        continue
      }
      #expect(out.status == reference.status, "--jobs \(jobs): exit status")
      #expect(out.text == reference.text, "--jobs \(jobs): text differs")
      #expect(out.html == reference.html, "--jobs \(jobs): HTML differs")
      #expect(out.json == reference.json, "--jobs \(jobs): JSON differs")
      #expect(out.csv == reference.csv, "--jobs \(jobs): CSV differs in \(Set(out.csv.keys).union(reference.csv.keys).filter { out.csv[$0] != reference.csv[$0] }.sorted())")
    }
  }
}
