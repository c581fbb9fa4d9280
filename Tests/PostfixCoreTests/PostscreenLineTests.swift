import ReportModel
import Testing

@testable import PostfixCore

/// postscreen lines read as byte ranges: the shortcut for the common shapes (`parseCommon`)
/// must agree with the rule list wherever it answers, and what the summary keeps must be what
/// the text of those ranges says (IPv6 addresses with colons, invalid UTF-8, odd lines).
@Suite("postscreen lines")
struct PostscreenLineTests {
  /// action, ip, port, extra ("-" for none) as text.
  static func texts(_ m: PostscreenLine?, _ b: [UInt8]) -> [String]? {
    m.map { m in [m.action, m.ip, m.port].map { b[bytes: $0].string } + [m.extra.map { b[bytes: $0].string } ?? "-"] }
  }

  static func common(_ b: [UInt8]) -> [String]? { b.withBytes { texts(PostscreenLine.parseCommon($0, at: 0), b) } }
  static func ruleList(_ b: [UInt8]) -> [String]? { texts(PostscreenLine.parse(b), b) }

  /// Lines of the common shapes, with what they say.
  static let commonShapes: [(String, [String])] = [
    ("CONNECT from [192.0.2.1]:51234 to [198.51.100.2]:25", ["CONNECT", "192.0.2.1", "51234", "-"]),
    ("CONNECT from [2001:db8::1]:51234 to [2001:db8::25]:25", ["CONNECT", "2001:db8::1", "51234", "-"]),
    ("CONNECT from [2001:DB8:0:0:0:0:0:1]:1 to [::1]:25", ["CONNECT", "2001:DB8:0:0:0:0:0:1", "1", "-"]),
    ("PASS NEW [192.0.2.1]:51234", ["PASS NEW", "192.0.2.1", "51234", "-"]),
    ("PASS OLD [2001:db8:85a3::8a2e:370:7334]:40000", ["PASS OLD", "2001:db8:85a3::8a2e:370:7334", "40000", "-"]),
    ("DISCONNECT [192.0.2.1]:51234", ["DISCONNECT", "192.0.2.1", "51234", "-"]),
    ("ALLOWLISTED [192.0.2.1]:51234", ["ALLOWLISTED", "192.0.2.1", "51234", "-"]),
    ("WHITELISTED [::ffff:192.0.2.1]:51234", ["WHITELISTED", "::ffff:192.0.2.1", "51234", "-"]),
    ("DENYLISTED [192.0.2.1]:0", ["DENYLISTED", "192.0.2.1", "0", "-"]),
  ]

  /// Near misses: not the common shapes, so the rule list decides.
  static let otherShapes: [[UInt8]] = [
    "CONNECT from [192.0.2.1]:51234 to [198.51.100.2]:25 x",
    "CONNECT from [192.0.2.1]:51234",
    "CONNECT from [192.0.2.1]: to [198.51.100.2]:25",
    "CONNECT from [fe80::1%eth0]:51234 to [fe80::2]:25",
    "PASS NEW [192.0.2.1]:51234, PSC_CLIENT_ADDR_PORT x;",
    "PASS NEW [192.0.2.1]:",
    "PASS NEW []:25",
    "PASS NEWER [192.0.2.1]:25",
    "PASS NEW  [192.0.2.1]:25",
    "PASS NEW [192.0.2.1]:25 ",
    "LISTED [192.0.2.1]:25",
    "allowlisted [192.0.2.1]:25",
    "ALLOWLISTED [192.0.2.1]:25:26",
    "ALLOWLISTED [192.0.2.1]]:25",
    "DISCONNECT [192.0.2.1 ]:25",
    "HANGUP after 0.5 from [192.0.2.1]:25 in tests after SMTP handshake",
    "DNSBL rank 3 for [192.0.2.1]:25",
    "PREGREET 11 after 0.1 from [192.0.2.1]:25: EHLO x",
  ].map { Array($0.utf8) } + [
    // Invalid UTF-8 in the address, the action and before it.
    Array("PASS OLD [192.0.2.".utf8) + [0xC3, 0x28] + Array("]:25".utf8),
    [0xFF] + Array("ALLOWLISTED [192.0.2.1]:25".utf8),
    Array("ALLOW".utf8) + [0xE9] + Array("LISTED [192.0.2.1]:25".utf8),
  ]

