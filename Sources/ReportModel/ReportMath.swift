/// The arithmetic behind displayed figures, shared by every renderer so that text, HTML, CSV and
/// JSON agree to the digit.
public enum ReportMath {
  /// `Int(x + 0.5)` for non-negative x: pflogsumm's rounding of averages.
  public static func roundHalfUp(_ x: Double) -> Int {
    x.isFinite ? Int((x + 0.5).rounded(.towardZero)) : 0
  }

  /// What the per-hour tables show for an hour's total over `dayCount` days.
  public static func dailyAverage(_ total: Int, dayCount: Int) -> Int {
    dayCount > 0 ? roundHalfUp(Double(total) / Double(dayCount)) : total
  }

  /// Per-hour smtpd figures over several days: `x / days + 0.5`, kept fractional because
  /// pflogsumm splits the seconds into h:m:s before truncating.
  public static func dailyAverageFraction(_ total: Double, dayCount: Int) -> Double {
    dayCount > 1 ? total / Double(dayCount) + 0.5 : total
  }

  /// `int(100 * part / whole)`, 0 when whole is 0.
  public static func percent(_ part: Int, of whole: Int) -> Int {
    whole > 0 ? Int((Double(part) / Double(whole) * 100).rounded(.towardZero)) : 0
  }
}
