import ReportModel

/// The options that shape the report (limits, sections, layout), as opposed to parsing.
public struct ReportOptions: Sendable {
  /// Top-N limits: nil = all, 0 = drop the report, N = top N.
  public var hostCount: Int?
  public var userCount: Int?
  public var bounceDetail: Int?
  public var deferralDetail: Int?
  public var expiredDetail: Int?
  public var rejectDetail: Int?
  public var warningDetail: Int?
  public var postscreenDetail: Int?

  public var quiet = false
  public var problemsFirst = false
  public var isoDateTime = false
  public var zeroFill = false
  public var smtpdStats = false
  public var postscreenStats = false
  public var tlsStats = false
  public var extendedDetail = false
  /// `--abuse-stats`: the abuse tables in the text report too.
  public var abuseStats = false
  /// `--server-stats`: the Servers table in the text report too.
  public var serverStats = false
  public var noMessageSizeReport = false
  /// `--suppress`
  public var suppressHostDomain = false
  public var suppressPerHour = false
  public var suppressSizeDetail = false

  /// `--colwidth` as the text report's trimming of warning and cleanup texts applies it: 0 keeps
  /// them whole (so does `--verbose-msg-detail`, and the HTML page, which is no terminal).
  /// The parse keeps every text whole; the report trims.
  public var columnWidth = 80

  /// The findings' thresholds (`--high-volume` …).
  public var findings = FindingThresholds()

  public var dateRange: ReportPeriod?
  public var notices: [String] = []

  public init() {}
}
