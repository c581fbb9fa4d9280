/// The nested "problem" reports (deferrals, bounces, rejects, warnings ...).
public enum DetailReportKind: String, Sendable, Codable, CaseIterable {
  case deferrals = "deferral_detail"
  case bounces = "bounce_detail"
  case expired = "expired_detail"
  case rejects = "reject_detail"
  case rejectWarnings = "reject_warning_detail"
  case holds = "hold_detail"
  case discards = "discard_detail"
  case inboundTLSErrors = "inbound_tls_errors"
  case smtpExceptions = "smtp_exceptions"
  case warnings = "warnings"
  case postscreenActions = "postscreen_actions"
  case fatalErrors = "fatal_errors"
  case panics = "panics"
  case tlsLevels = "tls_levels"

  /// pflogsumm 1.3.0's heading.
  public var title: String {
    switch self {
    case .deferrals: "message deferral detail"
    case .bounces: "message bounce detail (by relay)"
    case .expired: "message expired detail (by relay)"
    case .rejects: "message reject detail"
    case .rejectWarnings: "message reject warning detail"
    case .holds: "message hold detail"
    case .discards: "message discard detail"
    case .inboundTLSErrors: "Inbound (smtpd) SSL Errors"
    case .smtpExceptions: "SMTP Exceptions"
    case .warnings: "Warnings"
    case .postscreenActions: "postscreen actions"
    case .fatalErrors: "Fatal Errors"
    case .panics: "Panics"
    case .tlsLevels: "SMTP TLS Levels (by relay)"
    }
  }

  /// What each level of the tree means, outermost first (the last one names the leaves).
  public var levelNames: [String] {
    switch self {
    case .deferrals: ["service", "host", "reason"]
    case .bounces: ["relay", "reason"]
    case .expired: ["relay"]
    case .rejects, .rejectWarnings, .holds, .discards: ["command", "reason", "client"]
    case .inboundTLSErrors: ["message", "client"]
    case .smtpExceptions: ["message", "host"]
    case .warnings, .fatalErrors, .panics: ["service", "message"]
    case .postscreenActions: ["action", "client"]
    case .tlsLevels: ["level", "relay"]
    }
  }
}

/// A counted tree: inner nodes are sorted by key (byte order), leaves by count descending then
/// host order, cut to `limit` per parent.
public struct DetailReport: Sendable, Codable, Equatable {
  public var kind: DetailReportKind
  /// nil when unlimited.
  public var limit: Int?
  /// The unnamed root; its `children` are the first level (or, for flat reports, its `leaves`).
  public var root: DetailNode

  public init(kind: DetailReportKind, limit: Int?, root: DetailNode) {
    self.kind = kind
    self.limit = limit
    self.root = root
  }

  public var title: String { kind.title }
  public var isEmpty: Bool { root.children.isEmpty && root.leaves.isEmpty }
}

public struct DetailNode: Sendable, Codable, Equatable {
  public var key: String
  /// Sum of all counts below this node (before any cut).
  public var total: Int
  /// Number of distinct leaves directly below (before the cut); drives "(top N of M)".
  public var distinctLeaves: Int
  public var children: [DetailNode]
  public var leaves: [DetailLeaf]

  public init(key: String, total: Int, distinctLeaves: Int, children: [DetailNode], leaves: [DetailLeaf]) {
    self.key = key
    self.total = total
    self.distinctLeaves = distinctLeaves
    self.children = children
    self.leaves = leaves
  }
}

public struct DetailLeaf: Sendable, Codable, Equatable {
  public var key: String
  public var count: Int
  public init(key: String, count: Int) {
    self.key = key
    self.count = count
  }
}
