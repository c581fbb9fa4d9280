/// Who is sending: one row per submitter (a SASL login, a local user, an unauthenticated smtpd
/// client, or `unknown` for messages whose receipt is not in the log), by recipients, then
/// messages, then host order; cut to `limit` rows (`-u`). Not part of pflogsumm's text report.
public struct SubmitterTable: Sendable, Codable, Equatable {
  public var limit: Int?
  public var totalRows: Int
  public var rows: [SubmitterRow]

  public init(limit: Int?, totalRows: Int, rows: [SubmitterRow]) {
    self.limit = limit
    self.totalRows = totalRows
    self.rows = rows
  }
}

public struct SubmitterRow: Sendable, Codable, Equatable {
  /// `login`, `local`, `client` or `unknown`.
  public var kind: String
  /// The SASL login as logged (realm kept), the uid, the client IP, or `unknown`.
  public var name: String
  /// An unauthenticated client's host name, as smtpd logged it (`client=HOST[ip]`: the first
  /// other than `unknown`, or `unknown`); nil for the other kinds.
  public var host: String?
  /// Messages accepted into the queue.
  public var messages: Int
  /// Message–recipient pairs with a final status (delivered, forwarded or bounced).
  public var recipients: Int
  /// Distinct recipients, recipient domains and envelope senders, and the busiest hour: for
  /// logins and local users only (nil for unauthenticated clients and `unknown`, of which a
  /// busy MX has hundreds of thousands).
  public var distinctRecipients: Int?
  public var recipientDomains: Int?
  public var bytes: Int64
  /// Distinct envelope senders used.
  public var envelopeSenders: Int?
  public var clientIPs: Int
  /// Distinct /24 (IPv4) or /64 (IPv6) networks of the client IPs.
  public var clientNetworks: Int
  /// Hour of day (0–23) with the most messages, nil with none.
  public var busiestHour: Int?
  public var delivered: Int
  /// Deferrals (a recipient tried again counts each time).
  public var deferred: Int
  public var bounced: Int
  /// Bounces whose remote reply cites a blocklist, spam or reputation.
  public var remoteBlocked: Int
  /// Recipients handed to the smtp transport.
  public var relayed: Int
  /// The findings' names (`high-volume` …).
  public var flags: [String]

  public init(
    kind: String, name: String, messages: Int, recipients: Int, distinctRecipients: Int?, recipientDomains: Int?,
    bytes: Int64, envelopeSenders: Int?, clientIPs: Int, clientNetworks: Int, busiestHour: Int?, delivered: Int,
    deferred: Int, bounced: Int, remoteBlocked: Int, relayed: Int, flags: [String], host: String? = nil
  ) {
    self.kind = kind
    self.name = name
    self.host = host
    self.messages = messages
    self.recipients = recipients
    self.distinctRecipients = distinctRecipients
    self.recipientDomains = recipientDomains
    self.bytes = bytes
    self.envelopeSenders = envelopeSenders
    self.clientIPs = clientIPs
    self.clientNetworks = clientNetworks
    self.busiestHour = busiestHour
    self.delivered = delivered
    self.deferred = deferred
    self.bounced = bounced
    self.remoteBlocked = remoteBlocked
    self.relayed = relayed
    self.flags = flags
  }
}

/// One flagged submitter and why, in one line.
public struct Finding: Sendable, Codable, Equatable {
  /// `high-volume`, `many-networks`, `high-bounce`, `remote-blocked`, `unauthenticated-relay`.
  public var flag: String
  public var kind: String
  public var name: String
  public var reason: String

  public init(flag: String, kind: String, name: String, reason: String) {
    self.flag = flag
    self.kind = kind
    self.name = name
    self.reason = reason
  }
}