  @Test("the common shapes: read straight from the line, as the rule list reads them")
  func commonShapesAgreeWithTheRuleList() {
    for (line, expected) in Self.commonShapes {
      let b = Array(line.utf8)
      #expect(Self.common(b) == expected, "\(line)")
      #expect(Self.ruleList(b) == expected, "\(line)")
    }
  }

  @Test("near misses are left to the rule list (which reads them as it always did)")
  func nearMissesGoToTheRuleList() {
    for b in Self.otherShapes {
      #expect(Self.common(b) == nil, "\(b.string)")
    }
    #expect(Self.ruleList(Self.otherShapes[3]) == ["CONNECT", "fe80::1%eth0", "51234", "-"])
    #expect(Self.ruleList(Self.otherShapes[4]) == ["PASS NEW", "192.0.2.1", "51234", "PSC_CLIENT_ADDR_PORT x;"])
    #expect(Self.ruleList(Self.otherShapes[15]) == ["HANGUP", "192.0.2.1", "25", "-"])
    #expect(Self.ruleList(Self.otherShapes[16]) == ["DNSBL rank 3", "192.0.2.1", "25", "-"])
    #expect(Self.ruleList(Self.otherShapes[18]) == ["PASS OLD", "192.0.2.\u{FFFD}(", "25", "-"])
    #expect(Self.ruleList(Self.otherShapes[19]) == ["ALLOWLISTED", "192.0.2.1", "25", "-"])
    // `\w+LISTED` needs a word byte right before "LISTED"; 0xE9 is none (ASCII \w).
    #expect(Self.ruleList(Self.otherShapes[20]) == nil)
  }

  @Test("an action's role: connect, end (a pass named), handed to smtpd, or only an action")
  func roles() {
    func role(_ line: String) -> PostscreenLine.Role? {
      let b = Array(line.utf8)
      return PostscreenLine.parse(b).map { m in b.withBytes { m.role($0) } }
    }
    #expect(role("CONNECT from [192.0.2.1]:5 to [192.0.2.2]:25") == .connect)
    #expect(role("DISCONNECT [192.0.2.1]:5") == .end(pass: nil))
    #expect(role("HANGUP after 1 from [192.0.2.1]:5 in tests after SMTP handshake") == .end(pass: nil))
    #expect(role("PASS NEW [192.0.2.1]:5") == .end(pass: "PASS NEW"))
    #expect(role("PASS OLD [192.0.2.1]:5") == .end(pass: "PASS OLD"))
    // A longer PASS action, or any extra word, is only an action.
    #expect(role("PASS NEW x [192.0.2.1]:5") == .other)
    #expect(role("PASS NEW [192.0.2.1]:5, PSC_CLIENT_ADDR_PORT x;") == .other)
    #expect(role("ALLOWLISTED [192.0.2.1]:5") == .handedOff)
    #expect(role("WHITELISTED [192.0.2.1]:5") == .handedOff)
    #expect(role("DENYLISTED [192.0.2.1]:5") == .other)
    #expect(role("ALLOWLIST VETO [192.0.2.1]:5") == .other)
  }

  static let anchor = LogTimeAnchor(date: Day(year: 2026, month: 11, day: 25), secondOfDay: 0)

  static func summary(_ messages: [[UInt8]]) -> Summary {
    var parser = ShardParser(options: ParseOptions(), anchor: anchor, hasPredecessor: false)
    for (i, message) in messages.enumerated() {
      let line = Array("Nov 24 08:00:\(10 + i) mx1 postfix/postscreen[77]: ".utf8) + message
      line.withUnsafeBufferPointer { parser.consume($0) }
    }
    // Closed as the pipeline closes it: passes are counted by client until then.
    var s = parser.summary
    s.finish()
    return s
  }

