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

/// docs/DIFFERENCES.md names, for each difference, the report sections it changes (its
/// `Sections:` paragraph: the titles in backticks, or every section when the paragraph begins
/// "every section" followed by a comma, a colon, a parenthesis or a full stop); the "Cases"
/// table lists the differences behind each corrected golden. Every section in which a corrected
/// golden differs from pflogsumm's must be named by one of its differences.
@Suite("Documented differences")
struct DocumentedDifferenceTests {
  static let document = FixturePaths.read("../docs/DIFFERENCES.md") ?? ""

  /// Difference (`D1`) → the section titles it names; nil: every section.
  static let sectionsByDifference: [String: Set<String>?] = {
    var result: [String: Set<String>?] = [:]
    for part in document.components(separatedBy: "\n## D").dropFirst() {
      let id = "D" + part.prefix { $0.isNumber }
      guard let paragraph = part.components(separatedBy: "\n\n").first(where: { $0.hasPrefix("Sections: ") }) else { continue }
      if paragraph.range(of: #"^Sections: every section ?[,:(.]"#, options: .regularExpression) != nil {
        result[id] = .some(nil)
        continue
      }
      let names = paragraph.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
      result[id] = Set(names)
    }
    return result
  }()

  /// Case id → the differences the "Cases" table gives it.
  static let differencesByCase: [String: [String]] = {
    var result: [String: [String]] = [:]
    for line in document.components(separatedBy: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 2 else { continue }
      result[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[1].components(separatedBy: ", ")
    }
    return result
  }()

  @Test("every difference names the sections it changes")
  func everyDifferenceNamesSections() {
    let headings = Self.document.components(separatedBy: "\n## D").dropFirst().map { "D" + $0.prefix { $0.isNumber } }
    #expect(headings.count >= 15)
    for id in headings { #expect(Self.sectionsByDifference[id] != nil, "\(id) has no Sections: paragraph") }
  }

  @Test("every section a corrected golden changes is named by one of the case's differences", arguments: GoldenCase.all.filter { $0.correctedOutput != nil })
  func changedSectionsAreNamed(_ golden: GoldenCase) throws {
    let differences = try #require(Self.differencesByCase[golden.id], "\(golden.id) is not in the Cases table (scripts/difference-index.py)")
    let theirs = ReportSectionText.sections(golden.pflogsummOutput ?? "")
    let ours = ReportSectionText.sections(try #require(golden.correctedOutput))
    for section in ReportSectionText.differing(theirs, ours) {
      let named = differences.contains { id in
        guard let names = Self.sectionsByDifference[id] else { return false }
        return names?.contains(section) ?? true
      }
      #expect(named, "\(golden.id): '\(section)' differs, but none of \(differences) names it")
    }
  }
}

/// A text report cut into its sections, as `scripts/difference-index.py` cuts it: a title
/// underlined with dashes (without its "(top N of M)" or "(N)") or a "Title: none" line starts
/// one; the lines before the first are the `title` section.
enum ReportSectionText {
  static func sections(_ text: String) -> [(title: String, lines: [String])] {
    let lines = text.components(separatedBy: "\n")
    var sections: [(title: String, lines: [String])] = [("title", [])]
    var i = 0
    while i < lines.count {
      let line = lines[i]
      if !line.isEmpty, i + 1 < lines.count, !lines[i + 1].isEmpty, lines[i + 1].allSatisfy({ $0 == "-" }),
        lines[i + 1].unicodeScalars.count == line.unicodeScalars.count
      {
        let title = line.replacingOccurrences(of: #" \((?:top \d+ of )?\d+\)$"#, with: "", options: .regularExpression)
        sections.append((title, []))
        i += 2
        continue
      }
      if line.hasSuffix(": none") {
        sections.append((String(line.dropLast(": none".count)), ["none"]))
      } else {
        sections[sections.count - 1].lines.append(line)
      }
      i += 1
    }
    return sections
  }

  /// The titles whose lines differ (or that only one side has), `a`'s order first.
  static func differing(_ a: [(title: String, lines: [String])], _ b: [(title: String, lines: [String])]) -> [String] {
    func merged(_ s: [(title: String, lines: [String])]) -> [String: [String]] {
      s.reduce(into: [:]) { $0[$1.title, default: []] += $1.lines }
    }
    let (x, y) = (merged(a), merged(b))
    var titles: [String] = []
    for t in a.map(\.title) + b.map(\.title) where !titles.contains(t) { titles.append(t) }
    return titles.filter { x[$0] != y[$0] }
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
