import Foundation
import PostsummCLI
import Testing
import TestSupport

/// postsumm's text report against pflogsumm 1.3.0's, byte for byte, for every case in
/// `Fixtures/golden/cases.tsv`; where docs/DIFFERENCES.md documents a difference, against
/// postsumm's corrected golden (`<id>.txt`) kept beside pflogsumm's original.
@Suite("Golden text reports")
struct GoldenTests {
  static let runnable = GoldenCase.all.filter { !GoldenRunner.skipped.keys.contains($0.id) }

  @Test("matches the golden", arguments: runnable)
  func matchesGolden(_ golden: GoldenCase) throws {
    let expected = try #require(golden.expectedOutput, "no golden for \(golden.id)")
    let run = GoldenRunner.run(golden, jobs: 2)
    if run.output != expected {
      Issue.record("\(golden.id): output differs from golden\n\(GoldenRunner.diff(expected, run.output))")
    }
  }

  @Test("each corrected golden is a documented difference", arguments: GoldenCase.all.filter { $0.correctedOutput != nil })
  func correctedGoldenIsDocumented(_ golden: GoldenCase) throws {
    let differences = try #require(FixturePaths.read("../docs/DIFFERENCES.md"))
    #expect(differences.contains(golden.id), "docs/DIFFERENCES.md does not name \(golden.id)")
    #expect(golden.pflogsummOutput != nil, "pflogsumm's original output for \(golden.id) must be kept")
    #expect(golden.pflogsummOutput != golden.correctedOutput, "\(golden.id).txt equals pflogsumm's output: delete it")
  }
}

/// Runs one golden case in-process.
enum GoldenRunner {
  /// Cases whose pflogsumm output is not a report postsumm reproduces, and why.
  static let skipped: [String: String] = [
    "misc-help": "postsumm's --help is its own (ArgumentParser's), not pflogsumm's usage text",
    "misc-version": "postsumm --version prints postsumm's version",
  ]

  struct Run {
    var output: String
    var status: PostsummCLI.ExitStatus
  }

  static func run(_ golden: GoldenCase, jobs: Int, extra: [String] = []) -> Run {
    let output = OutputCollector()
    let args = golden.resolvedArguments + ["--reference-date", golden.now, "--jobs", String(jobs), "--no-progress"] + extra
      + golden.inputFiles
    let status = PostsummCommand.run(
      arguments: args, clock: { LocalTimeValue(iso: golden.now)! }, standardOutput: output.append)
    return Run(output: output.text, status: status)
  }

  /// A short unified-style diff for failure messages.
  static func diff(_ expected: String, _ actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var lines: [String] = []
    var i = 0
    while i < max(e.count, a.count), lines.count < 40 {
      let x = i < e.count ? String(e[i]) : "<none>"
      let y = i < a.count ? String(a[i]) : "<none>"
      if x != y { lines.append("line \(i + 1):\n  - \(x)\n  + \(y)") }
      i += 1
    }
    return lines.joined(separator: "\n")
  }
}

/// Collects what the command writes to standard output.
final class OutputCollector: @unchecked Sendable {
  // Only appended to from the thread running the command.
  private(set) var text = ""
  func append(_ s: String) -> Bool {
    text += s
    return true
  }
}
