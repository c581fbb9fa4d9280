import Foundation
import ReportModel
import Testing
import TestSupport

@testable import Renderers

@Suite("HTML page")
struct HTMLRendererTests {
  static func expectOnlyOwnMarkup(_ html: String) throws {
    #expect(try HTMLPageScan.foreignMarkup(html) == [])
  }

  @Test("log strings are escaped: the page holds no markup but its own")
  func hostileStringsAreEscaped() throws {
    let html = try HTMLRenderer().render(SampleReports.kitchenSink()).text
    try Self.expectOnlyOwnMarkup(html)
    for s in SampleReports.hostileStrings {
      let escaped = s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
      #expect(html.contains(escaped), "\(s.debugDescription) did not reach the page (escaped)")
    }
    // Mustache in the data is text, never evaluated: it shows up as written.
    #expect(html.contains("{{pageTitle}} {{{pageTitle}}} {{#sections}}x{{/sections}}"))
  }

  @Test("the page is self-contained, works without scripts, and adapts to dark mode, phones and print")
  func selfContained() throws {
    let html = try HTMLRenderer().render(SampleReports.kitchenSink(strings: SampleReports.plainStrings)).text
    try Self.expectOnlyOwnMarkup(html)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"))
    #expect(html.contains("name=\"viewport\""))
    #expect(html.contains("@media (prefers-color-scheme: dark)"))
    #expect(html.contains("@media print"))
    #expect(html.contains("overflow-x: auto"))
  }

  @Test("the submitter table: a client as host[ip]; on a phone, a card per submitter, its figures labelled")
  func submitterCards() throws {
    var report = SampleReports.kitchenSink()
    func row(_ kind: String, _ name: String, host: String?, flags: [String]) -> SubmitterRow {
      SubmitterRow(
        kind: kind, name: name, messages: 3, recipients: 4, distinctRecipients: nil, recipientDomains: nil, bytes: 10,
        envelopeSenders: nil, clientIPs: 1, clientNetworks: 1, busiestHour: nil, delivered: 4, deferred: 0, bounced: 0,
        remoteBlocked: 0, relayed: 4, flags: flags, host: host)
    }
    report.submitters = SubmitterTable(
      limit: nil, totalRows: 2,
      rows: [row("client", "192.0.2.70", host: "mx.partner.test", flags: ["unauthenticated-relay"]), row("login", "carol", host: nil, flags: [])])
    let html = try HTMLRenderer().render(report).text
    try Self.expectOnlyOwnMarkup(html)
    let section = try #require(html.components(separatedBy: "<section id=").first { $0.hasPrefix("\"submitters\"") })
    #expect(section.contains("<table class=\"cards\">"))
    #expect(section.contains("<tr><td>client</td><td>mx.partner.test[192.0.2.70]</td><td class=\"num\" data-label=\"messages\">"))
    #expect(section.contains("<tr><td>login</td><td>carol</td>"))
    #expect(section.contains("<td data-label=\"flags\">unauthenticated-relay</td>"))
    #expect(section.contains("<td data-label=\"flags\"></td>"))
    // The cards' rules, for phones only (scripts/check-html.sh measures them in Chromium).
    #expect(html.contains("table.cards td[data-label]::before { content: attr(data-label)"))
    // The other tables have neither.
    #expect(html.components(separatedBy: "data-label=").count - 1 == 2 * 10)
  }

  @Test("shows the period, generation time, version and input files with their problems")
  func metadata() throws {
    let report = SampleReports.kitchenSink(strings: SampleReports.plainStrings)
    let html = try HTMLRenderer().render(report).text
    #expect(html.contains("<title>Postfix Log Summaries for Tue, Nov 24 2026 through Wed, Nov 25 2026</title>"))
    #expect(html.contains("2026-11-24 to 2026-11-25 (2 days with Postfix activity)"))
    #expect(html.contains("<time datetime=\"2026-11-27T10:00:00\">2026-11-27 10:00:00</time>"))
    #expect(html.contains("postsumm 9.9.9-test"))
    let inputs = try #require(HTMLPageScan.sections(html).first { $0.id == "inputs" })
    #expect(inputs.rows.contains { $0.hasPrefix("example.org (gzip) 60 6,000 Relay access denied") })
    #expect(inputs.rows.contains("mail.log 40 4,000 none"))
    let noClock = try HTMLRenderer().render(SampleReports.kitchenSink(generatedAt: nil)).text
    #expect(!noClock.contains("<time"))
  }

