import Testing
import TestSupport

@testable import LogInput

@Suite("Rotation order")
struct RotationOrderTests {
  /// Every shuffle of `expected` must sort back to it.
  private func expectSortsBack(_ expected: [String], seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) {
    var random = SeededRandomNumberGenerator(seed: seed)
    for _ in 0..<50 {
      let shuffled = expected.shuffled(using: &random)
      #expect(RotationOrder.sorted(shuffled) == expected, "from \(shuffled)", sourceLocation: sourceLocation)
    }
  }

  @Test("a Debian numbered set is read oldest first")
  func numberedSet() {
    expectSortsBack(
      ["/var/log/mail.log.12.gz", "/var/log/mail.log.3.gz", "/var/log/mail.log.2.gz", "/var/log/mail.log.1",
       "/var/log/mail.log.0", "/var/log/mail.log"], seed: 1)
  }

  @Test("a logrotate dateext set is read by date, then the live log")
  func datedSet() {
    expectSortsBack(
      ["mail.log-20251231.gz", "mail.log-20261122", "mail.log-2026112300", "mail.log-2026112313.xz",
       "mail.log-20261124.zst", "mail.log"], seed: 2)
  }

  @Test("a mixed set puts dated members first, then numbered, then the base")
  func mixedSet() {
    expectSortsBack(["m-20260101", "m-20260102.bz2", "m.2.gz", "m.1", "m"], seed: 3)
  }

  @Test("a set is emitted where its first member appears; other arguments keep their places")
  func placement() {
    let arguments = ["other.txt", "b.log.1", "a.log", "-", "a.log.1", "b.log", "a.log.2.gz", "c.log"]
    #expect(RotationOrder.sorted(arguments) == ["other.txt", "b.log.1", "b.log", "a.log.2.gz", "a.log.1", "a.log", "-", "c.log"])
  }

  @Test("bases without rotated members, and look-alikes, are ordinary arguments")
  func ordinaryArguments() {
    let arguments = ["z.log", "mail.log.gz", "y.log", "report-2026", "x-20261340", "-", ".1", "dir/.2", "n.1234567890"]
    #expect(RotationOrder.sorted(arguments) == arguments)
    #expect(RotationOrder.sorted([]) == [])
    #expect(RotationOrder.sorted(["mail.log.1"]) == ["mail.log.1"])
  }

  @Test("ties and duplicates keep their order and nothing is lost")
  func tiesAndDuplicates() {
    #expect(RotationOrder.sorted(["m", "m.1.gz", "m.1", "m"]) == ["m.1.gz", "m.1", "m", "m"])
    #expect(RotationOrder.sorted(["m.1", "m.1.gz", "m"]) == ["m.1", "m.1.gz", "m"])
  }

  @Test("the parser recognizes rotation suffixes only where they belong")
  func parsing() {
    #expect(RotatedName(parsing: "mail.log.2.gz") == RotatedName(parsing: "mail.log.2"))
    #expect(RotatedName(parsing: "mail.log.2.gz").base == "mail.log")
    #expect(RotatedName(parsing: "mail.log.2.gz").age == .numbered(2))
    #expect(RotatedName(parsing: "mail.log-2026112305").age == .dated(day: 20_261_123, hour: 5))
    #expect(RotatedName(parsing: "mail.log-2026112325").age == .live)  // no hour 25
    #expect(RotatedName(parsing: "mail.log-202611").age == .live)
    #expect(RotatedName(parsing: "mail.log.gz").base == "mail.log.gz")
  }
}
