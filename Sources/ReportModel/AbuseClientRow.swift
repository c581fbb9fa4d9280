/// One client IP of an abuse table ("SASL Authentication Failures by Client", "Relay Access
/// Denied by Client"): its attempts, how many distinct things it tried (logins, or recipient
/// domains) with the most tried of them, and when it started and stopped.
public struct AbuseClientRow: Sendable, Codable, Equatable {
  /// The client's IP address, as logged between the brackets.
  public var client: String
  /// The host name Postfix logged with it (`unknown` without reverse DNS); for an IP logged
  /// under several names, the one with the most attempts.
  public var host: String
  public var attempts: Int
  /// Distinct logins tried (when logged), or distinct recipient domains.
  public var distinct: Int
  /// The most tried of them, at most `AbuseClientRow.examplesShown`, most attempts first.
  public var examples: [String]
  public var first: WallClockTime
  public var last: WallClockTime

  /// How many of the logins or domains a row lists (all are counted in `distinct`).
  public static let examplesShown = 10

  public init(client: String, host: String, attempts: Int, distinct: Int, examples: [String], first: WallClockTime, last: WallClockTime) {
    self.client = client
    self.host = host
    self.attempts = attempts
    self.distinct = distinct
    self.examples = examples
    self.first = first
    self.last = last
  }
}
