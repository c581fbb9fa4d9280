/// The "Grand Totals" block.
public struct GrandTotals: Sendable, Codable, Equatable {
  public var received = 0
  public var delivered = 0
  public var forwarded = 0
  /// Messages with at least one deferral.
  public var deferred = 0
  /// Deferral log lines.
  public var deferrals = 0
  public var bounced = 0
  /// "removed (canceled)"
  public var removed = 0
  public var expired = 0
  public var rejected = 0
  /// `int(100 * rejected / (delivered + rejected + discarded))`, pflogsumm's approximation.
  public var rejectedPercent = 0
  public var rejectWarnings = 0
  public var held = 0
  public var discarded = 0
  public var discardedPercent = 0
  public var bytesReceived: Int64 = 0
  public var bytesDelivered: Int64 = 0
  public var senders = 0
  public var sendingDomains = 0
  public var recipients = 0
  public var recipientDomains = 0

  public init() {}
}

/// smtpd or postscreen connection totals (`--smtpd-stats`, `--pscrn-stats`).
public struct ConnectionTotals: Sendable, Codable, Equatable {
  public var connections: Int
  /// Distinct client domains (smtpd) or IP addresses (postscreen).
  public var clients: Int
  public var totalSeconds: Int64

  public init(connections: Int, clients: Int, totalSeconds: Int64) {
    self.connections = connections
    self.clients = clients
    self.totalSeconds = totalSeconds
  }

  /// Average connection time, rounded half up (0 without connections).
  public var averageSeconds: Int {
    connections > 0 ? ReportMath.roundHalfUp(Double(totalSeconds) / Double(connections)) : 0
  }
}