  @Test("draws per-day and per-hour charts as inline SVG, one bar per non-zero figure")
  func charts() throws {
    let report = SampleReports.kitchenSink()
    let sections = try HTMLRenderer().render(report).text.components(separatedBy: "<section id=")
    let perDay = try #require(sections.first { $0.hasPrefix("\"per-day\"") })
    let perHour = try #require(sections.first { $0.hasPrefix("\"per-hour\"") })
    let dayBars = report.perDay!.flatMap(\.counts.columns).filter { $0 > 0 }.count
    #expect(perDay.components(separatedBy: "<rect ").count - 1 == dayBars)
    let hourBars = report.perHour!.flatMap { $0.dailyAverage(dayCount: report.dayCount).columns }.filter { $0 > 0 }.count
    #expect(perHour.components(separatedBy: "<rect ").count - 1 == hourBars)
    #expect(perHour.contains("<title>0800-0900: 1 received</title>"))
    #expect(HTMLBarChart.niceCeiling(7) == 10 && HTMLBarChart.niceCeiling(120) == 200 && HTMLBarChart.niceCeiling(1) == 1)
    #expect(HTMLBarChart.number(171.6000001) == "171.6" && HTMLBarChart.number(72.32) == "72.32" && HTMLBarChart.number(3) == "3")
  }

  @Test("figures are exact with digit grouping, not scaled to k/m as in the text report; delays read as there")
  func exactValues() throws {
    var report = SampleReports.kitchenSink()
    report.totals.bytesDelivered = 1_481_830_400
    let html = try HTMLRenderer().render(report).text
    #expect(html.contains("<data class=\"value\" value=\"734063211\">734,063,211</data> <span class=\"label\">bytes received</span>"))
    #expect(html.contains("<data class=\"value\" value=\"1481830400\">1,481,830,400</data> <span class=\"label\">bytes delivered</span>"))
    #expect(html.contains("<data value=\"1.2666666666666666\">1.3 s</data>"))
    let text = try TextRenderer().render(report).text
    #expect(text.contains("   700m  bytes received") && text.contains("  1413m  bytes delivered"))
    // Every whole-number figure in the page is shown as its value, grouped; no k/m anywhere.
    let regex = try NSRegularExpression(pattern: #"<data[^>]* value="(\d+)"[^>]*>([^<]*)</data>"#)
    let ns = html as NSString
    let figures = regex.matches(in: html, range: NSRange(location: 0, length: ns.length))
    #expect(figures.count > 50)
    for m in figures {
      let value = ns.substring(with: m.range(at: 1))
      let shown = ns.substring(with: m.range(at: 2))
      let grouped = ReportFigures.grouped(Int64(value)!)
      let isDelayOrDuration = shown.range(of: #"^(\d+\.\d [smh]|[\d,]+:\d\d:\d\d)$"#, options: .regularExpression) != nil
      #expect(shown == grouped || shown == grouped + "s" || isDelayOrDuration, "figure \(value) shown as \(shown)")
    }
  }

  @Test("--quiet leaves empty reports out, as in the text report")
  func quiet() throws {
    var report = SampleReports.empty()
    #expect(HTMLPageScan.sections(try HTMLRenderer().render(report).text).contains { $0.id == "reject-detail" && $0.isNone })
    report.layout.quiet = true
    #expect(!HTMLPageScan.sections(try HTMLRenderer().render(report).text).contains { $0.id == "reject-detail" })
  }

  @Test("a template directory overrides built-in templates file by file")
  func templateOverride() throws {
    let dir = try TemporaryDirectory()
    try dir.write("body { color: rebeccapurple; }", to: "styles.mustache")
    try dir.write("ignored", to: "notes.txt")
    let html = try HTMLRenderer(templateDirectory: dir.path).render(SampleReports.kitchenSink()).text
    #expect(html.contains("body { color: rebeccapurple; }"))
    #expect(!html.contains("prefers-color-scheme"))
    #expect(html.contains("<section id=\"grand-totals\">"), "the other templates stay built in")

    // A page template of one's own, including a partial of one's own.
    try dir.write("<p>{{pageTitle}}</p>{{> extra}}", to: "report.mustache")
    try dir.write("<p>{{version}}</p>", to: "extra.mustache")
    #expect(try HTMLRenderer(templateDirectory: dir.path).render(SampleReports.kitchenSink()).text == "<p>Postfix Log Summaries for Tue, Nov 24 2026 through Wed, Nov 25 2026</p><p>9.9.9-test</p>")
  }

  @Test("unusable templates are errors that name the problem")
  func templateErrors() throws {
    #expect(throws: HTMLTemplateSet.Failure.unreadableDirectory("/nonexistent/templates", reason: "No such file or directory")) {
      try HTMLRenderer(templateDirectory: "/nonexistent/templates").render(SampleReports.empty()).text
    }
    let dir = try TemporaryDirectory()
    try dir.write("{{#sections}}unclosed", to: "section.mustache")
    do {
      _ = try HTMLRenderer(templateDirectory: dir.path).render(SampleReports.empty()).text
      Issue.record("an invalid template rendered")
    } catch let failure as HTMLTemplateSet.Failure {
      guard case .invalidTemplate(let name, _) = failure else {
        Issue.record("wrong failure \(failure)")
        return
      }
      #expect(name == "section")
      #expect(failure.description.hasPrefix("template section: "))
    }
  }
}
