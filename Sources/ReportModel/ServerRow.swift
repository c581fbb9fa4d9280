/// One syslog host of the logs read: its Postfix lines, the receipts it logged, and its part of
/// the grand totals (each figure, added over the hosts, is the grand total's).
public struct ServerRow: Sendable, Codable, Equatable {
  public var host: String
  public var lines: Int
  /// Receipt lines (`client=`, pickup): messages entering the queue, accepted or not.
  public var messages: Int
  public var received: Int
  public var delivered: Int
  /// Messages deferred (at least once).
  public var deferred: Int
  public var bounced: Int
  public var rejected: Int
  public var bytesReceived: Int64
  public var bytesDelivered: Int64

  public init(
    host: String, lines: Int, messages: Int, received: Int = 0, delivered: Int = 0, deferred: Int = 0, bounced: Int = 0,
    rejected: Int = 0, bytesReceived: Int64 = 0, bytesDelivered: Int64 = 0
  ) {
    self.host = host
    self.lines = lines
    self.messages = messages
    self.received = received
    self.delivered = delivered
    self.deferred = deferred
    self.bounced = bounced
    self.rejected = rejected
    self.bytesReceived = bytesReceived
    self.bytesDelivered = bytesDelivered
  }
}
