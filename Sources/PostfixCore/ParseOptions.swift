import ReportModel

/// The options that change how lines are read (as opposed to how the report is laid out).
public struct ParseOptions: Sendable {
  /// `--syslog-name` (repeatable): extra program names whose lines are Postfix's.
  public var syslogNames: [String] = []
  /// `-d`: only lines dated within these days (inclusive).
  public var dateRange: ClosedRange<Day>?
  /// `-i`
  public var ignoreCase = false
  /// `-m`
  public var uucpMung = false
  /// `--verp-mung [n]`
  public var verpMung: Int?
  /// `--srs-mung`
  public var srsMung = false
  /// `--use-orig-to`
  public var useOrigTo = false
  /// `--verbose-msg-detail`
  public var verbose = false
  /// The `--colwidth` to keep warning and cleanup texts at while counting (the report trims
  /// them to its own `ReportOptions.columnWidth`): 0, the default, keeps them whole, which an
  /// HTML page needs; the text report's width keeps the tables smaller when no page is written.
  public var textWidth = 0
  /// Attribute messages to who submitted them (`SubmitterSection`) and count abuse attempts
  /// (`AbuseSection`): for the HTML, CSV and JSON
  /// outputs and `--abuse-stats`. Off, the text report's parse does none of it (it costs
  /// memory and time: BENCHMARKS.md).
  public var trackSubmitters = false
  /// `--rej-add-from`, `--rej-add-to`
  public var rejectAddFrom = false
  public var rejectAddTo = false
  /// Collection switches for the detail reports (`--*-detail 0` stops collecting).
  public var collectRejectDetail = true
  public var collectDeferralDetail = true
  public var collectBounceDetail = true
  /// `--suppress rdns-warnings`
  public var suppressRDNSWarnings = false
  /// `--no-no-msg-size`
  public var noMessageSizeReport = false
  /// `-e`
  public var extendedDetail = false
  /// `--smtpd-stats`
  public var smtpdStats = false
  /// `--pscrn-stats` or a non-zero `--pscrn-detail`: read postscreen's lines at all.
  public var postscreen = true
  /// `--pscrn-detail` ≠ 0: count postscreen actions.
  public var postscreenDetail = true
  /// Caps on in-flight state (hostile or broken input).
  public var limits = StateLimits.standard

  public init() {}

  var addressRules: AddressRules {
    AddressRules(ignoreCase: ignoreCase, uucpMung: uucpMung, verpMung: verpMung, srsMung: srsMung)
  }
}
