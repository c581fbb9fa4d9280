import ReportModel
import Testing

@testable import PostfixCore

/// The syslog header (`LineHeader`), the program tag (`PostfixTag`) and the years of year-less
/// stamps (`YearResolver`). Where postsumm means to differ from pflogsumm (offsets without a
/// colon, tags below `postfix/…`, multi-instance names, years) the test says so.
@Suite("Line header")
struct LineHeaderTests {
  struct Parsed: Equatable {
    var year: Int?
    var month, day, hour, minute, second: Int
    var rest: String
  }

  func header(_ line: String) -> Parsed? {
    Array(line.utf8).withBytes { b in
      LineHeader.parse(b).map { h in
        let t = h.timestamp
        return Parsed(
          year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second,
          rest: b.string(from: h.restStart))
      }
    }
  }

  let rest = "postfix/smtpd[2001]: 4A1B2C3D4E: client=mail.example.com[192.0.2.5]"

  @Test func traditionalStampWithPaddedOrZeroDay() {
    let expected = Parsed(year: nil, month: 11, day: 5, hour: 13, minute: 0, second: 3, rest: rest)
    #expect(header("Nov  5 13:00:03 mx1 " + rest) == expected)
    #expect(header("Nov 05 13:00:03 mx1 " + rest) == expected)
    // pflogsumm's ` {1,2}(\d{1,2})` also takes a single space before a single digit.
    #expect(header("Nov 5 13:00:03 mx1 " + rest) == expected)
    #expect(header("Dec 31 23:59:59 mx1 " + rest) == Parsed(year: nil, month: 12, day: 31, hour: 23, minute: 59, second: 59, rest: rest))
  }

  @Test func traditionalStampsThatAreNotRead() {
    #expect(header("Nov   5 13:00:03 mx1 " + rest) == nil)  // three spaces
    #expect(header("nov  5 13:00:03 mx1 " + rest) == nil)  // month names are English, capitalised
    #expect(header("Noe  5 13:00:03 mx1 " + rest) == nil)
    #expect(header("Nov  5 13:00 mx1 " + rest) == nil)
  }

  @Test func rfc3339StampsKeepTheirWallClockTime() {
    let expected = Parsed(year: 2026, month: 11, day: 24, hour: 8, minute: 0, second: 1, rest: rest)
    #expect(header("2026-11-24T08:00:01 mx1 " + rest) == expected)
    #expect(header("2026-11-24T08:00:01Z mx1 " + rest) == expected)
    #expect(header("2026-11-24T08:00:01.123456+01:00 mx1 " + rest) == expected)
    #expect(header("2026-11-24T08:00:01-05:30 mx1 " + rest) == expected)
  }

  @Test func rfc3339OffsetWithoutColonIsRead() {
    // Deliberate: pflogsumm ignores `+0100` lines (journalctl -o short-iso writes them).
    let expected = Parsed(year: 2026, month: 11, day: 24, hour: 10, minute: 0, second: 3, rest: rest)
    #expect(header("2026-11-24T10:00:03+0100 mx1 " + rest) == expected)
    #expect(header("2026-11-24T10:00:03.5-0500 mx1 " + rest) == expected)
  }

  @Test func rfc3339StampsThatAreNotRead() {
    #expect(header("2026-11-24 11:00:03 mx1 " + rest) == nil)  // space instead of T
    #expect(header("2026-11-24T11:00:03. mx1 " + rest) == nil)  // dot without fraction
    #expect(header("2026-11-24T11:00:03+01 mx1 " + rest) == nil)
  }

  @Test func syslogPriorityAndVersion() {
    let iso = Parsed(year: 2026, month: 11, day: 24, hour: 8, minute: 0, second: 3, rest: rest)
    #expect(header("<22>1 2026-11-24T08:00:03Z mx1 " + rest) == iso)
    #expect(header("<22>2026-11-24T08:00:03Z mx1 " + rest) == iso)
    #expect(header("<22> 2026-11-24T08:00:03Z mx1 " + rest) == iso)
    let traditional = Parsed(year: nil, month: 11, day: 5, hour: 13, minute: 0, second: 3, rest: rest)
    #expect(header("<13>Nov  5 13:00:03 mx1 " + rest) == traditional)
    #expect(header("<1234>Nov  5 13:00:03 mx1 " + rest) == nil)
  }

