import ReportModel
import Testing

@testable import PostfixCore

/// Crafted long lines (up to the 1 MiB the reader accepts) that made pflogsumm's regexes, as
/// reimplemented, backtrack without end: a long run of digits in a sender with `--verp-mung`
/// (cubic: 4 KB took 11 s), and quadratic scans — `/1/1/1…` in a client, `: : : …`, `to=<to=<…`,
/// `client client …` in reject texts, `PASS PASS …` and `CONNECT from [CONNECT from […` in
/// postscreen lines, a run of spaces after `SSL`, `SRS0=` repeated, `-a=-a=…`. Each one is read
/// at 256 KiB here, where any quadratic scan costs minutes and the linear ones take a fraction
/// of a second even in a debug build.
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
    let size = 256 * 1024
    let filler = String(repeating: unit, count: size / unit.utf8.count)
    let line = Array((Self.header + template.replacingOccurrences(of: "{}", with: filler)).utf8)
    for options in [Self.options(), { var o = ParseOptions(); o.verbose = true; return o }()] {
      var parser = ShardParser(
        options: options, anchor: LogTimeAnchor(date: Day(year: 2026, month: 11, day: 25), secondOfDay: 0),
        hasPredecessor: false)
      let clock = ContinuousClock()
      let elapsed = clock.measure { line.withUnsafeBufferPointer { parser.consume($0) } }
      #expect(elapsed < .seconds(3), "\(name): \(elapsed)")
      #expect(parser.summary.lineStats.total == 1)
    }
  }
}
