import Foundation
import Testing
import TestSupport

/// `Fixtures/hand/hostile-abuse.log`: SASL failures and relay probes whose logins, host names
/// and recipient domains are forged (markup, formulas, a tab, invalid UTF-8, a second
/// `, sasl_username=`, 4 997 characters). They are counted as any other, shown whole and
/// escaped by every format; the text report has the tables only with `--abuse-stats`.
@Suite("Abuse tables with hostile strings")
struct HostileAbuseFormatTests {
  static let log = FixturePaths.path("hand/hostile-abuse.log")

  static func outputs(_ arguments: [String] = ["--abuse-stats"]) throws -> FormatFixtureRuns.Outputs {
    try FormatFixtureRuns.writeAllFormats([log], arguments: arguments)
  }

  static let longLogin = String(repeating: "A", count: 4990) + "@x.test"

  @Test("the forged strings are counted, and kept whole in JSON")
  func counted() throws {
    let json = try JSONValue.parse(try Self.outputs().json)
    let auth = try #require(json["auth_failures"]?.array)
    #expect(auth.map { $0["client"]?.string ?? "?" } == ["203.0.113.66", "2001:db8::25"])
    let guesser = auth[0]
    // Seven failures as unknown[…] and one under a forged name: one row, the name of the seven.
    #expect(guesser["attempts"]?.int == 8 && guesser["host"]?.string == "unknown")
    #expect(guesser["distinct_logins"]?.int == 6)
    #expect(guesser["first"]?.string == "2026-11-26T08:00:01" && guesser["last"]?.string == "2026-11-26T08:10:00")
    let logins = Set((guesser["logins"]?.array ?? []).compactMap(\.string))
    #expect(
      logins == [
        "admin", "</td><script>alert(1)</script>", "=HYPERLINK(\"http://evil.example/x\",\"click me\")", "\ttab, sasl_username=forged",
        "bad\u{FFFD}\u{FFFD}utf8", Self.longLogin,
      ])
    // The IPv6 client's login was not logged; the lost connection to the server is no attempt.
    #expect(auth[1]["attempts"]?.int == 1 && auth[1]["distinct_logins"]?.int == 0 && auth[1]["host"]?.string == "mail.example.net")

    let relay = try #require(json["relay_denied"]?.array)
    #expect(relay.count == 1)
    #expect(relay[0]["client"]?.string == "198.51.100.13" && relay[0]["host"]?.string == "\"onmouseover=alert(1)")
    // Five probes (the reject_warning is none), three domains (case folded; `postmaster` has none).
    #expect(relay[0]["attempts"]?.int == 5 && relay[0]["distinct_recipient_domains"]?.int == 3)
    #expect(
      Set((relay[0]["recipient_domains"]?.array ?? []).compactMap(\.string)) == ["evil.example", "</style", "+cmd|' /c calc'!a0"])

    let classes = (json["reject_classes"]?.array ?? []).map {
      "\($0["class"]?.string ?? "?") \($0["code_4xx"]?.int ?? -1) \($0["code_5xx"]?.int ?? -1)"
    }
    #expect(classes == ["relay_denied 0 5", "dnsbl 0 1", "policy 1 0", "postscreen 1 0"])
    #expect(json["totals"]?["rejected"]?.int == 8)
  }

  @Test("the page shows them as text, CSV cells are neutralised")
  func escaped() throws {
    let out = try Self.outputs()
    #expect(try HTMLPageScan.foreignMarkup(out.html) == [])
    for escaped in ["&quot;onmouseover=alert(1)[198.51.100.13]", "unknown[203.0.113.66]"] {
      #expect(out.html.contains(escaped), "\(escaped) not on the page")
    }
    #expect(!out.html.contains("\"onmouseover"))
    let relay = try CSVReader.rows(try #require(out.csv["relay_denied.csv"]))
    #expect(relay.map { $0["host"] ?? "" } == ["\"onmouseover=alert(1)"])
    for (name, text) in out.csv {
      for record in try CSVReader.records(text) {
        for cell in record where cell.first.map({ "=+-@\t\r".contains($0) }) == true {
          Issue.record("\(name): \(cell.debugDescription) would be evaluated")
        }
      }
    }
  }

  @Test("without --abuse-stats the text report is the same less the abuse tables")
  func textOnlyWithTheOption() throws {
    let with = try Self.outputs().text
    let without = try Self.outputs([]).text
    #expect(!without.contains("SASL Authentication Failures") && !without.contains("Reject Classes"))
    // Take the abuse sections out of the text with the option: what is left is the default.
    var kept: [Substring] = []
    var skipping = false
    let lines = with.split(separator: "\n", omittingEmptySubsequences: false)
    for (i, line) in lines.enumerated() {
      let next = i + 1 < lines.count ? lines[i + 1] : ""
      let title = String(next)
      let whoIsSending = { (t: String) in ReportFigures.isAbuseSection(t) || ReportFigures.isSubmitterSection(t) }
      if line.isEmpty, whoIsSending(title) || whoIsSending(String(next.dropLast(": none".count))) {
        skipping = true
      } else if line.isEmpty {
        skipping = false
      }
      if !skipping { kept.append(line) }
    }
    #expect(kept.joined(separator: "\n") == without)
    #expect(with.contains("\nSASL Authentication Failures by Client (2)\n") && with.contains("\nReject Classes\n"))
  }
}