  @Test func hostAndMessage() {
    // One space, the host, one space; the message may start with more white space.
    #expect(header("Nov  5 13:00:03 mx1  " + rest)?.rest == " " + rest)
    #expect(header("Nov  5 13:00:03  mx1 " + rest) == nil)
    #expect(header("Nov  5 13:00:03 mx1\t" + rest) == nil)
    #expect(header("Nov  5 13:00:03 mx1 ") == nil)
    #expect(header("Nov  5 13:00:03 mx1") == nil)
  }

  @Test func impossibleTimesAreNotRead() {
    // Deliberate: pflogsumm takes `Nov 99 24:60:61` and files it under hour 24.
    #expect(header("Nov 99 13:00:03 mx1 " + rest) == nil)
    #expect(header("Nov  0 13:00:03 mx1 " + rest) == nil)
    #expect(header("Nov  5 24:00:03 mx1 " + rest) == nil)
    #expect(header("2026-02-30T08:00:01 mx1 " + rest) == nil)
    #expect(header("2026-13-01T08:00:01 mx1 " + rest) == nil)
  }
}

@Suite("Postfix tag")
struct PostfixTagTests {
  struct Parsed: Equatable {
    var service: String
    var pid: Int?
    var token: String
    var payload: String
  }

  enum Outcome: Equatable {
    case postfix(Parsed)
    case malformed
    case other
  }

  func tag(_ text: String, names: [String] = []) -> Outcome {
    Array(("Nov  5 13:00:03 mx1 " + text).utf8).withBytes { b in
      guard let h = LineHeader.parse(b) else { return .other }
      switch PostfixTag.parse(b, from: h.restStart, syslogNames: names.map { Array($0.utf8) }) {
      case .postfix(let t):
        return .postfix(
          Parsed(service: t.serviceName(b), pid: t.pid, token: b.string(t.queueIDRange), payload: b.string(from: t.payloadStart)))
      case .malformedPostfix:
        return .malformed
      case .otherProgram:
        return .other
      }
    }
  }

  @Test func daemonWithQueueID() {
    #expect(tag("postfix/smtpd[123]: 4A1B2C3D4E: client=x[1.2.3.4]") == .postfix(Parsed(service: "smtpd", pid: 123, token: "4A1B2C3D4E", payload: "client=x[1.2.3.4]")))
    #expect(tag("postfix/smtpd[1]: NOQUEUE: reject: RCPT from x") == .postfix(Parsed(service: "smtpd", pid: 1, token: "NOQUEUE", payload: "reject: RCPT from x")))
    // Long queue ids: no vowels.
    #expect(tag("postfix/qmgr[9]: 4Xyz9B2kLmNpQr: removed") == .postfix(Parsed(service: "qmgr", pid: 9, token: "4Xyz9B2kLmNpQr", payload: "removed")))
  }

  @Test func messageWithoutQueueID() {
    #expect(tag("postfix/smtpd[1]: connect from x[1.2.3.4]") == .postfix(Parsed(service: "smtpd", pid: 1, token: "connect", payload: "connect from x[1.2.3.4]")))
    #expect(tag("postfix/smtpd[1]: warning: hostname x does not resolve") == .postfix(Parsed(service: "smtpd", pid: 1, token: "warning", payload: "warning: hostname x does not resolve")))
  }

  @Test func theDaemonIsTheLastPathComponent() {
    let expected = Outcome.postfix(Parsed(service: "smtpd", pid: 7, token: "ABC123", payload: "client=x[1.2.3.4]"))
    #expect(tag("postfix/submission/smtpd[7]: ABC123: client=x[1.2.3.4]") == expected)
    // Deliberate: pflogsumm makes this service "10025/smtpd" and loses its receipts.
    #expect(tag("postfix/10025/smtpd[7]: ABC123: client=x[1.2.3.4]") == expected)
  }

  @Test func multiInstanceNamesNeedNoOption() {
    // Deliberate: pflogsumm reads postfix-out/… only with --syslog-name=postfix-out.
    #expect(tag("postfix-out/smtp[7]: ABC123: to=<a@b>") == .postfix(Parsed(service: "smtp", pid: 7, token: "ABC123", payload: "to=<a@b>")))
    #expect(tag("postfix-/smtp[7]: ABC123: to=<a@b>") == .other)
    #expect(tag("postfixfoo/smtp[7]: ABC123: to=<a@b>") == .other)
  }

  @Test func customSyslogNames() {
    let line = "mta2/smtpd[5]: ABC123: client=x[1.2.3.4]"
    #expect(tag(line) == .other)
    #expect(tag(line, names: ["mta2"]) == .postfix(Parsed(service: "smtpd", pid: 5, token: "ABC123", payload: "client=x[1.2.3.4]")))
    #expect(tag("mta2/in/smtpd[5]: ABC123: client=x", names: ["mta2"]) == .postfix(Parsed(service: "smtpd", pid: 5, token: "ABC123", payload: "client=x")))
    #expect(tag("mta22/smtpd[5]: ABC123: client=x", names: ["mta2"]) == .other)
  }

