import ReportModel
import Testing
import TestSupport

@testable import Renderers

@Suite("CSV tables")
struct CSVRendererTests {
  static func files(_ report: Report) throws -> [(name: String, contents: String)] {
    guard case .files(let files) = try CSVRenderer().render(report) else {
      Issue.record("CSV output is not a set of files")
      return []
    }
    return files
  }

  @Test(
    "quotes a field only when RFC 4180 requires it",
    arguments: [
      ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
      ("cr\rhere", "\"cr\rhere\""), ("", ""), (" spaced ", " spaced "), ("ünï", "ünï"),
    ])
  func quoting(raw: String, written: String) {
    #expect(CSVTable.field(raw) == written)
  }

  @Test(
    "neutralises cells a spreadsheet would run as a formula",
    arguments: [
      ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
      ("a=1", "a=1"), ("'quoted", "'quoted"), ("", ""), ("bob@example.org", "bob@example.org"),
    ])
  func neutralisation(raw: String, written: String) {
    #expect(CSVCell.text(raw).text == written)
    #expect(CSVReader.unneutralised(written) == raw)
  }

  @Test("writes numbers raw: integers plainly, delays in the shortest exact form")
  func numbers() {
    #expect(CSVCell.integer(734_063_211).text == "734063211")
    #expect(CSVCell.decimal(63000).text == "63000")
    #expect(CSVCell.decimal(1.25).text == "1.25")
    #expect(CSVCell.decimal(1.2666666666666666).text == "1.2666666666666666")
    #expect(CSVCell.decimal(0.00001).text == "0.00001")
    #expect(Double(CSVCell.decimal(0.1).text) == 0.1)
  }

  @Test("every file is RFC 4180 with CRLF line ends, a header and equal-width records")
  func wellFormed() throws {
    for report in [SampleReports.kitchenSink(), SampleReports.empty()] {
      for file in try Self.files(report) {
        #expect(file.name.hasSuffix(".csv"))
        #expect(file.contents.hasSuffix("\r\n"), "\(file.name)")
        let records = try CSVReader.records(file.contents)
        #expect(!records.isEmpty, "\(file.name) has no header")
      }
    }
  }

  @Test("file names are stable, documented in docs/OUTPUTS.md, and listed in index.csv")
  func fileNames() throws {
    let names = try Self.files(SampleReports.kitchenSink()).map(\.name)
    #expect(
      names == [
        "index.csv", "report.csv", "inputs.csv", "input_problems.csv", "line_stats.csv", "totals.csv", "servers.csv", "auth_failures.csv",
        "relay_denied.csv", "reject_classes.csv", "per_day.csv",
        "per_hour.csv", "delivery_domains.csv", "received_domains.csv", "smtpd_per_day.csv", "smtpd_per_hour.csv",
        "smtpd_domains.csv", "tls_levels.csv", "senders_by_count.csv", "recipients_by_count.csv", "senders_by_size.csv",
        "recipients_by_size.csv", "messages_without_size.csv", "deferral_detail.csv", "bounce_detail.csv",
        "expired_detail.csv", "reject_detail.csv", "reject_warning_detail.csv", "hold_detail.csv", "discard_detail.csv",
        "inbound_tls_errors.csv", "smtp_exceptions.csv", "warnings.csv", "postscreen_actions.csv", "fatal_errors.csv",
        "panics.csv", "master_messages.csv", "message_detail.csv",
      ])
    let docs = try #require(FixturePaths.read("../docs/OUTPUTS.md"))
    for name in names { #expect(docs.contains("`\(name)`"), "docs/OUTPUTS.md does not document \(name)") }
    let index = try CSVReader.rows(try #require(try Self.files(SampleReports.kitchenSink()).first?.contents))
    #expect(index.compactMap { $0["file"] } == names)
    // Sections that are not in the report have no file.
    let emptyNames = try Self.files(SampleReports.empty()).map(\.name)
    #expect(!emptyNames.contains("per_hour.csv") && emptyNames.contains("reject_detail.csv"))
  }

  @Test("log strings read back unchanged once the formula guard is removed")
  func stringsRoundTrip() throws {
    let report = SampleReports.kitchenSink()
    let files = Dictionary(uniqueKeysWithValues: try Self.files(report).map { ($0.name, $0.contents) })
    let senders = try CSVReader.rows(try #require(files["senders_by_count.csv"]))
    #expect(senders.map { CSVReader.unneutralised($0["address"] ?? "") } == report.sendersByCount?.rows.map(\.address))
    #expect(senders.map { $0["messages"] } == report.sendersByCount?.rows.map { String($0.value) })
    // No cell a spreadsheet would evaluate, in any file.
    for (name, text) in files {
      for record in try CSVReader.records(text) {
        for cell in record where cell.first.map({ "=+-@\t\r".contains($0) }) == true {
          Issue.record("\(name): cell \(cell.debugDescription) would be evaluated")
        }
      }
    }
  }

  @Test("nested reports flatten to one row per leaf, one column per level")
  func nestedReports() throws {
    let report = SampleReports.kitchenSink(strings: SampleReports.plainStrings)
    let files = Dictionary(uniqueKeysWithValues: try Self.files(report).map { ($0.name, $0.contents) })
    let rejects = try CSVReader.records(try #require(files["reject_detail.csv"]))
    #expect(rejects.first == ["command", "reason", "client", "count"])
    let tree = try #require(report.problem(.rejects))
    var expected: [[String]] = []
    for a in tree.root.children {
      for b in a.children {
        for leaf in b.leaves { expected.append([a.key, b.key, leaf.key, String(leaf.count)]) }
      }
    }
    #expect(Array(rejects.dropFirst()) == expected)
    let expired = try CSVReader.records(try #require(files["expired_detail.csv"]))
    #expect(expired.first == ["relay", "count"])
    #expect(expired.count == 3)
  }

  @Test("per-hour rows carry totals and the text report's daily averages; dates are ISO")
  func perHourAndDates() throws {
    let files = Dictionary(uniqueKeysWithValues: try Self.files(SampleReports.kitchenSink()).map { ($0.name, $0.contents) })
    let hours = try CSVReader.rows(try #require(files["per_hour.csv"]))
    #expect(hours.count == 24)
    #expect(hours[8]["hour"] == "8" && hours[8]["received"] == "2" && hours[8]["received_daily_average"] == "1")
    #expect(hours[9]["deferred"] == "3" && hours[9]["deferred_daily_average"] == "2")
    let days = try CSVReader.rows(try #require(files["per_day.csv"]))
    #expect(days.map { $0["date"] } == ["2026-11-24", "2026-11-25"])
    let delivery = try CSVReader.rows(try #require(files["delivery_domains.csv"]))
    #expect(delivery.first?["max_delay_seconds"] == "63000")
    let totals = try CSVReader.rows(try #require(files["totals.csv"]))
    #expect(totals.first { $0["metric"] == "bytes_received" }?["value"] == "734063211")
  }
}
