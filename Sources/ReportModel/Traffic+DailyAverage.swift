/// The per-hour figures the text report prints: daily averages when the report spans several
/// days, computed once here so that HTML, CSV and JSON show exactly the text report's numbers.
extension HourTraffic {
  /// Each counter divided by `dayCount` and rounded half up (pflogsumm's `int(x / days + 0.5)`);
  /// the counters themselves when `dayCount` is 0 or 1.
  public func dailyAverage(dayCount: Int) -> TrafficCounts {
    TrafficCounts(
      received: ReportMath.dailyAverage(counts.received, dayCount: dayCount),
      delivered: ReportMath.dailyAverage(counts.delivered, dayCount: dayCount),
      deferred: ReportMath.dailyAverage(counts.deferred, dayCount: dayCount),
      bounced: ReportMath.dailyAverage(counts.bounced, dayCount: dayCount),
      rejected: ReportMath.dailyAverage(counts.rejected, dayCount: dayCount))
  }
}

extension HourConnections {
  /// Connections per day in this hour, rounded half up (the connection count itself for one day).
  public func dailyAverageConnections(dayCount: Int) -> Int {
    ReportMath.dailyAverage(connections, dayCount: dayCount)
  }

  /// Whole seconds of connection time per day in this hour, rounded half up; this is the
  /// `h:mm:ss` the text report prints (it truncates `total / days + 0.5`).
  public func dailyAverageSeconds(dayCount: Int) -> Int64 {
    dayCount > 1 ? Int64(ReportMath.roundHalfUp(Double(totalSeconds) / Double(dayCount))) : totalSeconds
  }
}
