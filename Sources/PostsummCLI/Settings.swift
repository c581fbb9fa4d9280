import PostfixCore
import ReportModel
import Renderers

/// The effective options of a run: command line over configuration file over defaults,
/// resolved into what the parser, the report builder and the outputs need.
struct Settings {
  var parse = ParseOptions()
  /// The options of a second reading of the same lines that keeps the warning and cleanup
  /// texts whole for the HTML page, when the text report cuts them (`--colwidth`) and other
  /// formats are written too; nil otherwise (with only HTML outputs, `parse` itself keeps
  /// them whole). A page is not a terminal: CSS wraps long texts.
  var fullTextParse: ParseOptions?
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
  /// What `--dump-config` prints: name → shown value, for pflogsumm's keys.
  var dumpValues: [String: String] = [:]

  enum Failure: Error, Equatable {
    case usage(String)
    case suppressHelp
  }

  static let suppressNames = ["host/domain", "per-hour", "rdns-warnings", "size-detail"]

  // swiftlint:disable:next function_body_length cyclomatic_complexity
  static func resolve(_ cli: CommandOptions, config: ConfigFile, explicit: Set<String>, clock: () -> LocalTime, cores: Int)
    throws -> Settings
  {
    let c = config.values
    func flag(_ name: String, _ value: Bool) -> Bool { value || c[name] == "1" }
    func string(_ name: String, _ value: String?) -> String? { value ?? c[name] }
    func integer(_ name: String, _ value: Int?) -> Int? { value ?? c[name].flatMap { Int($0) } }
    /// A limit: nil = all, else the number (negative = all).
    func limit(_ name: String, _ value: Int?) -> (Int?, given: Bool) {
      if let value { return (value < 0 ? nil : value, true) }
      if let raw = c[name] { return (raw == "all" ? nil : Int(raw).map { $0 < 0 ? nil : $0 } ?? nil, true) }
      return (nil, false)
    }

    var now = clock()
    var pinned = false
    if let ref = string("reference-date", cli.referenceDate) {
      guard let t = LocalTime.parse(ref) else {
        throw Failure.usage("invalid --reference-date '\(ref)' (expected YYYY-MM-DD[THH:MM[:SS]])")
      }
      now = t
      pinned = true
    }
    var s = Settings(now: now)
    s.nowIsPinned = pinned
    s.files = cli.files

    // Suppressions come first, as in pflogsumm (so `--suppress help` wins).
    var suppressed: Set<String> = []
    if let list = string("suppress", cli.suppress) {
      for word in list.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
        if word == "help" { throw Failure.suppressHelp }
        guard suppressNames.contains(word) else {
          throw Failure.usage("invalid --suppress option \"\(word)\"; valid options are: \(suppressNames.joined(separator: ", "))")
        }
        suppressed.insert(word)
      }
    }

    var limits: [String: Int?] = [:]
    var given: Set<String> = []
    let limitInputs: [(String, Int?)] = [
      ("bounce-detail", cli.bounceDetail), ("deferral-detail", cli.deferralDetail), ("expired-detail", cli.expiredDetail),
      ("host-cnt", cli.hostCnt), ("pscrn-detail", cli.pscrnDetail), ("reject-detail", cli.rejectDetail),
      ("warning-detail", cli.warningDetail), ("user-cnt", cli.userCnt),
    ]
    for (name, v) in limitInputs {
      let (value, isGiven) = limit(name, v)
      limits[name] = value
      if isGiven { given.insert(name) }
    }
    if let w = integer("smtpd-warning-detail", cli.smtpdWarningDetail), w != 0 {
      limits["warning-detail"] = w < 0 ? nil : w
      given.insert("warning-detail")
    }
    let detail = integer("detail", cli.detail)
    if let detail {
      for (name, _) in limitInputs where !given.contains(name) { limits[name] = detail < 0 ? nil : detail }
    }
    func lim(_ name: String) -> Int? { limits[name] ?? nil }

    let verbose = flag("verbose-msg-detail", cli.verboseMsgDetail)
    var colwidth = integer("colwidth", cli.colwidth) ?? 80
    if verbose { colwidth = 0 }

    // Parsing.
    var p = ParseOptions()
    p.syslogNames = cli.syslogName.isEmpty ? (c["syslog-name"].map { [$0] } ?? []) : cli.syslogName
    p.ignoreCase = flag("ignore-case", cli.ignoreCase)
    p.uucpMung = flag("uucp-mung", cli.uucpMung)
    p.verpMung = integer("verp-mung", cli.verpMung)
    p.srsMung = flag("srs-mung", cli.srsMung)
    p.useOrigTo = flag("use-orig-to", cli.useOrigTo)
    p.verbose = verbose
    p.columnWidth = colwidth
    p.rejectAddFrom = flag("rej-add-from", cli.rejAddFrom)
    p.rejectAddTo = flag("rej-add-to", cli.rejAddTo)
    p.collectRejectDetail = lim("reject-detail") != 0
    p.collectDeferralDetail = lim("deferral-detail") != 0
    p.collectBounceDetail = lim("bounce-detail") != 0
    p.suppressRDNSWarnings = suppressed.contains("rdns-warnings")
    p.noMessageSizeReport = flag("no-no-msg-size", cli.noNoMsgSize)
    p.extendedDetail = flag("extended-detail", cli.extendedDetail)
    p.smtpdStats = flag("smtpd-stats", cli.smtpdStats)
    let pscrnStats = flag("pscrn-stats", cli.pscrnStats)
    p.postscreenDetail = lim("pscrn-detail") != 0
    p.postscreen = pscrnStats || p.postscreenDetail

