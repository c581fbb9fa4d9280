import Foundation
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// Lines and messages per syslog host: two servers' logs read together, figures counted here
/// from the raw lines (the program tag and the receipt shapes), not by the parser.
@Suite("Servers section")
struct ServerSectionTests {
  static let anchor = LogTimeAnchor(date: Day(year: 2026, month: 12, day: 1), secondOfDay: 0)

  static func report(_ lines: [String], jobs cut: Int? = nil) -> Report {
    func parse(_ slice: ArraySlice<String>, hasPredecessor: Bool) -> Summary {
      var parser = ShardParser(options: ParseOptions(), anchor: anchor, hasPredecessor: hasPredecessor)
      for line in slice { Array(line.utf8).withBytes { parser.consume($0) } }
      return parser.summary
    }
    var s: Summary
    if let cut {
      s = parse(lines[..<cut], hasPredecessor: false)
      s.merge(parse(lines[cut...], hasPredecessor: true), options: ParseOptions())
    } else {
      s = parse(lines[...], hasPredecessor: false)
    }
    s.finish()
    return ReportBuilder.build(s, options: ReportOptions(), meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
  }

  /// What a reader of the log counts for a host: lines tagged `postfix/…`, and receipts
  /// (`client=` from smtpd, `uid=`/`sender=` from pickup).
  static func expected(_ lines: [String]) -> (lines: Int, messages: Int) {
    let postfix = lines.filter { $0.split(separator: " ", maxSplits: 5).dropFirst(4).first?.hasPrefix("postfix/") == true }
    let receipts = postfix.filter {
      ($0.contains("/smtpd[") && $0.contains(": client=")) || ($0.contains("/pickup[") && ($0.contains(": uid=") || $0.contains(": sender=")))
    }
    return (postfix.count, receipts.count)
  }

  @Test("two servers' logs: a row per host, counted as the raw lines say, the same when split and merged")
  func twoServers() throws {
    let text = try String(contentsOfFile: FixturePaths.path("hand/appendix-a.log"), encoding: .utf8)
    let mx1 = text.split(separator: "\n").map(String.init)
    // The second server: the same log from host mx2, less its last twenty lines.
    let mx2 = mx1.dropLast(20).map { $0.replacingOccurrences(of: " mx1 ", with: " mx2 ") }
    let all = mx1 + mx2
    let (l1, m1) = Self.expected(mx1)
    let (l2, m2) = Self.expected(Array(mx2))
    #expect(l1 > l2 && m1 > 0 && m2 > 0)
    let report = Self.report(all)
    #expect(
      report.servers == [ServerRow(host: "mx1", lines: l1, messages: m1), ServerRow(host: "mx2", lines: l2, messages: m2)])
    for cut in [1, mx1.count, mx1.count + 7, all.count - 1] {
      #expect(Self.report(all, jobs: cut).servers == report.servers, "cut before line \(cut + 1)")
    }
  }
}
