import PostfixCore
import ReportModel
import Renderers

/// The effective options of a run: command line over configuration file over defaults,
/// resolved into what the parser, the report builder and the outputs need.
struct Settings {
  var parse = ParseOptions()
  var report = ReportOptions()
  var files: [String] = []
  var jobs = 1
  var now: LocalTime
  /// Whether `now` came from `--reference-date` (then file times are not used for years).
  var nowIsPinned = false
  /// `-d` as given (`yesterday`), for messages.
  var dateRangeSpec: String?
  var unprocdFile: String?
  var debugFile: String?
  var mailq = false
  var outputs: [OutputTarget] = []
  var templateDir: String?
  var showProgress: Bool?
  var generatedAt: String?
  /// `--save-aggregate`
  var saveAggregate: String?
  /// `--save-daily DIR`: one aggregate per calendar day.
  var saveDaily: String?
  /// What `--dump-config` prints: option → shown value, for pflogsumm's keys.
  var dumpValues: [OptionName: String] = [:]

  enum Failure: Error, Equatable {
    case usage(String)
    case suppressHelp
  }

  static let suppressNames = ["host/domain", "per-hour", "rdns-warnings", "size-detail"]

  /// One step per group of options. The order is that of the usage errors: a bad
  /// `--reference-date`, then `--suppress` (first in pflogsumm, so `--suppress help` wins over
  /// the rest), then the date range, then the outputs.
  static func resolve(_ cli: CommandOptions, config: ConfigFile, clock: () -> LocalTime, cores: Int) throws -> Settings {
    let given = GivenOptions(commandLine: cli, config: config.values)
    var s = try Settings(now: clock(), input: given)
    let suppressed = try suppressedReports(given)
    let limits = TopLimits(given)
    s.resolveMunging(given)
    s.resolveSections(given, limits: limits, suppressed: suppressed)
    s.resolveLayout(given)
    try s.resolveDateRange(given)
    try s.resolveRunAndOutputs(given, cores: cores)
    s.dumpValues = s.configDump(given)
    return s
  }

  // MARK: Steps

  /// The input: files, extra syslog names, and the moment taken as now (`--reference-date`).
  private init(now current: LocalTime, input given: GivenOptions) throws {
    now = current
    if let ref = given.string(.referenceDate, \.referenceDate) {
      guard let t = LocalTime.parse(ref) else {
        throw Failure.usage("invalid --reference-date '\(ref)' (expected YYYY-MM-DD[THH:MM[:SS]])")
      }
      now = t
      nowIsPinned = true
    }
    files = given.commandLine.files
    let syslogNames = given.commandLine.syslogName
    parse.syslogNames = syslogNames.isEmpty ? (given.config[.syslogName].map { [$0] } ?? []) : syslogNames
  }

