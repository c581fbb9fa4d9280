/// A moment as the log states it: a wall-clock date and second of the day, without a time zone
/// (traditional syslog has none; see `Day`).
public struct WallClockTime: Sendable, Equatable, Comparable, Codable {
  public var day: Day
  /// 0 ..< 86 400
  public var secondOfDay: Int

  public init(day: Day, secondOfDay: Int) {
    self.day = day
    self.secondOfDay = secondOfDay
  }

  public static func < (a: WallClockTime, b: WallClockTime) -> Bool {
    (a.day, a.secondOfDay) < (b.day, b.secondOfDay)
  }

  /// `HH:MM:SS`
  public var timeOfDay: String {
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
    return "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
  }

  /// `YYYY-MM-DDTHH:MM:SS` (as `generated_at`: local time, no zone).
  public var iso: String { "\(day.iso)T\(timeOfDay)" }

  /// Parses `YYYY-MM-DDTHH:MM:SS`; nil when malformed.
  public init?(iso text: String) {
    let parts = text.split(separator: "T", omittingEmptySubsequences: false)
    guard parts.count == 2, let day = Day(iso: String(parts[0])) else { return nil }
    let hms = parts[1].split(separator: ":", omittingEmptySubsequences: false)
    guard hms.count == 3, hms.allSatisfy({ $0.count == 2 }), let h = Int(hms[0]), let m = Int(hms[1]), let s = Int(hms[2]),
      h < 24, m < 60, s < 60
    else { return nil }
    self.init(day: day, secondOfDay: h * 3600 + m * 60 + s)
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let t = WallClockTime(iso: text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DDTHH:MM:SS time: \(text)"))
    }
    self = t
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(iso)
  }
}