    var dateRange: ClosedRange<Day>?
    if let spec = string("date-range", cli.dateRange) {
      do {
        dateRange = try DateRangeSpec.parse(spec, today: now.day, weekStartsMonday: flag("dow0mon", cli.dow0mon))
      } catch DateRangeSpec.Failure.invalid(let t) {
        throw Failure.usage("invalid date range format: '\(t)'")
      } catch DateRangeSpec.Failure.reversed(let t) {
        throw Failure.usage("end date precedes start date: '\(t)'")
      }
    }
    p.dateRange = dateRange
    s.dateRangeSpec = string("date-range", cli.dateRange)
    s.parse = p

    // Report.
    var r = ReportOptions()
    r.hostCount = lim("host-cnt")
    r.userCount = lim("user-cnt")
    r.bounceDetail = lim("bounce-detail")
    r.deferralDetail = lim("deferral-detail")
    r.expiredDetail = lim("expired-detail")
    r.rejectDetail = lim("reject-detail")
    r.warningDetail = lim("warning-detail")
    r.postscreenDetail = lim("pscrn-detail")
    r.quiet = flag("quiet", cli.quiet)
    r.problemsFirst = flag("problems-first", cli.problemsFirst)
    r.isoDateTime = flag("iso-date-time", cli.isoDateTime)
    r.zeroFill = flag("zero-fill", cli.zeroFill)
    r.smtpdStats = p.smtpdStats
    r.postscreenStats = pscrnStats
    r.tlsStats = flag("ssl-tls-stats", cli.sslTlsStats)
    r.extendedDetail = p.extendedDetail
    r.noMessageSizeReport = p.noMessageSizeReport
    r.suppressHostDomain = suppressed.contains("host/domain")
    r.suppressPerHour = suppressed.contains("per-hour")
    r.suppressSizeDetail = suppressed.contains("size-detail")
    r.dateRange = dateRange.map { ReportPeriod(first: $0.lowerBound, last: $0.upperBound) }
    s.report = r

    // Running and outputs.
    s.jobs = max(1, integer("jobs", cli.jobs) ?? cores)
    s.unprocdFile = string("unprocd-file", cli.unprocdFile)
    s.debugFile = string("debug", cli.debug)
    s.mailq = flag("mailq", cli.mailq)
    s.templateDir = string("template-dir", cli.templateDir)
    s.generatedAt = string("generated-at", cli.generatedAt)
    if cli.progress { s.showProgress = true } else if cli.noProgress { s.showProgress = false }
    s.outputs = try OutputTarget.targets(
      format: string("format", cli.format), outputs: cli.output, text: string("text", cli.text),
      html: string("html", cli.html), csv: string("csv", cli.csv), json: string("json", cli.json))
    if colwidth != 0 && s.outputs.contains(where: { $0.format == .html }) {
      var whole = p
      whole.columnWidth = 0
      if s.outputs.allSatisfy({ $0.format == .html }) { s.parse = whole } else { s.fullTextParse = whole }
    }

    // --dump-config: pflogsumm's keys and rendering (limits as none/all/N, switches true/"").
    var dump: [String: String] = [:]
    for spec in OptionTable.all where spec.pflogsumm && spec.name != "dump-config" {
      switch spec.kind {
      case .flag:
        let on: Bool
        switch spec.name {
        case "help", "version": on = false
        case "dow0mon": on = flag("dow0mon", cli.dow0mon)
        case "mailq": on = s.mailq
        case "pscrn-stats": on = pscrnStats
        case "ssl-tls-stats": on = r.tlsStats
        case "problems-first": on = r.problemsFirst
        case "quiet": on = r.quiet
        case "iso-date-time": on = r.isoDateTime
        case "zero-fill": on = r.zeroFill
        default: on = c[spec.name] == "1" || explicit.contains(spec.name)
        }
        dump[spec.name] = on ? "true" : ""
      case .limit:
        if spec.name == "colwidth" {
          dump[spec.name] = colwidth == 0 ? "none" : String(colwidth)
        } else {
          let v = lim(spec.name)
          dump[spec.name] = v.map { $0 == 0 ? "none" : String($0) } ?? "all"
        }
      case .integer, .optionalInteger:
        let v: Int?
        switch spec.name {
        case "detail": v = detail
        case "smtp-detail": v = integer("smtp-detail", cli.smtpDetail)
        case "smtpd-warning-detail": v = integer("smtpd-warning-detail", cli.smtpdWarningDetail)
        case "verp-mung": v = p.verpMung
        default: v = nil
        }
        dump[spec.name] = v.map { $0 == 0 ? "none" : ($0 == -1 ? "all" : String($0)) } ?? ""
      case .string:
        let v: String?
        switch spec.name {
        case "config": v = nil  // pflogsumm takes --config out of the arguments before dumping
        case "date-range": v = string("date-range", cli.dateRange)
        case "debug": v = s.debugFile
        case "suppress": v = string("suppress", cli.suppress)
        case "syslog-name": v = p.syslogNames.first
        case "unprocd-file": v = s.unprocdFile
        default: v = nil
        }
        dump[spec.name] = v ?? ""
      }
    }
    s.dumpValues = dump
    return s
  }

  /// `--dump-config` output.
  func dumpConfig() -> String {
    let width = OptionTable.all.filter(\.pflogsumm).map(\.name.count).max()! + 2  // Safe: the table is not empty.
    var out = ""
    for name in dumpValues.keys.sorted() {
      let padded = String(repeating: " ", count: max(0, width - name.count)) + name
      out += "\(padded) = \(dumpValues[name]!)\n"  // Safe: key from the dictionary.
    }
    return out
  }
}
