#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReportModel

/// Local wall-clock time, the only clock logs know: syslog writes local time, so "today",
/// file modification times and `--reference-date` are all read in the local time zone.
struct LocalTime: Sendable, Equatable {
  var day: Day
  var secondOfDay: Int

  static func now() -> LocalTime { from(epochSeconds: Int64(time(nil))) }

  static func from(epochSeconds: Int64) -> LocalTime {
    var t = time_t(epochSeconds)
    var parts = tm()
    localtime_r(&t, &parts)
    return LocalTime(
      day: Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday)),
      secondOfDay: Int(parts.tm_hour) * 3600 + Int(parts.tm_min) * 60 + Int(parts.tm_sec))
  }

  /// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD HH:MM[:SS]`; a bare date means the end
  /// of that day.
  static func parse(_ text: String) -> LocalTime? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let datePart = String(trimmed.prefix(10))
    guard let day = Day(iso: datePart) else { return nil }
    var rest = trimmed.dropFirst(10)
    if rest.isEmpty { return LocalTime(day: day, secondOfDay: 86_399) }
    guard rest.first == "T" || rest.first == " " else { return nil }
    rest = rest.dropFirst()
    let parts = rest.split(separator: ":").map { Int($0) }
    guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
    let h = parts[0]!, m = parts[1]!, s = parts.count == 3 ? parts[2]! : 0  // Safe: all non-nil.
    guard (0..<24).contains(h), (0..<60).contains(m), (0..<61).contains(s) else { return nil }
    return LocalTime(day: day, secondOfDay: h * 3600 + m * 60 + s)
  }

  var iso: String {
    let h = secondOfDay / 3600, m = secondOfDay / 60 % 60, s = secondOfDay % 60
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(day.iso)T\(two(h)):\(two(m)):\(two(s))"
  }

  var seconds: Int64 { Int64(day.ordinal) * 86_400 + Int64(secondOfDay) }
}

extension String {
  func trimmingCharacters(in set: CharacterClass) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}

/// The tiny subset of character sets the CLI needs (keeps Foundation out of this file).
enum CharacterClass {
  case whitespaces
  func contains(_ c: Character) -> Bool { c == " " || c == "\t" }
}