  @Test func postfixScript() {
    #expect(tag("postfix-script[99]: starting the Postfix mail system") == .postfix(Parsed(service: "postfix-script", pid: 99, token: "starting", payload: "starting the Postfix mail system")))
    #expect(tag("postfix-script: fatal: the Postfix mail system is not running") == .postfix(Parsed(service: "postfix-script", pid: nil, token: "fatal", payload: "fatal: the Postfix mail system is not running")))
    #expect(tag("postfix/postfix-script[99]: refreshing the Postfix mail system") == .postfix(Parsed(service: "postfix-script", pid: 99, token: "refreshing", payload: "refreshing the Postfix mail system")))
    #expect(tag("postfix[12]: Postfix is running with backwards-compatible default settings") == .postfix(Parsed(service: "postfix", pid: 12, token: "Postfix", payload: "Postfix is running with backwards-compatible default settings")))
  }

  @Test func syslogDecorations() {
    let expected = Outcome.postfix(Parsed(service: "smtpd", pid: 1, token: "ABC123", payload: "client=x"))
    #expect(tag("postfix/smtpd[1]: - ABC123: client=x") == expected)
    #expect(tag("postfix/smtpd[1]: [ID 123456 mail.info] ABC123: client=x") == expected)
    #expect(tag("postfix/smtpd[1] ABC123: client=x") == expected)
  }

  @Test func malformedAndForeignTags() {
    #expect(tag("postfix/smtpd: ABC123: client=x") == .malformed)  // no pid
    #expect(tag("postfix/smtpd[12]:ABC123: client=x") == .malformed)
    #expect(tag("postfix/smtpd[1x]: ABC123: client=x") == .malformed)
    #expect(tag("postfix/[1]: ABC123: client=x") == .malformed)
    #expect(tag("sendmail[1]: ABC123: from=<a@b>") == .other)
    #expect(tag("dovecot: imap(bob): Logged out") == .other)
  }
}

@Suite("Years of year-less stamps")
struct YearResolverTests {
  func stamp(_ month: Int, _ day: Int, _ hour: Int = 12, _ minute: Int = 0) -> LogTimestamp {
    LogTimestamp(year: nil, month: month, day: day, hour: hour, minute: minute, second: 0)
  }

  func resolver(_ year: Int, _ month: Int, _ day: Int, adjustment: Int = 0) -> YearResolver {
    YearResolver(anchor: LogTime(date: Day(year: year, month: month, day: day), secondOfDay: 12 * 3600), startYearAdjustment: adjustment)
  }

  func days(_ r: inout YearResolver, _ stamps: [LogTimestamp]) -> [Day?] {
    stamps.map { r.resolve($0)?.date }
  }

  @Test func firstLineGetsTheLatestYearNotAfterTheAnchor() {
    var r = resolver(2026, 11, 26)
    #expect(r.resolve(stamp(11, 24))?.date == Day(year: 2026, month: 11, day: 24))
    var late = resolver(2026, 11, 26)
    #expect(late.resolve(stamp(12, 31))?.date == Day(year: 2025, month: 12, day: 31))
    // Whole days are compared: later on the anchor's own day is still this year (clock skew
    // and time zones around midnight must not move a line a year), the next day is last year's.
    var sameDay = resolver(2026, 11, 26)
    #expect(sameDay.resolve(stamp(11, 26, 13))?.date == Day(year: 2026, month: 11, day: 26))
    var nextDay = resolver(2026, 11, 26)
    #expect(nextDay.resolve(stamp(11, 27, 1))?.date == Day(year: 2025, month: 11, day: 27))
  }

