import ArgumentParser
import Foundation
import LogInput
import PostfixCore
import Renderers
import ReportModel

/// The `postsumm` command: reads Postfix logs, prints pflogsumm's report (and HTML, CSV, JSON).
///
/// `main()` is what the executable calls; `run(arguments:...)` is the testable core that
/// returns the exit status instead of exiting.
public enum PostsummCommand {
  public static let version = "0.1.0"

  static let abstract = "Summarize Postfix logs: pflogsumm's report, right and fast, plus HTML, CSV and JSON."

  static let discussion = """
    Reads Postfix log files (plain or gzip, in any order) and prints the report pflogsumm \
    1.3.0 prints: same sections, same layout, same options, with its wrong numbers fixed \
    (docs/DIFFERENCES.md). Rotated sets are read oldest first whatever the order on the \
    command line, and files are parsed in parallel.

    Examples:
      postsumm /var/log/mail.log*
      postsumm -d yesterday --problems-first /var/log/mail.log*
      postsumm --html out/index.html --csv out/csv/ --json out/report.json \\
          /var/log/mail.log*
      zcat old/mail.log.9.gz | postsumm -
      postsumm --format none --save-aggregate 2026-11-23.psum /var/log/mail.log.1
      postsumm --html week.html 2026-11-2*.psum

    Aggregates: --save-aggregate saves what a run counted (messages still in flight \
    included); aggregate files are read wherever logs are, in any order, alone or with \
    logs, and merge exactly: a week of daily aggregates gives the week's report \
    (docs/AGGREGATE.md).

    Archives: --save-daily DIR also saves one aggregate per calendar day (DIR/YYYY-MM-DD.psum); \
    'postsumm archive DIR [logs...]' keeps a static web site of daily, weekly and monthly \
    reports up to date (postsumm archive --help).

    Years: traditional syslog stamps ("Nov 24 08:00:01") have none. postsumm reads each \
    file's last line as not later than the file's modification time and counts back from \
    there, through New Year if need be. --reference-date pins "now" instead.

    Exit status: 0 every input was read completely; 1 some input could not be read \
    completely (missing, unreadable, truncated or corrupt gzip, overlong lines) - the report \
    covers the rest and stderr names each problem - or an aggregate file cannot be used \
    (then nothing is written); 64 usage error; 73 an output file or \
    directory could not be created; 74 writing an output failed (a full disk, a template \
    that cannot be used); 75 (archive) another run holds the archive's lock. A reader that stops reading (postsumm ... | head) is not an error.
    """

  /// Runs the command with the process's arguments and exits.
  public static func main() {
    // A run that collects who is sending peaks at the memory target, where the few MiB huge
    // pages add weigh more than the little CPU they save (BENCHMARKS.md): those run without.
    if collectsWhoIsSending(Array(CommandLine.arguments.dropFirst())) != true { HugePages.restartWithHugePagesIfUseful() }
    // A closed pipe is then EPIPE from `write`, ending standard output quietly, instead of a
    // signal that would kill the run before its file outputs are in place.
    signal(SIGPIPE, SIG_IGN)
    var status = run(arguments: Array(CommandLine.arguments.dropFirst()), exitsAfter: true)
    if let failure = StandardOutput.close() {
      Diagnostics.warn(failure.message)
      if status == .success || status == .incompleteInput { status = failure.status }
    }
    exit(status.rawValue)
  }

