/// A host/domain table, already sorted (count, then bytes, descending; ties by host name) and cut
/// to `limit` rows; and the abuse tables' clients, cut the same way (`AbuseClientTable`).
public struct DomainTable<Row: Sendable & Codable & Equatable>: Sendable, Codable, Equatable {
  /// `-h N`, nil when unlimited.
  public var limit: Int?
  /// Number of domains (or clients) before the cut (pflogsumm's "(top N of M)").
  public var totalRows: Int
  public var rows: [Row]

  public init(limit: Int? = nil, totalRows: Int = 0, rows: [Row] = []) {
    self.limit = limit
    self.totalRows = totalRows
    self.rows = rows
  }
}

/// "Host/Domain Summary: Message Delivery"
public struct DeliveryDomain: Sendable, Codable, Equatable {
  public var domain: String
  public var delivered: Int
  public var bytes: Int64
  public var deferrals: Int
  /// Mean `delay=` of delivered messages, seconds (0 when none delivered).
  public var averageDelay: Double
  /// Largest `delay=` of delivered or deferred messages, seconds.
  public var maxDelay: Double

  public init(domain: String, delivered: Int, bytes: Int64, deferrals: Int, averageDelay: Double, maxDelay: Double) {
    self.domain = domain
    self.delivered = delivered
    self.bytes = bytes
    self.deferrals = deferrals
    self.averageDelay = averageDelay
    self.maxDelay = maxDelay
  }
}

/// "Host/Domain Summary: Messages Received"
public struct ReceivedDomain: Sendable, Codable, Equatable {
  public var domain: String
  public var messages: Int
  public var bytes: Int64
  public init(domain: String, messages: Int, bytes: Int64) {
    self.domain = domain
    self.messages = messages
    self.bytes = bytes
  }
}

/// "Host/Domain Summary: SMTPD Connections"
public struct ConnectionDomain: Sendable, Codable, Equatable {
  public var domain: String
  public var connections: Int
  public var totalSeconds: Int64
  public var maxSeconds: Int64
  public init(domain: String, connections: Int, totalSeconds: Int64, maxSeconds: Int64) {
    self.domain = domain
    self.connections = connections
    self.totalSeconds = totalSeconds
    self.maxSeconds = maxSeconds
  }
  public var averageSeconds: Int { ReportMath.roundHalfUp(Double(totalSeconds) / Double(max(connections, 1))) }
}

/// One of the four sender/recipient tables, sorted by value descending, then host order.
public struct UserTable: Sendable, Codable, Equatable {
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case sendersByCount = "senders_by_count"
    case recipientsByCount = "recipients_by_count"
    case sendersBySize = "senders_by_size"
    case recipientsBySize = "recipients_by_size"

    public var title: String {
      switch self {
      case .sendersByCount: "Senders by message count"
      case .recipientsByCount: "Recipients by message count"
      case .sendersBySize: "Senders by message size"
      case .recipientsBySize: "Recipients by message size"
      }
    }
    /// Whether `value` is a byte count (else a message count).
    public var isSize: Bool { self == .sendersBySize || self == .recipientsBySize }
    /// Whether the table lists senders (else recipients).
    public var isSender: Bool { self == .sendersByCount || self == .sendersBySize }
  }

  public var kind: Kind
  /// `-u N`, nil when unlimited.
  public var limit: Int?
  public var totalRows: Int
  public var rows: UserRows

  public init(kind: Kind, limit: Int?, totalRows: Int, rows: UserRows) {
    self.kind = kind
    self.limit = limit
    self.totalRows = totalRows
    self.rows = rows
  }

  public init(kind: Kind, limit: Int?, totalRows: Int, rows: [UserRow]) {
    self.init(kind: kind, limit: limit, totalRows: totalRows, rows: UserRows(rows))
  }
}

public struct UserRow: Sendable, Codable, Equatable {
  public var address: String
  /// Messages or bytes, depending on the table.
  public var value: Int64
  public init(address: String, value: Int64) {
    self.address = address
    self.value = value
  }
}

/// "Messages with no size data": a delivery whose queue manager size line was not in the input.
public struct MessageWithoutSize: Sendable, Codable, Equatable {
  public var queueID: String
  public var recipient: String
  public init(queueID: String, recipient: String) {
    self.queueID = queueID
    self.recipient = recipient
  }
}

/// One message of the `-e` "Message detail" report.
public struct MessageDetail: Sendable, Codable, Equatable {
  public var queueID: String
  /// The sender, or `(sender not in log)`.
  public var sender: String
  public var recipients: [String]
  public init(queueID: String, sender: String, recipients: [String]) {
    self.queueID = queueID
    self.sender = sender
    self.recipients = recipients
  }
}
