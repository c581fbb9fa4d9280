import Foundation
import Testing
import TestSupport

@testable import PostsummCLI

/// Several servers through the command: each server's rotated set given on the command line (in
/// any order), or the central syslog file that interleaves them, give the same report in every
/// format; `--server-stats` (or its configuration key) adds the Servers table to the text
/// report and changes nothing else.
@Suite("Servers through the command")
struct ServerRunTests {
  /// Every server's files (Fixtures/real/servers/mxN/mail.log*).
  static func serverFiles(_ order: [String] = ["mx1", "mx2", "mx3"]) -> [String] {
    order.flatMap { FixturePaths.files(in: "real/servers/" + $0) }
  }

  static let central = FixturePaths.files(in: "real/servers-central")

  static func run(_ inputs: [String], _ arguments: [String]) throws -> FormatFixtureRuns.Outputs {
    try FormatFixtureRuns.writeAllFormats(inputs, arguments: arguments)
  }

  /// The JSON document without `inputs` (the files' names and sizes differ, by design).
  static func jsonWithoutInputs(_ text: String) throws -> JSONValue? {
    guard case .object(var fields) = try JSONValue.parse(text) else { return nil }
    fields["inputs"] = nil
    return .object(fields)
  }

  /// The page without its list of input files.
  static func htmlWithoutInputs(_ html: String) -> String {
    html.replacingOccurrences(of: #"(?s)<section id="inputs">.*?</section>"#, with: "", options: .regularExpression)
  }

  @Test("each server's files, in any order and any --jobs, or the central file: the same report in every format")
  func centralEqualsSeparate() throws {
    let options = ["--server-stats", "-e", "--smtpd-stats", "--pscrn-stats", "--abuse-stats"]
    let reference = try Self.run(Self.central, options)
    #expect(reference.status == .success)
    #expect(reference.text.contains("\nServers\n-------\n"))
    for (order, jobs) in [(["mx1", "mx2", "mx3"], "1"), (["mx3", "mx1", "mx2"], "3"), (["mx2", "mx3", "mx1"], "2")] {
      let out = try Self.run(Self.serverFiles(order), options + ["--jobs", jobs])
      #expect(out.text == reference.text, "\(order), --jobs \(jobs): text")
      #expect(Self.htmlWithoutInputs(out.html) == Self.htmlWithoutInputs(reference.html), "\(order): HTML")
      let (json, referenceJSON) = (try Self.jsonWithoutInputs(out.json), try Self.jsonWithoutInputs(reference.json))
      #expect(json != nil && json == referenceJSON, "\(order): JSON")
      for (name, contents) in out.csv where name != "inputs.csv" {
        #expect(contents == reference.csv[name], "\(order): \(name)")
      }
    }
  }

  @Test("--server-stats adds the Servers table after the Grand Totals and changes nothing else")
  func textOnlyWithTheOption() throws {
    let with = try Self.run(Self.central, ["--server-stats"]).text
    let without = try Self.run(Self.central, []).text
    #expect(!without.contains("\nServers\n"))
    let section = try #require(with.range(of: "\n\nServers\n-------\n"))
    let end = try #require(with.range(of: "\n\n", range: section.upperBound..<with.endIndex))
    var rest = with
    rest.removeSubrange(section.lowerBound..<end.lowerBound)
    #expect(rest == without)
    let rows = with[section.upperBound..<end.lowerBound].split(separator: "\n").dropFirst(2)
    #expect(rows.map { $0.split(separator: " ").last.map(String.init) ?? "" }.sorted() == ["mx1", "mx2", "mx3"])
    #expect(with.contains("\n\nServers\n-------\n") && with.range(of: "Grand Totals")!.lowerBound < section.lowerBound)
  }

  @Test("the configuration key server-stats is the option")
  func configurationKey() throws {
    let dir = try TemporaryDirectory()
    let config = dir.path("postsumm.conf")
    try Data("server-stats = yes\n".utf8).write(to: URL(fileURLWithPath: config))
    let fromConfig = try Self.run(Self.central, ["--config", config]).text
    let fromOption = try Self.run(Self.central, ["--server-stats"]).text
    #expect(fromConfig == fromOption)
    #expect(fromConfig.contains("\nServers\n"))
  }

  @Test("one server: the text report's table has its one row; the page has none; CSV and JSON have the row")
  func oneServer() throws {
    let out = try Self.run([FixturePaths.path("hand/appendix-a.log")], ["--server-stats"])
    #expect(out.text.contains("\nServers\n-------\n"))
    #expect(!out.html.contains(#"id="servers""#))
    let rows = try CSVReader.rows(try #require(out.csv["servers.csv"]))
    #expect(rows.map { $0["host"] } == ["mx1"])
    let json = try JSONValue.parse(out.json)
    #expect(json["servers"]?.array?.count == 1)
  }
}
