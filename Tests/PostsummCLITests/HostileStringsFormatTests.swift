import Foundation
import Testing
import TestSupport

/// `Fixtures/hand/hostile-strings.log`: realistic Postfix lines whose addresses, HELO names,
/// reject texts, host names and daemon messages carry markup, script URLs, Mustache tags,
/// spreadsheet formulas and invalid UTF-8. The page must contain none of them as markup, the
/// CSV no cell a spreadsheet would evaluate, the JSON only valid UTF-8.
@Suite("Hostile log strings in every format")
struct HostileStringsFormatTests {
  static func outputs() throws -> FormatFixtureRuns.Outputs {
    try FormatFixtureRuns.writeAllFormats([FixturePaths.path("hand/hostile-strings.log")], arguments: ["-e"])
  }

  @Test("the page shows the hostile strings as text and runs nothing")
  func html() throws {
    let out = try Self.outputs()
    #expect(try HTMLPageScan.foreignMarkup(out.html) == [])
    // The payloads did reach the page, escaped.
    for escaped in [
      "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;onmouseover=alert(1)&quot;@example.org",
      "&lt;a href=&quot;javascript:alert(1)&quot;&gt;", "&lt;img src=x onerror=alert(1)&gt;",
      "{{mustache}}@example.org", "{{#sections}}x{{/sections}}", "{{pageTitle}} &lt;/title&gt;", "{{{unescaped}}}",
      "=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;click me&quot;)@evil.example",
    ] {
      #expect(out.html.contains(escaped), "\(escaped) not on the page")
    }
    for raw in ["<script>alert", "\"onmouseover", "<img src", "</style><", "<a href=\"javascript"] {
      #expect(!out.html.contains(raw), "\(raw) unescaped")
    }
    #expect(out.html.components(separatedBy: "</style>").count == 2, "only the page's own </style>")
  }

  @Test("CSV cells are quoted and neutralised, and read back to the log's strings")
  func csv() throws {
    let out = try Self.outputs()
    let senders = try CSVReader.rows(try #require(out.csv["senders_by_count.csv"])).map { $0["address"] ?? "" }
    #expect(senders.contains("'=HYPERLINK(\"http://evil.example/x\",\"click me\")@evil.example"))
    #expect(senders.contains("'+cmd|' /C calc'!A0@evil.example"))
    #expect(senders.contains("'-2+3@evil.example"))
    #expect(senders.contains("'\ttab@evil.example"))
    #expect(try #require(out.csv["senders_by_count.csv"]).contains("\"'=HYPERLINK(\"\"http://evil.example/x\"\",\"\"click me\"\")@evil.example\""))
    let delivery = try CSVReader.rows(try #require(out.csv["delivery_domains.csv"])).map { $0["domain"] ?? "" }
    #expect(delivery.contains("'@sum(1+1)@evil.example"))
    for (name, text) in out.csv {
      for record in try CSVReader.records(text) {
        for cell in record where cell.first.map({ "=+-@\t\r".contains($0) }) == true {
          Issue.record("\(name): \(cell.debugDescription) would be evaluated")
        }
      }
    }
  }

  @Test("JSON is valid, keeps the strings exactly, and carries U+FFFD for invalid bytes")
  func json() throws {
    let out = try Self.outputs()
    let json = try JSONValue.parse(out.json)
    let senders = json["senders_by_count"]?["rows"]?.array?.compactMap { $0["address"]?.string } ?? []
    #expect(senders.contains("=HYPERLINK(\"http://evil.example/x\",\"click me\")@evil.example"))
    #expect(senders.contains("\ttab@evil.example"))
    #expect(out.json.contains("\\ttab@evil.example"), "control characters are escaped")
    let warnings = json["warnings"]?["children"]?.array?.flatMap { $0["leaves"]?.array ?? [] }.compactMap { $0["key"]?.string } ?? []
    #expect(warnings.contains("invalid UTF-8 \u{FFFD}\u{FFFD} in a header"))
  }
}