  /// Everything `main` does, minus exiting (and closing standard output): for tests.
  /// `exitsAfter`: the process ends right after, so the report need not be torn down (see
  /// `ExitTeardown`).
  public static func run(
    arguments: [String], clock: () -> LocalTimeValue = LocalTimeValue.now,
    standardOutput capture: ((String) -> Bool)? = nil, exitsAfter: Bool = false
  ) -> ExitStatus {
    /// Help, `--dump-config` and the like on standard output, the write checked.
    func printOut(_ text: String) -> ExitStatus {
      if let capture {
        _ = capture(text)
        return .success
      }
      guard let failure = StandardOutput.failure(StandardOutput.write(text)) else { return .success }
      Diagnostics.warn(failure.message)
      return failure.status
    }
    if arguments.first == ArchiveCommand.name {
      return ArchiveCommand.run(arguments: Array(arguments.dropFirst()), clock: clock, printOut: printOut)
    }
    let cli: CommandOptions
    let config: ConfigFile
    let settings: Settings
    var notices: [String]
    switch resolve(arguments, clock: clock, printOut: printOut) {
    case .exit(let status): return status
    case .resolved(let r): (cli, config, settings, notices) = (r.cli, r.config, r.settings, r.notices)
    }
    if cli.dumpConfig { return printOut(settings.dumpConfig()) }

    // 4. Read everything.
    if let d = cli.smtpDetail ?? config.values[.smtpDetail].flatMap({ Int($0) }), d != 0 {
      notices.append("Option \"--smtp-detail\" deprecated (no longer has any effect)")
    }
    if let d = cli.smtpdWarningDetail ?? config.values[.smtpdWarningDetail].flatMap({ Int($0) }), d != 0 {
      notices.append("Option \"--smtpd-warning-detail\" deprecated - use --warning-detail")
    }
    var reportOptions = settings.report
    reportOptions.notices = notices

    let showProgress = settings.showProgress ?? Diagnostics.standardErrorIsTerminal
    let meter = showProgress ? ProgressMeter(totalFiles: max(settings.files.count, 1)) : nil
    meter?.startDrawing()
    let phases = PhaseTimer.fromEnvironment()
    let daily = settings.saveDaily.map { DailySaver(directory: $0) }
    var result = Pipeline(settings: settings, progress: meter, phases: phases, days: daily?.output).run()
    meter?.finish()
    for problem in result.problems { Diagnostics.warn(problem.description) }
    if let failure = result.aggregateFailure {
      // An aggregate stands for logs that may be gone: a report without it would look whole
      // and be wrong, so there is none (docs/AGGREGATE.md).
      Diagnostics.warn(failure.message)
      return .incompleteInput
    }
    let stats = result.summary.lineStatsForDebug
    let limits = settings.parse.limits
    if stats.evictedMessages > 0 {
      Diagnostics.warn(
        "\(stats.evictedMessages) unfinished message states dropped (more than \(limits.messages) queue ids in flight); their later lines count as if their history were unknown")
    }
    if stats.evictedConnections > 0 {
      Diagnostics.warn(
        "\(stats.evictedConnections) unfinished connections dropped (more than \(limits.connections) in flight); they are left out of the connection statistics")
    }
    var outputFailures: [OutputFailure] = []
    if let failure = result.unprocessedFailure { outputFailures.append(failure) }
    outputFailures.append(contentsOf: daily?.failures ?? [])
    if let failure = result.aggregateSaveFailure { outputFailures.append(failure) }
    if let path = settings.debugFile, let failure = DebugTrace.write(result.summary, to: path) { outputFailures.append(failure) }
    for failure in outputFailures { Diagnostics.warn(failure.message) }
    if let range = settings.parse.dateRange,
      let message = EmptySelection.message(
        stats: stats, range: range, spec: settings.dateRangeSpec ?? "", datesRead: result.summary.datesRead)
    {
      Diagnostics.warn(message)
    }

    var status: ExitStatus = result.problems.isEmpty ? .success : .incompleteInput
    func failed(_ failure: OutputFailure) {
      if status == .success || status == .incompleteInput { status = failure.status }
    }
    outputFailures.forEach(failed)
    // `--format none` with nothing else asked for (the map step that only saves aggregates or
    // days): no report is shown, so none is built (about a tenth of a week's CPU).
    guard !settings.outputs.isEmpty else { return status }

    // 5. The report, in every requested format.
    let generatedAt: String?
    switch settings.generatedAt {
    case "none": generatedAt = nil
    case let s?: generatedAt = s
    case nil: generatedAt = clock().value.iso
    }
    var mailQueue: String?
    if settings.mailq { mailQueue = MailQueue.capture() }
    let meta = ReportMeta(version: version, generatedAt: generatedAt)
    let report = ReportBuilder.build(
      result.summary, options: reportOptions, meta: meta, inputs: result.inputs, mailQueue: mailQueue)
    // The HTML page shows the texts the text report trims whole: a page is no terminal.
    let fullTextReport =
      settings.outputs.contains { $0.format == .html }
      ? ReportBuilder.withWholeTexts(report, from: result.summary, options: reportOptions) : nil
    // Nothing reads the summary after this: its tables go before the outputs are written, whose
    // own memory (the JSON document's rows, the page) came on top of them (bench week, --json:
    // peak RSS 253 MiB, the summary about 100 of it). Big blocks are mapped on their own
    // (`FreedMemory`), so they go back to the system as they are freed.
    result.summary = Summary()
    phases?.lap("report model")
    let writer = OutputWriter(templateDirectory: settings.templateDir, capture: capture)
    for target in settings.outputs {
      let shown = target.format == .html ? fullTextReport ?? report : report
      if let failure = writer.write(shown, to: target) {
        Diagnostics.warn(failure.message)
        failed(failure)
      }
      phases?.lap("write \(target.format)")
    }
    if exitsAfter { ExitTeardown.skip(report, fullTextReport as Any, result) }
    return status
  }

  /// A usage error a subcommand finds in the options (exit 64).
  struct UsageError: Error {
    var command: String
    var message: String
  }

  /// The arguments resolved, or the exit status when they end the run here.
  enum Resolution {
    case resolved((cli: CommandOptions, config: ConfigFile, settings: Settings, notices: [String]))
    case exit(ExitStatus)
  }

  /// Whether a run with these arguments collects who is sending (`ParseOptions.trackSubmitters`:
  /// `--abuse-stats`, an HTML, CSV or JSON output, a saved aggregate), worked out as `resolve`
  /// does but without a word on stderr; nil when the arguments make no run of the report (a
  /// usage error, help, the archive subcommand) — the run itself then says what it has to.
  static func collectsWhoIsSending(_ arguments: [String]) -> Bool? {
    guard arguments.first != ArchiveCommand.name, let normalized = try? ArgumentNormalizer.normalize(arguments),
      let cli = try? CommandOptions.parse(normalized.arguments)
    else { return nil }
    var config = ConfigFile()
    if let path = cli.config {
      guard let loaded = try? ConfigFile.load(path: path) else { return nil }
      config = loaded
    }
    let settings = try? Settings.resolve(
      cli, config: config, clock: { LocalTimeValue.now().value }, cores: ProcessInfo.processInfo.activeProcessorCount)
    return settings?.parse.trackSubmitters
  }