  @Test("what the summary keeps: connections per client, passes and other actions by client")
  func summaryOfALog() {
    let s = Self.summary(
      [
        "CONNECT from [2001:db8::1]:40000 to [2001:db8::25]:25",
        "PASS OLD [2001:db8::1]:40000",
        "CONNECT from [192.0.2.1]:5 to [192.0.2.2]:25",
        "PASS NEW [192.0.2.1]:5",
        "CONNECT from [192.0.2.1]:6 to [192.0.2.2]:25",
        "DISCONNECT [192.0.2.1]:6",
        "PASS OLD [192.0.2.9]:7",  // no connection known: neither a connection nor a pass
        "ALLOWLISTED [192.0.2.1]:5",
        "ALLOWLISTED [192.0.2.1]:8",
        "DNSBL rank 3 for [192.0.2.3]:9",
        "PASS NEW [192.0.2.4]:10, PSC_CLIENT_ADDR_PORT x;",
      ].map { Array($0.utf8) } + [
        Array("ALLOWLISTED [192.0.2.".utf8) + [0xC3, 0x28] + Array("]:25".utf8)
      ])
    #expect(s.lineStats.unprocessed == 0)
    #expect(s.postscreen.total.count == 3)
    #expect(s.postscreen.perIP.count == 2)
    let perIP = Dictionary(uniqueKeysWithValues: s.postscreen.perIP.entries())
    #expect(perIP["192.0.2.1"]?.count == 2)
    #expect(perIP["2001:db8::1"]?.count == 1)
    #expect(
      s.details[.postscreenActions].counts == [
        ["PASS OLD", "2001:db8::1"]: 1, ["PASS NEW", "192.0.2.1"]: 1, ["ALLOWLISTED", "192.0.2.1"]: 2,
        ["DNSBL rank 3", "192.0.2.3"]: 1, ["PASS NEW PSC_CLIENT_ADDR_PORT x;", "192.0.2.4"]: 1,
        ["ALLOWLISTED", "192.0.2.\u{FFFD}("]: 1,
      ])
  }

  @Test("an allowlisted client's connection ends when postscreen hands it to smtpd, split or not")
  func allowlistedEnds() {
    let lines = [
      "CONNECT from [192.0.2.1]:5 to [192.0.2.2]:25", "ALLOWLISTED [192.0.2.1]:5",
      "CONNECT from [192.0.2.7]:6 to [192.0.2.2]:25", "WHITELISTED [192.0.2.7]:6",
      "CONNECT from [192.0.2.8]:7 to [192.0.2.2]:25", "DENYLISTED [192.0.2.8]:7",
    ].map { Array($0.utf8) }
    func parse(_ part: ArraySlice<[UInt8]>, first: Int, hasPredecessor: Bool) -> Summary {
      var parser = ShardParser(options: ParseOptions(), anchor: Self.anchor, hasPredecessor: hasPredecessor)
      for (i, message) in part.enumerated() {
        let line = Array("Nov 24 08:00:\(10 + first + i) mx1 postfix/postscreen[77]: ".utf8) + message
        line.withUnsafeBufferPointer { parser.consume($0) }
      }
      return parser.summary
    }
    let whole = parse(lines[...], first: 0, hasPredecessor: false)
    // Handed off: two connections counted, one second each; the denylisted one stays open (a
    // DISCONNECT or HANGUP would end it).
    #expect(whole.postscreen.total.count == 2)
    #expect(whole.postscreen.total.total == 2)
    #expect(whole.postscreen.open.count == 1)
    // Every cut, the ALLOWLISTED line kept for the merge when its CONNECT is in the part before.
    for cut in 1..<lines.count {
      var merged = parse(lines[..<cut], first: 0, hasPredecessor: false)
      merged.merge(parse(lines[cut...], first: cut, hasPredecessor: true), options: ParseOptions())
      #expect(merged.postscreen.total == whole.postscreen.total, "cut at \(cut)")
      #expect(merged.postscreen.open.keys.sorted() == whole.postscreen.open.keys.sorted(), "cut at \(cut)")
    }
  }
}
