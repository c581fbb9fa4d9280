/// A path split into its rotation set's base and its age within the set.
struct RotatedName: Equatable {
  enum Age: Equatable {
    /// Logrotate dateext: year-month-day, and the hour when the suffix has one (-1 when it has not).
    case dated(day: Int, hour: Int)
    /// A numbered rotation: higher is older.
    case numbered(Int)
    /// The base itself: the live log, newest of all.
    case live

    /// Dated members first (by date), then numbered (highest first), then the live log.
    func isOlder(than other: Age) -> Bool {
      switch (self, other) {
      case (.dated(let day, let hour), .dated(let otherDay, let otherHour)):
        (day, max(hour, 0), hour) < (otherDay, max(otherHour, 0), otherHour)
      case (.dated, _): true
      case (.numbered, .dated): false
      case (.numbered(let number), .numbered(let otherNumber)): number > otherNumber
      case (.numbered, .live): true
      case (.live, _): false
      }
    }
  }

  var base: String
  var age: Age

  static let compressionSuffixes = [".gz", ".bz2", ".xz", ".zst"]

  init(parsing path: String) {
    var stem = Substring(path)
    for suffix in Self.compressionSuffixes where stem.hasSuffix(suffix) {
      stem = stem.dropLast(suffix.count)
      break
    }
    if let parsed = Self.parseRotationSuffix(stem) {
      self = parsed
    } else {
      base = path
      age = .live
    }
  }

  /// Recognizes `base.N` and `base-YYYYMMDD[HH]` at the end of `stem`.
  private static func parseRotationSuffix(_ stem: Substring) -> RotatedName? {
    let digits = stem.reversed().prefix { $0.isASCII && $0.isNumber }.count
    guard digits > 0, digits < stem.count else { return nil }
    let separatorIndex = stem.index(stem.endIndex, offsetBy: -digits - 1)
    let separator = stem[separatorIndex]
    let number = stem[stem.index(after: separatorIndex)...]
    let base = String(stem[..<separatorIndex])
    guard !base.isEmpty, !base.hasSuffix("/") else { return nil }
    switch separator {
    case ".":
      // Nine digits is far more rotations than anyone keeps, and keeps the value well inside Int.
      guard digits <= 9, let value = Int(number) else { return nil }
      return RotatedName(base: base, age: .numbered(value))
    case "-":
      guard digits == 8 || digits == 10, let day = Int(number.prefix(8)) else { return nil }
      let month = day / 100 % 100
      let dayOfMonth = day % 100
      guard (1...12).contains(month), (1...31).contains(dayOfMonth) else { return nil }
      let hour = digits == 10 ? Int(number.suffix(2)) ?? -1 : -1
      guard hour < 24 else { return nil }
      return RotatedName(base: base, age: .dated(day: day, hour: hour))
    default:
      return nil
    }
  }

  private init(base: String, age: Age) {
    self.base = base
    self.age = age
  }
}
