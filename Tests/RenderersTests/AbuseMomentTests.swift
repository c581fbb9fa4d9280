import ReportModel
import Testing

@testable import Renderers

/// The text report writes the abuse tables' first and last seen (and client) byte by byte
/// (`TextBuffer.moment`): the bytes must be `AbuseTitles.moment`'s, also for dates outside
/// the fast path.
@Suite("Abuse table columns written byte by byte")
struct AbuseMomentTests {
  @Test("the same text as AbuseTitles.moment", arguments: [false, true])
  func sameAsMoment(iso: Bool) {
    let days = [
      Day(year: 2026, month: 1, day: 1), Day(year: 2026, month: 10, day: 5), Day(year: 1999, month: 12, day: 31),
      Day(year: 2024, month: 2, day: 29), Day(year: 1000, month: 7, day: 9), Day(year: 9999, month: 11, day: 30),
      Day(year: 999, month: 3, day: 3), Day(year: 10_000, month: 4, day: 14), Day(year: -5, month: 6, day: 6),
    ]
    for day in days {
      for second in [0, 1, 59, 60, 3_599, 3_600, 36_000, 45_296, 86_399] {
        let t = WallClockTime(day: day, secondOfDay: second)
        var out = TextBuffer()
        out.moment(t, iso: iso, before: "  ")
        #expect(out.text == "  " + AbuseTitles.moment(t, iso: iso, padded: true))
      }
    }
  }

  /// The client column likewise (`TextBuffer.client`): `AbuseTitles.client`'s text, with and
  /// without a host name, then the line's end.
  @Test("the same client text as AbuseTitles.client")
  func sameAsClient() {
    let t = WallClockTime(day: Day(year: 2026, month: 11, day: 16), secondOfDay: 0)
    for (client, host) in [("192.0.2.7", "mx.example.com"), ("2001:db8::1", ""), ("198.51.100.9", "unknown")] {
      let row = AbuseClientRow(client: client, host: host, attempts: 1, distinct: 0, examples: [], first: t, last: t)
      var out = TextBuffer()
      out.client(row, before: "  ")
      #expect(out.text == "  " + AbuseTitles.client(row) + "\n")
    }
  }
}