  /// `--suppress`: the report names it lists.
  private static func suppressedReports(_ given: GivenOptions) throws -> Set<String> {
    var suppressed: Set<String> = []
    guard let list = given.string(.suppress, \.suppress) else { return suppressed }
    for word in list.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
      if word == "help" { throw Failure.suppressHelp }
      guard suppressNames.contains(word) else {
        throw Failure.usage("invalid --suppress option \"\(word)\"; valid options are: \(suppressNames.joined(separator: ", "))")
      }
      suppressed.insert(word)
    }
    return suppressed
  }

  /// How addresses and texts are rewritten: munging, case, trimming, reject line additions.
  private mutating func resolveMunging(_ given: GivenOptions) {
    parse.ignoreCase = given.flag(.ignoreCase, \.ignoreCase)
    parse.uucpMung = given.flag(.uucpMung, \.uucpMung)
    parse.verpMung = given.integer(.verpMung, \.verpMung)
    parse.srsMung = given.flag(.srsMung, \.srsMung)
    parse.useOrigTo = given.flag(.useOrigTo, \.useOrigTo)
    parse.verbose = given.flag(.verboseMsgDetail, \.verboseMsgDetail)
    report.columnWidth = parse.verbose ? 0 : given.integer(.colwidth, \.colwidth) ?? 80
    parse.rejectAddFrom = given.flag(.rejAddFrom, \.rejAddFrom)
    parse.rejectAddTo = given.flag(.rejAddTo, \.rejAddTo)
  }

  /// Which reports are collected and shown, and how many lines each.
  private mutating func resolveSections(_ given: GivenOptions, limits: TopLimits, suppressed: Set<String>) {
    parse.collectRejectDetail = limits[.rejectDetail] != 0
    parse.collectDeferralDetail = limits[.deferralDetail] != 0
    parse.collectBounceDetail = limits[.bounceDetail] != 0
    parse.suppressRDNSWarnings = suppressed.contains("rdns-warnings")
    parse.noMessageSizeReport = given.flag(.noNoMsgSize, \.noNoMsgSize)
    parse.extendedDetail = given.flag(.extendedDetail, \.extendedDetail)
    parse.smtpdStats = given.flag(.smtpdStats, \.smtpdStats)
    parse.postscreenDetail = limits[.pscrnDetail] != 0
    let pscrnStats = given.flag(.pscrnStats, \.pscrnStats)
    parse.postscreen = pscrnStats || parse.postscreenDetail

    report.hostCount = limits[.hostCnt]
    report.userCount = limits[.userCnt]
    report.bounceDetail = limits[.bounceDetail]
    report.deferralDetail = limits[.deferralDetail]
    report.expiredDetail = limits[.expiredDetail]
    report.rejectDetail = limits[.rejectDetail]
    report.warningDetail = limits[.warningDetail]
    report.postscreenDetail = limits[.pscrnDetail]
    report.smtpdStats = parse.smtpdStats
    report.postscreenStats = pscrnStats
    report.tlsStats = given.flag(.sslTlsStats, \.sslTlsStats)
    report.abuseStats = given.flag(.abuseStats, \.abuseStats)
    report.serverStats = given.flag(.serverStats, \.serverStats)
    report.extendedDetail = parse.extendedDetail
    report.noMessageSizeReport = parse.noMessageSizeReport
    report.suppressHostDomain = suppressed.contains("host/domain")
    report.suppressPerHour = suppressed.contains("per-hour")
    report.suppressSizeDetail = suppressed.contains("size-detail")
  }

  /// How the report is laid out.
  private mutating func resolveLayout(_ given: GivenOptions) {
    report.quiet = given.flag(.quiet, \.quiet)
    report.problemsFirst = given.flag(.problemsFirst, \.problemsFirst)
    report.isoDateTime = given.flag(.isoDateTime, \.isoDateTime)
    report.zeroFill = given.flag(.zeroFill, \.zeroFill)
    var t = FindingThresholds()
    t.highVolumeRecipients = given.integer(.highVolume, \.highVolume) ?? t.highVolumeRecipients
    t.manyNetworks = given.integer(.manyNetworks, \.manyNetworks) ?? t.manyNetworks
    t.highBounceRecipients = given.integer(.highBounceRecipients, \.highBounceRecipients) ?? t.highBounceRecipients
    t.highBouncePercent = given.integer(.highBouncePercent, \.highBouncePercent) ?? t.highBouncePercent
    t.remoteBlocked = given.integer(.remoteBlocked, \.remoteBlocked) ?? t.remoteBlocked
    report.findings = t
  }

  /// `-d`: the days counted, relative to `now`.
  private mutating func resolveDateRange(_ given: GivenOptions) throws {
    guard let spec = given.string(.dateRange, \.dateRange) else { return }
    let range: ClosedRange<Day>
    do {
      range = try DateRangeSpec.parse(spec, today: now.day, weekStartsMonday: given.flag(.dow0mon, \.dow0mon))
    } catch DateRangeSpec.Failure.invalid(let t) {
      throw Failure.usage("invalid date range format: '\(t)'")
    } catch DateRangeSpec.Failure.reversed(let t) {
      throw Failure.usage("end date precedes start date: '\(t)'")
    }
    parse.dateRange = range
    dateRangeSpec = spec
    report.dateRange = ReportPeriod(first: range.lowerBound, last: range.upperBound)
  }

  /// Threads, side files, progress, and where each report format goes.
  private mutating func resolveRunAndOutputs(_ given: GivenOptions, cores: Int) throws {
    jobs = max(1, given.integer(.jobs, \.jobs) ?? cores)
    unprocdFile = given.string(.unprocdFile, \.unprocdFile)
    debugFile = given.string(.debug, \.debug)
    mailq = given.flag(.mailq, \.mailq)
    templateDir = given.string(.templateDir, \.templateDir)
    generatedAt = given.string(.generatedAt, \.generatedAt)
    let cli = given.commandLine
    if cli.progress { showProgress = true } else if cli.noProgress { showProgress = false }
    outputs = try OutputTarget.targets(
      format: given.string(.format, \.format), outputs: cli.output, text: given.string(.text, \.text),
      html: given.string(.html, \.html), csv: given.string(.csv, \.csv), json: given.string(.json, \.json))
    saveDaily = given.string(.saveDaily, \.saveDaily)
    // Who is sending: for the formats that always show it, or the text report when asked.
    parse.trackSubmitters = report.abuseStats || outputs.contains { $0.format != .text }
    // Texts are kept whole for a page only (they cost memory); else at the report's width.
    parse.textWidth = outputs.contains { $0.format == .html } ? 0 : report.columnWidth
    // An aggregate serves every later report: everything is collected (what is shown is still
    // the report options'). A run that only reads aggregates does the same (`Pipeline`); saved
    // days make reports in any format later too.
    saveAggregate = given.string(.saveAggregate, \.saveAggregate)
    if saveAggregate != nil || saveDaily != nil { parse = parse.preparedForAggregates }
  }

  /// `--dump-config`: pflogsumm's keys, each with the value in effect, shown as pflogsumm shows
  /// them (switches `true` or empty, limits `none`/`all`/N).
  private func configDump(_ given: GivenOptions) -> [OptionName: String] {
    var dump: [OptionName: String] = [:]
    for spec in OptionCatalogue.all where spec.pflogsumm {
      if let shown = shownInDump(spec.name, given) { dump[spec.name] = shown }
    }
    return dump
  }

  /// One option's `--dump-config` value; nil for options pflogsumm's dump leaves out.
  // swiftlint:disable:next cyclomatic_complexity
  private func shownInDump(_ name: OptionName, _ given: GivenOptions) -> String? {
    func flag(_ on: Bool) -> String { on ? "true" : "" }
    func limit(_ top: Int?) -> String { top.map { $0 == 0 ? "none" : String($0) } ?? "all" }
    func integer(_ value: Int?) -> String { value.map { $0 == 0 ? "none" : ($0 == -1 ? "all" : String($0)) } ?? "" }
    switch name {
    case .help, .version: return flag(false)
    case .dow0mon: return flag(given.flag(.dow0mon, \.dow0mon))
    case .extendedDetail: return flag(parse.extendedDetail)
    case .ignoreCase: return flag(parse.ignoreCase)
    case .isoDateTime: return flag(report.isoDateTime)
    case .mailq: return flag(mailq)
    case .noNoMsgSize: return flag(parse.noMessageSizeReport)
    case .problemsFirst: return flag(report.problemsFirst)
    case .pscrnStats: return flag(report.postscreenStats)
    case .quiet: return flag(report.quiet)
    case .rejAddFrom: return flag(parse.rejectAddFrom)
    case .rejAddTo: return flag(parse.rejectAddTo)
    case .smtpdStats: return flag(parse.smtpdStats)
    case .srsMung: return flag(parse.srsMung)
    case .sslTlsStats: return flag(report.tlsStats)
    case .useOrigTo: return flag(parse.useOrigTo)
    case .uucpMung: return flag(parse.uucpMung)
    case .verboseMsgDetail: return flag(parse.verbose)
    case .zeroFill: return flag(report.zeroFill)
    case .bounceDetail: return limit(report.bounceDetail)
    case .deferralDetail: return limit(report.deferralDetail)
    case .expiredDetail: return limit(report.expiredDetail)
    case .hostCnt: return limit(report.hostCount)
    case .pscrnDetail: return limit(report.postscreenDetail)
    case .rejectDetail: return limit(report.rejectDetail)
    case .userCnt: return limit(report.userCount)
    case .warningDetail: return limit(report.warningDetail)
    case .colwidth: return report.columnWidth == 0 ? "none" : String(report.columnWidth)
    case .detail: return integer(given.integer(.detail, \.detail))
    case .smtpDetail: return integer(given.integer(.smtpDetail, \.smtpDetail))
    case .smtpdWarningDetail: return integer(given.integer(.smtpdWarningDetail, \.smtpdWarningDetail))
    case .verpMung: return integer(parse.verpMung)
    case .config: return ""  // pflogsumm takes --config out of the arguments before dumping
    case .dateRange: return given.string(.dateRange, \.dateRange) ?? ""
    case .debug: return debugFile ?? ""
    case .suppress: return given.string(.suppress, \.suppress) ?? ""
    case .syslogName: return parse.syslogNames.first ?? ""
    case .unprocdFile: return unprocdFile ?? ""
    case .dumpConfig: return nil
    case .jobs, .referenceDate, .format, .output, .text, .html, .csv, .json, .templateDir, .progress, .noProgress,
      .generatedAt, .abuseStats, .serverStats, .generateCompletionScript, .highVolume, .manyNetworks, .highBounceRecipients,
      .highBouncePercent, .remoteBlocked, .saveAggregate, .saveDaily:
      return nil  // postsumm's own
    }
  }

  /// `--dump-config` output.
  func dumpConfig() -> String {
    let width = OptionCatalogue.all.filter(\.pflogsumm).map(\.long.count).max()! + 2  // Safe: the catalogue is not empty.
    var out = ""
    for (name, value) in dumpValues.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      let padded = String(repeating: " ", count: max(0, width - name.rawValue.count)) + name.rawValue
      out += "\(padded) = \(value)\n"
    }
    return out
  }
}
