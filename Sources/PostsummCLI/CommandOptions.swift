import ArgumentParser

/// The command line, as the argument parser sees it after `ArgumentNormalizer` has rewritten
/// pflogsumm's spellings. Every option of pflogsumm 1.3.0, plus postsumm's own.
struct CommandOptions: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "postsumm",
    abstract: PostsummCommand.abstract,
    discussion: PostsummCommand.discussion,
    version: "postsumm \(PostsummCommand.version)",
    helpNames: [.long]
  )

  @Argument(
    help: ArgumentHelp(
      "Log files, plain or gzip (recognised by content), oldest first or in any order: rotated sets (mail.log, mail.log.1, mail.log.2.gz …; mail.log-20261122.gz …) are read oldest first. '-' or nothing reads standard input.",
      valueName: "file"),
    completion: .file())
  var files: [String] = []

  // MARK: Report selection

  @Option(name: [.customShort("d"), .customLong("date-range")], help: ArgumentHelp(
    "Only this date or range: today, yesterday, 'this week', 'last week', 'this month', 'last month', YYYY-MM, YYYY-MM-DD, or 'A B' / 'A to B' / 'A - B' of those. Underscores may replace spaces.",
    valueName: "range"))
  var dateRange: String?

  @Flag(name: .customLong("dow0mon"), help: "Weeks start on Monday (for this/last week).")
  var dow0mon = false

  @Option(name: .customLong("syslog-name"), help: ArgumentHelp(
    "Also read lines tagged NAME/… as Postfix's (repeatable). postfix/… and postfix-INSTANCE/… are always read.",
    valueName: "name"))
  var syslogName: [String] = []

  @Option(name: .customLong("reference-date"), help: ArgumentHelp(
    "Take this as the current date (YYYY-MM-DD[THH:MM[:SS]]): for -d today/yesterday/…, and as the latest date a year-less (traditional syslog) stamp can mean, instead of each file's modification time. Makes reruns reproducible.",
    valueName: "date"))
  var referenceDate: String?

  // MARK: Limits

  @Option(name: [.customShort("h"), .customLong("host-cnt")], help: ArgumentHelp("Top N in host/domain reports (0 = none).", valueName: "n"))
  var hostCnt: Int?
  @Option(name: [.customShort("u"), .customLong("user-cnt")], help: ArgumentHelp("Top N in sender/recipient reports (0 = none).", valueName: "n"))
  var userCnt: Int?
  @Option(name: .customLong("detail"), help: ArgumentHelp("Default for every limit not given (-h, -u, --*-detail); 0 drops all detail.", valueName: "n"))
  var detail: Int?
  @Option(name: .customLong("bounce-detail"), help: ArgumentHelp("Top N bounce reasons per relay (0 = no report).", valueName: "n"))
  var bounceDetail: Int?
  @Option(name: .customLong("deferral-detail"), help: ArgumentHelp("Top N deferral reasons per host (0 = no report).", valueName: "n"))
  var deferralDetail: Int?
  @Option(name: .customLong("expired-detail"), help: ArgumentHelp("Top N in the expired-message report (0 = no report).", valueName: "n"))
  var expiredDetail: Int?
  @Option(name: .customLong("reject-detail"), help: ArgumentHelp("Top N in reject, reject warning, hold and discard reports (0 = none).", valueName: "n"))
  var rejectDetail: Int?
  @Option(name: .customLong("warning-detail"), help: ArgumentHelp("Top N warnings per daemon (0 = no report).", valueName: "n"))
  var warningDetail: Int?
  @Option(name: .customLong("smtpd-warning-detail"), help: ArgumentHelp("Deprecated: use --warning-detail.", valueName: "n"))
  var smtpdWarningDetail: Int?
  @Option(name: .customLong("smtp-detail"), help: ArgumentHelp("Deprecated; no effect (SMTP exceptions are always shown).", valueName: "n"))
  var smtpDetail: Int?
  @Option(name: .customLong("pscrn-detail"), help: ArgumentHelp("Top N IPs per postscreen action (0 = no report).", valueName: "n"))
  var pscrnDetail: Int?
  @Option(name: .customLong("colwidth"), help: ArgumentHelp("Widen (or narrow) trimmed texts as if the report were N columns wide; 0 = never trim. Default 80. The HTML page always shows texts whole.", valueName: "n"))
  var colwidth: Int?

  // MARK: Switches

  @Flag(name: [.customShort("e"), .customLong("extended-detail")], help: "Per-message detail (sender and recipients of every message).")
  var extendedDetail = false
  @Flag(name: [.customShort("i"), .customLong("ignore-case")], help: "Lower-case whole addresses (normally only the domain part).")
  var ignoreCase = false
  @Flag(name: .customLong("iso-date-time"), help: "Dates as YYYY-MM-DD and hours as HH:MM-HH:MM.")
  var isoDateTime = false
  @Flag(name: [.customShort("m"), .customLong("uucp-mung")], help: "Rewrite UUCP bang paths (host.dom!user@foo → foo!user@host.dom).")
  var uucpMung = false
  @Flag(name: .customLong("no-no-msg-size"), help: "Omit \"Messages with no size data\".")
  var noNoMsgSize = false
  @Flag(name: .customLong("problems-first"), help: "Print the problem reports before the traffic reports.")
  var problemsFirst = false
  @Flag(name: .customLong("pscrn-stats"), help: "postscreen connection totals in Grand Totals.")
  var pscrnStats = false
  @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Omit the headings of empty reports.")
  var quiet = false
  @Flag(name: .customLong("rej-add-from"), help: "Add the sender to reject report lines.")
  var rejAddFrom = false
  @Flag(name: .customLong("rej-add-to"), help: "Add the recipient to reject report lines.")
  var rejAddTo = false
  @Flag(name: .customLong("smtpd-stats"), help: "smtpd connection statistics (per day, per hour, per client domain).")
  var smtpdStats = false
  @Flag(name: .customLong("srs-mung"), help: "Undo SRS sender rewriting (SRS0=…=sender.example=user@… → user@sender.example).")
  var srsMung = false
  @Flag(name: .customLong("ssl-tls-stats"), help: "TLS levels by relay and inbound TLS errors.")
  var sslTlsStats = false
  @Flag(name: .customLong("use-orig-to"), help: "Count recipients by orig_to= where logged.")
  var useOrigTo = false
  @Flag(name: .customLong("verbose-msg-detail"), help: "Full reasons in deferral, bounce and reject reports (no trimming).")
  var verboseMsgDetail = false
  @Option(name: .customLong("verp-mung"), help: ArgumentHelp("VERP sender munging: 1 (or no value) simple, 2 aggressive.", valueName: "n"))
  var verpMung: Int?
  @Flag(name: .customLong("zero-fill"), help: "Show a row for every day with Postfix lines in the per-day table.")
  var zeroFill = false
  @Option(name: .customLong("suppress"), help: ArgumentHelp(
    "Leave out reports (space-separated): host/domain, per-hour, rdns-warnings, size-detail. 'help' lists them.",
    valueName: "list"))
  var suppress: String?
  @Flag(name: .customLong("mailq"), help: "Append the output of mailq.")
  var mailq = false

  // MARK: Files and configuration

  @Option(name: .customLong("config"), help: ArgumentHelp("Read options from FILE (key = value; command line wins).", valueName: "file"), completion: .file())
  var config: String?
  @Flag(name: .customLong("dump-config"), help: "Print the effective options as a config file and exit.")
  var dumpConfig = false
  @Option(name: .customLong("unprocd-file"), help: ArgumentHelp("Write every unrecognised Postfix line to FILE.", valueName: "file"), completion: .file())
  var unprocdFile: String?
  @Option(name: [.customShort("x"), .customLong("debug")], help: ArgumentHelp("Write a parsing trace summary to FILE.", valueName: "file"), completion: .file())
  var debug: String?

  // MARK: Outputs

  @Option(name: .customLong("format"), help: ArgumentHelp("Format written to standard output: text (default), html, csv, json, or none (only the files asked for).", valueName: "format"))
  var format: String?
  @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(
    "Write a report to PATH, format from the name: .txt, .html or .json; a PATH ending in / or an existing directory gets the CSV tables (a .csv PATH is refused: CSV is a directory of tables). Repeatable.",
    valueName: "path"), completion: .file())
  var output: [String] = []
  @Option(name: .customLong("text"), help: ArgumentHelp("Write the text report to PATH.", valueName: "path"), completion: .file())
  var text: String?
  @Option(name: .customLong("html"), help: ArgumentHelp("Write the HTML page to PATH.", valueName: "path"), completion: .file())
  var html: String?
  @Option(name: .customLong("csv"), help: ArgumentHelp("Write the CSV tables into directory DIR (made if missing).", valueName: "dir"), completion: .directory)
  var csv: String?
  @Option(name: .customLong("json"), help: ArgumentHelp("Write the JSON document to PATH.", valueName: "path"), completion: .file())
  var json: String?
  @Option(name: .customLong("template-dir"), help: ArgumentHelp("Read HTML templates from DIR instead of the built-in ones.", valueName: "dir"), completion: .directory)
  var templateDir: String?
  @Option(name: .customLong("generated-at"), help: ArgumentHelp("Timestamp written into HTML and JSON (default: now; 'none' leaves it out).", valueName: "time"))
  var generatedAt: String?

  // MARK: Running

  @Option(name: [.customShort("j"), .customLong("jobs")], help: ArgumentHelp("Parse on N threads (default: all cores; 1 = sequential).", valueName: "n"))
  var jobs: Int?
  @Flag(name: .customLong("progress"), help: "Show progress on standard error even when it is not a terminal.")
  var progress = false
  @Flag(name: .customLong("no-progress"), help: "Never show progress.")
  var noProgress = false

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    if let format, OutputFormatName(rawValue: format) == nil {
      throw ValidationError("--format must be text, html, csv, json or none (not '\(format)')")
    }
    if progress && noProgress { throw ValidationError("--progress and --no-progress contradict each other") }
  }
}

/// `--format` values (kept here so the Renderers module needs no ArgumentParser).
enum OutputFormatName: String {
  case text, html, csv, json, none
}