  /// Steps 1 to 3 of a run: pflogsumm's spellings, the argument parser, the configuration file,
  /// the settings. `adjust` sees the parsed options and the configuration file first (a
  /// subcommand takes its own arguments out, refuses options it has no use for with a usage
  /// error, and sets its own defaults).
  static func resolve(
    _ arguments: [String], clock: () -> LocalTimeValue, printOut: (String) -> ExitStatus,
    adjust: (inout CommandOptions, ConfigFile) throws(UsageError) -> Void = { _, _ in }
  ) -> Resolution {
    // 1. pflogsumm spellings → canonical arguments.
    let normalized: ArgumentNormalizer.Result
    do {
      normalized = try ArgumentNormalizer.normalize(arguments)
    } catch ArgumentNormalizer.Failure.ambiguous(let arg, let names) {
      Diagnostics.warn("option \(arg) is ambiguous (\(names.joined(separator: ", ")))")
      Diagnostics.writeStandardError("Try 'postsumm --help' for more information.\n")
      return .exit(.usage)
    } catch ArgumentNormalizer.Failure.unknown(let arg, let suggestion) {
      Diagnostics.warn("unknown option \(arg)" + (suggestion.map { " (did you mean \($0)?)" } ?? ""))
      Diagnostics.writeStandardError("Try 'postsumm --help' for more information.\n")
      return .exit(.usage)
    } catch {
      return .exit(.usage)
    }

    // 2. Parse them.
    var cli: CommandOptions
    do {
      cli = try CommandOptions.parse(normalized.arguments)
    } catch {
      return .exit(reportParseExit(error, printOut: printOut))
    }

    // 3. Configuration file, then the effective settings.
    var config = ConfigFile()
    if let path = cli.config {
      do {
        config = try ConfigFile.load(path: path)
      } catch ConfigFile.Failure.unreadable(let p, let reason) {
        Diagnostics.warn("\(p): \(reason)")
        return .exit(.usage)
      } catch {
        return .exit(.usage)
      }
      for w in config.warnings { Diagnostics.warn(w) }
    }
    do {
      try adjust(&cli, config)
    } catch {
      Diagnostics.warn(error.message)
      Diagnostics.writeStandardError("Try 'postsumm \(error.command) --help' for more information.\n")
      return .exit(.usage)
    }
    let settings: Settings
    do {
      settings = try Settings.resolve(
        cli, config: config, clock: { clock().value },
        cores: ProcessInfo.processInfo.activeProcessorCount)
    } catch Settings.Failure.suppressHelp {
      return .exit(printOut("Valid --suppress options:\n" + Settings.suppressNames.map { "    \($0)\n" }.joined()))
    } catch Settings.Failure.usage(let message) {
      Diagnostics.warn(message)
      Diagnostics.writeStandardError("Try 'postsumm --help' for more information.\n")
      return .exit(.usage)
    } catch OutputTarget.Failure.unknownExtension(let path) {
      Diagnostics.warn(
        "cannot tell the format of '\(path)' from its name: use .txt, .html or .json for a file, an existing directory or a path ending in / for the CSV tables, or --text/--html/--json/--csv")
      return .exit(.usage)
    } catch OutputTarget.Failure.csvFile(let path) {
      Diagnostics.warn(
        "'\(path)': CSV output is a directory of tables (one file per table), not one file; name a directory (-o \(Directories.trimmingTrailingSlashes(String(path.dropLast(4))))/ or --csv DIR)")
      return .exit(.usage)
    } catch {
      Diagnostics.warn("\(error)")
      return .exit(.usage)
    }
    return .resolved((cli, config, settings, normalized.notices))
  }

  /// Help, version and parse errors from the argument parser.
  private static func reportParseExit(_ error: Error, printOut: (String) -> ExitStatus) -> ExitStatus {
    let code = CommandOptions.exitCode(for: error)
    let message = CommandOptions.fullMessage(for: error)
    if code == .success {
      // --help, --version, --generate-completion-script
      return printOut(message.hasSuffix("\n") ? message : message + "\n")
    }
    if !message.isEmpty { Diagnostics.writeStandardError(message + "\n") }
    return .usage
  }
}

/// A local time as tests see it (the CLI's `LocalTime` stays internal).
public struct LocalTimeValue: Sendable {
  var value: LocalTime
  init(_ value: LocalTime) { self.value = value }

  /// The local clock.
  public static func now() -> LocalTimeValue { LocalTimeValue(LocalTime.now()) }

  /// `YYYY-MM-DDTHH:MM:SS`
  public init?(iso: String) {
    guard let t = LocalTime.parse(iso) else { return nil }
    value = t
  }
}