  @Test func decemberToJanuaryMovesForwardOneYear() {
    var r = resolver(2027, 1, 2)
    #expect(days(&r, [stamp(12, 30), stamp(12, 31, 23, 59), stamp(1, 1, 0, 1), stamp(1, 2, 8)]) == [
      Day(year: 2026, month: 12, day: 30), Day(year: 2026, month: 12, day: 31),
      Day(year: 2027, month: 1, day: 1), Day(year: 2027, month: 1, day: 2),
    ])
    #expect(r.fitsAnchor)
  }

  @Test func linesSlightlyOutOfOrderKeepTheirYear() {
    var r = resolver(2027, 1, 10)
    #expect(days(&r, [stamp(1, 1, 0, 5), stamp(12, 31, 23, 58), stamp(1, 1, 0, 6)]) == [
      Day(year: 2027, month: 1, day: 1), Day(year: 2026, month: 12, day: 31), Day(year: 2027, month: 1, day: 1),
    ])
  }

  @Test func aStrayFutureLineIsTakenFromTheYearBefore() {
    // A November file with one line from last December: a log cannot contain the future.
    var r = resolver(2026, 11, 26)
    #expect(days(&r, [stamp(11, 20), stamp(12, 15), stamp(11, 21)]) == [
      Day(year: 2026, month: 11, day: 20), Day(year: 2025, month: 12, day: 15), Day(year: 2026, month: 11, day: 21),
    ])
    #expect(r.fitsAnchor)
  }

  @Test func aFileSpanningMoreThanAYearIsReadAgainOneYearEarlier() {
    let stamps = [stamp(12, 1), stamp(6, 1), stamp(11, 20), stamp(12, 5), stamp(1, 10)]
    var first = resolver(2026, 11, 26)
    _ = days(&first, stamps)
    #expect(!first.fitsAnchor)
    var again = resolver(2026, 11, 26, adjustment: 1)
    #expect(days(&again, stamps) == [
      Day(year: 2024, month: 12, day: 1), Day(year: 2025, month: 6, day: 1), Day(year: 2025, month: 11, day: 20),
      Day(year: 2025, month: 12, day: 5), Day(year: 2026, month: 1, day: 10),
    ])
    #expect(again.fitsAnchor)
  }

  @Test func rfc3339StampsKeepTheirYearAndReseed() {
    var r = resolver(2026, 11, 26)
    let iso = LogTimestamp(year: 2020, month: 12, day: 31, hour: 23, minute: 0, second: 0)
    #expect(r.resolve(iso)?.date == Day(year: 2020, month: 12, day: 31))
    #expect(r.resolve(stamp(1, 1, 0, 30))?.date == Day(year: 2021, month: 1, day: 1))
  }

  @Test func impossibleAndLeapDays() {
    var r = resolver(2026, 11, 26)
    #expect(r.resolve(stamp(11, 31)) == nil)
    var leap = resolver(2026, 3, 1)
    #expect(leap.resolve(stamp(2, 29))?.date == Day(year: 2024, month: 2, day: 29))
  }
}

/// A line whose 15 stamp bytes repeat the previous line's reuses that line's resolved time
/// (`ShardParser`'s stamp cache): it must be exactly the time `YearResolver` would give.
@Suite("Repeated stamps")
struct RepeatedStampTests {
  static let anchor = LogTimeAnchor(date: Day(year: 2026, month: 11, day: 24), secondOfDay: 0)

  func parse(_ lines: [String]) -> ShardParser {
    var parser = ShardParser(options: ParseOptions(), anchor: Self.anchor, hasPredecessor: false)
    for line in lines { Array(line.utf8).withUnsafeBufferPointer { parser.consume($0) } }
    return parser
  }

  let removed = " mx1 postfix/qmgr[7]: 4A1B2C3D4E: removed"

  @Test("a stamp repeated after an RFC 3339 line of another year takes the year next to that line")
  func repeatAfterAnotherYear() {
    let p = parse(["Nov 20 10:00:00" + removed, "2025-06-01T10:00:00" + removed, "Nov 20 10:00:00" + removed])
    #expect(p.summary.traffic.days == [Day(year: 2026, month: 11, day: 20), Day(year: 2025, month: 6, day: 1), Day(year: 2025, month: 11, day: 20)])
  }

  @Test("a stamp read on a line without a message is resolved afresh when it repeats")
  func repeatAfterUndatedLine() {
    let p = parse(["Nov 20 10:00:00" + removed, "Nov 21 10:00:00 mx1", "Nov 21 10:00:00" + removed])
    #expect(p.summary.lineStats.undated == 1)
    #expect(p.summary.traffic.days == [Day(year: 2026, month: 11, day: 20), Day(year: 2026, month: 11, day: 21)])
  }

  @Test("each repeat beyond the anchor counts toward a re-read one year earlier")
  func repeatsBeyondTheAnchorCount() {
    // One line beyond the anchor is a stray; two (here the same stamp twice) and the file
    // evidently began a year earlier.
    #expect(parse(["Nov 23 10:00:00" + removed, "Dec 30 10:00:00" + removed]).yearsFitAnchor)
    #expect(!parse(["Nov 23 10:00:00" + removed, "Dec 30 10:00:00" + removed, "Dec 30 10:00:00" + removed]).yearsFitAnchor)
  }
}
