import Foundation
import Testing
import TestSupport

/// Issue 17, item 7: what a new user meets on the command line: `--help` whose examples read
/// as commands, and unknown options answered with a suggestion only when one is close.
@Suite("Command line")
struct CommandLineTests {
  @Test("--help: every example is a command line of its own (a long one continued with a backslash)")
  func helpExamples() throws {
    let r = try PostsummProcess.run(["--help"])
    #expect(r.status == 0)
    let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let start = try #require(lines.firstIndex(of: "Examples:"))
    let examples = lines[(start + 1)...].prefix { !$0.isEmpty }
    #expect(examples.count >= 4)
    var continued = false
    for line in examples {
      if continued {
        #expect(line.hasPrefix("      /var/log"), "continuation: \(line)")
      } else {
        #expect(line.hasPrefix("  postsumm ") || line.hasPrefix("  zcat "), "not a command: \(line)")
      }
      #expect(line.count <= 80)
      continued = line.hasSuffix("\\")
    }
    #expect(!lines.contains("/var/log/mail.log*"))
  }

  @Test("an unknown option: one message, a suggestion only when it is one typo away, exit 64", arguments: [
    ("--bogus", nil), ("--jbos", "--jobs"), ("--jsno", "--json"), ("--problem-first", "--problems-first"),
    ("--colwith", "--colwidth"), ("--refernce-date", "--reference-date"), ("--zerofill", "--zero-fill"), ("--foo", nil),
    ("--hepl", "--help"), ("-bogus", nil), ("--verbos-msg-detail", "--verbose-msg-detail"),
  ])
  func unknownOption(option: String, suggestion: String?) throws {
    let r = try PostsummProcess.run([option, FixturePaths.path("hand/appendix-a.log")])
    #expect(r.status == 64)
    let first = "postsumm: unknown option \(option)" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
    #expect(r.errorLines == [first, "Try 'postsumm --help' for more information."])
  }

  @Test("combined short flags and pflogsumm's one-dash long options still work")
  func knownSpellings() throws {
    for arguments in [["-eq"], ["-problems-first"], ["--problems_first"], ["--host", "2"]] {
      let r = try PostsummProcess.run(arguments + ["--reference-date", "2026-11-27", FixturePaths.path("hand/appendix-a.log")])
      #expect(r.status == 0, "\(arguments): \(r.standardError)")
    }
  }
}
