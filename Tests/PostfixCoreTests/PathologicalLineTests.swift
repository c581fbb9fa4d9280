import ReportModel
import Testing

@testable import PostfixCore

/// Crafted long lines (up to the 1 MiB the reader accepts) that made pflogsumm's regexes, as
/// reimplemented, backtrack without end: a long run of digits in a sender with `--verp-mung`
/// (cubic: 4 KB took 11 s), and quadratic scans — `/1/1/1…` in a client, `: : : …`, `to=<to=<…`,
/// `client client …` in reject texts, `PASS PASS …` and `CONNECT from [CONNECT from […` in
/// postscreen lines, a run of spaces after `SSL`, `SRS0=` repeated, `-a=-a=…`. Each one is read
/// at 16 KiB and at 256 KiB here: a quadratic scan costs 256 times as much for the longer line
/// (minutes), a linear one 16 times (a fraction of a second even in a debug build).
@Suite("Pathological lines")
struct PathologicalLineTests {
  static let header = "Nov 24 08:00:01 mx1 "
  static let cases: [(String, String, String)] = [
    // (name, line template with {} for the filler, filler unit)
    ("SSL then spaces", "postfix/smtpd[1]: SSL_accept error from{}", " "),
    ("postscreen PASS", "postfix/postscreen[1]: {}", "PASS "),
    ("postscreen CONNECT", "postfix/postscreen[1]: {}", "CONNECT from ["),
    ("postscreen ]:1", "postfix/postscreen[1]: PASS NEW {}", "]:1"),
    ("client /1", "postfix/smtpd[1]: 4A1B2C3D4E: client={}", "/1"),
    ("client [", "postfix/smtpd[1]: 4A1B2C3D4E: client=x{}", "["),
    ("client [:", "postfix/smtpd[1]: 4A1B2C3D4E: client=x{}]", "[:"),
    ("disconnect /1", "postfix/smtpd[1]: disconnect from {}", "/1"),
    ("reject : ", "postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 {}", ": "),
    ("reject >: ", "postfix/smtpd[1]: NOQUEUE: reject: RCPT from {}", ">: "),
    ("reject to=<", "postfix/smtpd[1]: NOQUEUE: reject: HELO from x[1.2.3.4]: 554 5.7.1 {}", "to=<"),
    ("reject from=<", "postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 {}", "from=<"),
    ("reject said", "postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 {}", " said: "),
    ("reject client", "postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 {}", "client "),
    ("reject <", "postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 {}", "554 <"),
    ("sender digits (VERP)", "postfix/qmgr[1]: 4A1B2C3D4E: from=<{}>, size=10, nrcpt=1", "1"),
    ("sender bounce1 (VERP)", "postfix/qmgr[1]: 4A1B2C3D4E: from=<{}>, size=10, nrcpt=1", "bounce1"),
    ("sender -a= (VERP)", "postfix/qmgr[1]: 4A1B2C3D4E: from=<{}>, size=10, nrcpt=1", "-a="),
    ("sender SRS0=", "postfix/qmgr[1]: 4A1B2C3D4E: from=<{}>, size=10, nrcpt=1", "SRS0="),
    ("sender a!b@c (UUCP)", "postfix/qmgr[1]: 4A1B2C3D4E: from=<{}.x>, size=10, nrcpt=1", "a!b@c"),
    ("deferral said", "postfix/smtp[1]: 4A1B2C3D4E: to=<a@b.c>, relay=x[1.2.3.4]:25, delay=1, dsn=4.0.0, status=deferred ({})", " said: "),
    ("warning", "postfix/smtpd[1]: warning: {}", "process  pid 1"),
  ]

  static func options() -> ParseOptions {
    var o = ParseOptions()
    o.verpMung = 2
    o.srsMung = true
    o.uucpMung = true
    o.smtpdStats = true
    o.rejectAddFrom = true
    o.rejectAddTo = true
    o.extendedDetail = true
    return o
  }

  @Test("a 256 KiB crafted line is read in linear time", .timeLimit(.minutes(2)), arguments: 0..<cases.count)
  func linear(_ index: Int) {
    let (name, template, unit) = Self.cases[index]
    for options in [Self.options(), { var o = ParseOptions(); o.verbose = true; return o }()] {
      // Growth, not a time budget (the machine may be busy): 16 times the bytes must cost far
      // less than 256 times the time. Linear reading costs ~16×, a quadratic scan ~256×; a read
      // of 256 KiB under 50 ms is linear whatever the small one took.
      // A busy machine can stall one measurement; a quadratic scan fails every round (256×
      // is far beyond 64×), so up to three rounds are measured and one within bounds passes.
      var rounds: [String] = []
      var linear = false
      for _ in 0..<3 where !linear {
        let small = Self.fastestRead(name, template, unit, bytes: 16 * 1024, options)
        let large = Self.fastestRead(name, template, unit, bytes: 256 * 1024, options)
        let ratio = large / max(small, .microseconds(50))
        linear = large < .milliseconds(50) || ratio < 64
        rounds.append("16 KiB \(small), 256 KiB \(large)")
      }
      #expect(linear, "\(name): \(rounds.joined(separator: "; "))")
    }
  }

  /// The fastest of three reads of the crafted line made `bytes` long.
  static func fastestRead(_ name: String, _ template: String, _ unit: String, bytes: Int, _ options: ParseOptions) -> Duration {
    let filler = String(repeating: unit, count: bytes / unit.utf8.count)
    let line = Array((header + template.replacingOccurrences(of: "{}", with: filler)).utf8)
    var fastest = Duration.seconds(3600)
    for _ in 0..<3 {
      var parser = ShardParser(
        options: options, anchor: LogTimeAnchor(date: Day(year: 2026, month: 11, day: 25), secondOfDay: 0),
        hasPredecessor: false)
      let elapsed = ContinuousClock().measure { line.withUnsafeBufferPointer { parser.consume($0) } }
      #expect(parser.summary.lineStats.total == 1, "\(name)")
      fastest = min(fastest, elapsed)
    }
    return fastest
  }
}
