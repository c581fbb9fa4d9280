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
      postsumm --html out/index.html --csv out/csv --json out/report.json /var/log/mail.log*
      zcat old/mail.log.9.gz | postsumm -

    Years: traditional syslog stamps ("Nov 24 08:00:01") have none. postsumm reads each \
    file's last line as not later than the file's modification time and counts back from \
    there, through New Year if need be. --reference-date pins "now" instead.

    Exit status: 0 every input was read completely; 1 some input could not be read \
    completely (missing, unreadable, truncated or corrupt gzip, overlong lines) - the report \
    covers the rest and stderr names each problem; 64 usage error; 73 an output file could \
    not be created; 74 writing the report failed.
    """

  /// Runs the command with the process's arguments and exits.
  public static func main() {
    HugePages.restartWithHugePagesIfUseful()
    signal(SIGPIPE, SIG_IGN)
    let status = run(arguments: Array(CommandLine.arguments.dropFirst()), exitsAfter: true)
    exit(status.rawValue)
  }

  /// Everything `main` does, minus exiting: for tests. `exitsAfter`: the process ends right
  /// after, so the report need not be torn down (see `ExitTeardown`).
  public static func run(
    arguments: [String], clock: () -> LocalTimeValue = LocalTimeValue.now,
    standardOutput capture: ((String) -> Bool)? = nil, exitsAfter: Bool = false
  ) -> ExitStatus {
    // nil: the process's standard output, to which reports go as bytes (no String per chunk).
    let standardOutput = capture ?? { writeStandardOutput($0) }
    // 1. pflogsumm spellings → canonical arguments.
    let normalized: ArgumentNormalizer.Result
    do {
      normalized = try ArgumentNormalizer.normalize(arguments)
    } catch ArgumentNormalizer.Failure.ambiguous(let arg, let names) {
      Diagnostics.warn("option \(arg) is ambiguous (\(names.joined(separator: ", ")))")
      Diagnostics.writeStandardError("Try 'postsumm --help' for more information.\n")
      return .usage
    } catch {
      return .usage
    }

    // 2. Parse them.
    let cli: CommandOptions
    do {
      cli = try CommandOptions.parse(normalized.arguments)
    } catch {
      return reportParseExit(error, standardOutput: standardOutput)
    }

    // 3. Configuration file, then the effective settings.
    var config = ConfigFile()
    if let path = cli.config {
      do {
        config = try ConfigFile.load(path: path)
      } catch ConfigFile.Failure.unreadable(let p, let reason) {
        Diagnostics.warn("\(p): \(reason)")
        return .usage
      } catch {
        return .usage
      }
      for w in config.warnings { Diagnostics.warn(w) }
    }
    let settings: Settings
    do {
      settings = try Settings.resolve(
        cli, config: config, clock: { clock().value },
        cores: ProcessInfo.processInfo.activeProcessorCount)
    } catch Settings.Failure.suppressHelp {
      _ = standardOutput("Valid --suppress options:\n" + Settings.suppressNames.map { "    \($0)\n" }.joined())
      return .success
    } catch Settings.Failure.usage(let message) {
      Diagnostics.warn(message)
      Diagnostics.writeStandardError("Try 'postsumm --help' for more information.\n")
      return .usage
    } catch OutputTarget.Failure.unknownExtension(let path) {
      Diagnostics.warn("cannot tell the format of '\(path)' from its extension (use .txt, .html, .json or .csv, or --text/--html/--json/--csv)")
      return .usage
    } catch {
      Diagnostics.warn("\(error)")
      return .usage
    }
    if cli.dumpConfig {
      _ = standardOutput(settings.dumpConfig())
      return .success
    }

    // 4. Read everything.
    var notices = normalized.notices
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
    let result = Pipeline(settings: settings, progress: meter, phases: phases).run()
    meter?.finish()
    for problem in result.problems { Diagnostics.warn(problem.description) }
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
    if let path = settings.unprocdFile, access(path, W_OK) != 0 {
      Diagnostics.warn("\(path): cannot write unprocessed lines")
    }
    if let path = settings.debugFile { DebugTrace.write(result.summary, to: path) }

    // 5. The report, in every requested format.
    let generatedAt: String?
    switch settings.generatedAt {
    case "none": generatedAt = nil
    case let s?: generatedAt = s
    case nil: generatedAt = clock().value.iso
    }
    var mailQueue: String?
    if settings.mailq { mailQueue = MailQueue.capture() }
    let report = ReportBuilder.build(
      result.summary, options: reportOptions,
      meta: ReportMeta(version: version, generatedAt: generatedAt), inputs: result.inputs, mailQueue: mailQueue)
    phases?.lap("report model")
    var status: ExitStatus = result.problems.isEmpty ? .success : .incompleteInput
    let writer = OutputWriter(templateDirectory: settings.templateDir, capture: capture)
    for target in settings.outputs {
      if let failure = writer.write(report, to: target) {
        Diagnostics.warn(failure.message)
        if status == .success || status == .incompleteInput { status = failure.status }
      }
      phases?.lap("write \(target.format)")
    }
    if exitsAfter { ExitTeardown.skip(report, result) }
    return status
  }

  /// Help, version and parse errors from the argument parser.
  private static func reportParseExit(_ error: Error, standardOutput: (String) -> Bool) -> ExitStatus {
    let code = CommandOptions.exitCode(for: error)
    let message = CommandOptions.fullMessage(for: error)
    if code == .success {
      // --help, --version, --generate-completion-script
      _ = standardOutput(message.hasSuffix("\n") ? message : message + "\n")
      return .success
    }
    if !message.isEmpty { Diagnostics.writeStandardError(message + "\n") }
    return .usage
  }

  public static func writeStandardOutput(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { writeStandardOutput(bytes: UnsafeRawBufferPointer($0)) }
  }

  /// Writes all of `bytes` to file descriptor 1; false if a write fails (a closed pipe).
  static func writeStandardOutput(bytes: UnsafeRawBufferPointer) -> Bool {
    var off = 0
    while off < bytes.count {
      let n = write(1, bytes.baseAddress! + off, bytes.count - off)  // Safe: off < count, so non-empty.
      if n <= 0 { return false }
      off += n
    }
    return true
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
