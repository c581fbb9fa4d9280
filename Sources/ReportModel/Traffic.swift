/// The five traffic counters of the per-day and per-hour tables.
public struct TrafficCounts: Sendable, Codable, Equatable {
  public var received = 0
  public var delivered = 0
  public var deferred = 0
  public var bounced = 0
  /// Rejects, reject warnings, holds and discards together (pflogsumm's "rejected" column).
  public var rejected = 0

  public init(received: Int = 0, delivered: Int = 0, deferred: Int = 0, bounced: Int = 0, rejected: Int = 0) {
    self.received = received
    self.delivered = delivered
    self.deferred = deferred
    self.bounced = bounced
    self.rejected = rejected
  }

  public var columns: [Int] { [received, delivered, deferred, bounced, rejected] }
}

/// One row of "Per-Day Traffic Summary".
public struct DayTraffic: Sendable, Codable, Equatable {
  public var date: Day
  public var counts: TrafficCounts
  public init(date: Day, counts: TrafficCounts) {
    self.date = date
    self.counts = counts
  }
}

/// One row of "Per-Hour Traffic Summary" / "Daily Average": totals over all days for the hour.
/// Renderers show `ReportMath.dailyAverage(total, dayCount:)` when the report spans several days.
public struct HourTraffic: Sendable, Codable, Equatable {
  /// 0...23
  public var hour: Int
  public var counts: TrafficCounts
  public init(hour: Int, counts: TrafficCounts) {
    self.hour = hour
    self.counts = counts
  }
}

/// One row of "Per-Day SMTPD Connection Summary".
public struct DayConnections: Sendable, Codable, Equatable {
  public var date: Day
  public var connections: Int
  public var totalSeconds: Int64
  public var maxSeconds: Int64
  public init(date: Day, connections: Int, totalSeconds: Int64, maxSeconds: Int64) {
    self.date = date
    self.connections = connections
    self.totalSeconds = totalSeconds
    self.maxSeconds = maxSeconds
  }
  public var averageSeconds: Int { ReportMath.roundHalfUp(Double(totalSeconds) / Double(max(connections, 1))) }
}

/// One row of "Per-Hour SMTPD Connection Summary/Daily Average" (hours without connections are
/// left out, as pflogsumm does).
public struct HourConnections: Sendable, Codable, Equatable {
  public var hour: Int
  public var connections: Int
  public var totalSeconds: Int64
  public var maxSeconds: Int64
  public init(hour: Int, connections: Int, totalSeconds: Int64, maxSeconds: Int64) {
    self.hour = hour
    self.connections = connections
    self.totalSeconds = totalSeconds
    self.maxSeconds = maxSeconds
  }
  public var averageSeconds: Int { ReportMath.roundHalfUp(Double(totalSeconds) / Double(max(connections, 1))) }
}
