#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogInput
import PostfixCore
import ReportModel
import Renderers

/// `postsumm archive DIR [options] [logs…]`: keeps a static archive site up to date. The logs'
/// days go to `DIR/data/YYYY-MM-DD.psum` (`ArchiveUpdate`), then the pages that changed are
/// made again (`ArchiveSite`); a lock keeps two runs apart (`ArchiveLock`). docs/ARCHIVE.md
/// describes the site, what is read when, and the exit statuses.
enum ArchiveCommand {
  static let name = "archive"

  /// The pages' top-N limit when neither `--detail` nor the configuration file sets one (the
  /// limits given, -h, -u, --*-detail, still win): a site is read in a browser, and a busy
  /// server's month has hundreds of thousands of recipients. `--detail=-1` shows every row.
  static let defaultDetail = 100

  static let help = """
    USAGE: postsumm archive DIR [options] [file ...]

    Keeps a static web site of Postfix reports in DIR up to date: one page per day, ISO week
    and month, with previous / next / up links, and DIR/index.html listing the months and weeks
    (newest first, with totals and a small chart). Each page's folder holds index.html (the
    HTML report), report.txt (the text report), report.json and csv/.

    The logs' days are saved in DIR/data/YYYY-MM-DD.psum (one aggregate per calendar day, with
    the messages still in flight, so days merge exactly). Only days not archived yet, and the
    newest archived day (it was still growing), are parsed; lines of the other archived days
    are skipped, and old rotated files whose lines are all archived are not read at all. The
    newest day goes on from where the last run stopped reading when that file is given again
    with the same bytes (e.g. rotated to mail.log.1 since): DIR/data/growing-day. Pages
    whose data did not change are not rewritten. Every file is written to a temporary name and
    renamed, so a web server never serves half a page; a run killed halfway leaves every page
    as it was or complete, and the next run completes the rest.

    Without files, only the pages are made again (after an upgrade, or new report options).

    Options: the report options of postsumm (-h, -u, --*-detail, --smtpd-stats,
    --iso-date-time, --problems-first ...) shape the pages; their tables show the top 100 rows
    unless --detail says otherwise (--detail=-1: every row). The options that change how lines
    are read (-i, -m, --verp-mung, --srs-mung, --use-orig-to, --syslog-name, --rej-add-from,
    --rej-add-to, --verbose-msg-detail, -e, --suppress rdns-warnings) must stay the same for
    an archive. Also: --jobs, --reference-date,
    --generated-at, --template-dir, --config, --progress, --debug FILE (what the run read,
    skipped and wrote). Output options (-o, --text, --html, --csv, --json, --format), -d,
    --unprocd-file, --mailq, --save-daily and --save-aggregate do not apply; the files are
    logs (a day's aggregate file goes into DIR/data/ as it is).

    Example (cron.daily; contrib/ has the job and a systemd timer):
      postsumm archive /var/www/mailstats /var/log/mail.log*

    Exit status: 0 done; 1 some log or archived day could not be read completely (stderr names
    it; the rest was done); 64 usage error, or options that read lines differently from the
    archive's; 73 a file or directory could not be created; 74 writing failed; 75 another run
    holds the archive's lock (DIR/.lock): try again later.
    """

  /// Runs the subcommand; `arguments` follow the word `archive`.
  static func run(arguments: [String], clock: () -> LocalTimeValue, printOut: (String) -> ExitStatus) -> ExitStatus {
    if arguments.contains(where: { ["--help", "-help", "--hel", "--he"].contains($0.lowercased()) }) {
      return printOut(help + "\n")
    }
    var directory = ""
    let resolution = PostsummCommand.resolve(arguments, clock: clock, printOut: printOut) {
      (cli: inout CommandOptions, config: ConfigFile) throws(PostsummCommand.UsageError) in
      try checkOptions(cli)
      guard !cli.files.isEmpty else { throw PostsummCommand.UsageError(command: name, message: "archive: missing DIR") }
      directory = Directories.trimmingTrailingSlashes(cli.files.removeFirst())
      cli.format = OutputFormatName.none.rawValue
      if cli.detail == nil && config.values[.detail] == nil { cli.detail = defaultDetail }
    }
    guard case .resolved(let resolved) = resolution else {
      if case .exit(let status) = resolution { return status }
      return .usage
    }
    let settings = archiveSettings(resolved.settings)
    var report = settings.report
    // Aggregates are days already counted: they go into DIR/data as they are, not through a parse.
    for file in settings.files where file != "-" {
      if case .success(let info) = inspect(.file(file)), Summary.isAggregate(prefix: info.leadingBytes) {
        Diagnostics.warn(
          "archive: \(file) is an aggregate file; the archive reads logs (a day's aggregate goes into \(directory)/data/ as YYYY-MM-DD.psum)")
        Diagnostics.writeStandardError("Try 'postsumm archive --help' for more information.\n")
        return .usage
      }
    }
    report.notices = resolved.notices

    do {
      try Directories.create(directory)
    } catch {
      Diagnostics.warn(error.message)
      return error.status
    }
    let lock: ArchiveLock
    do {
      lock = try ArchiveLock(directory: directory)
    } catch {
      switch error {
      case .held(let path):
        Diagnostics.warn("\(directory): another postsumm archive run is updating it (it holds \(path)); try again later")
        return .locked
      case .cannotOpen(let failure):
        Diagnostics.warn(failure.message)
        return failure.status
      }
    }
    defer { withExtendedLifetime(lock) {} }

    let store = FileDayStore(directory: "\(directory)/data")
    if let failure = checkOptions(settings.parse, against: store) {
      Diagnostics.warn(failure.message)
      return failure.status
    }
    let logs = settings.files
    var status = ExitStatus.success
    func failed(_ failure: OutputFailure) {
      Diagnostics.warn(failure.message)
      if status == .success || status == .incompleteInput { status = failure.status }
    }

    let phases = PhaseTimer.fromEnvironment()
    var update = ArchiveUpdate.Outcome()
    if !logs.isEmpty {
      let showProgress = settings.showProgress ?? Diagnostics.standardErrorIsTerminal
      let meter = showProgress ? ProgressMeter(totalFiles: max(logs.count, 1)) : nil
      meter?.startDrawing()
      update = ArchiveUpdate(settings: settings, store: store, progress: meter).run()
      meter?.finish()
      for problem in update.problems { Diagnostics.warn(problem.description) }
      if !update.problems.isEmpty { status = .incompleteInput }
      for day in update.keptDays {
        Diagnostics.warn(
          "\(day.iso): the logs given start later in that day than its archived lines; the archived day is kept (give the older log file too)"
        )
      }
      update.failures.forEach(failed)
      phases?.lap("archive: logs read, days saved")
    }

    let generatedAt: String? =
      switch settings.generatedAt {
      case "none": nil
      case let s?: s
      case nil: clock().value.iso
      }
    let site = ArchiveSite(
      root: directory, store: store, parse: settings.parse, report: report,
      meta: ReportMeta(version: PostsummCommand.version, generatedAt: generatedAt), templateDirectory: settings.templateDir,
      phases: phases)
    let pages = site.update()
    phases?.lap("archive: pages")
    pages.failures.forEach(failed)
    if let path = settings.debugFile, let failure = WholeFile.write(Array(trace(update, pages).utf8), to: path) {
      failed(failure)
    }
    return status
  }

  /// What the archive's days keep, whatever the options: all that a page can show (who is
  /// sending, whole texts, smtpd's connections: `ParseOptions.preparedForAggregates`), since
  /// the days are saved for good.
  static func archiveSettings(_ settings: Settings) -> Settings {
    var s = settings
    s.parse = s.parse.preparedForAggregates
    return s
  }

  /// Options that make no sense for an archive: a usage error naming them.
  private static func checkOptions(_ cli: CommandOptions) throws(PostsummCommand.UsageError) {
    let refused: [(Bool, String)] = [
      (cli.format != nil, "--format"), (!cli.output.isEmpty, "-o"), (cli.text != nil, "--text"), (cli.html != nil, "--html"),
      (cli.csv != nil, "--csv"), (cli.json != nil, "--json"), (cli.dateRange != nil, "-d"),
      (cli.unprocdFile != nil, "--unprocd-file"), (cli.mailq, "--mailq"), (cli.dumpConfig, "--dump-config"),
      (cli.saveDaily != nil, "--save-daily"), (cli.saveAggregate != nil, "--save-aggregate"),
    ]
    if let (_, option) = refused.first(where: { $0.0 }) {
      throw PostsummCommand.UsageError(
        command: name, message: "archive: \(option) does not apply (the archive writes its own pages and reads every day)")
    }
  }

  /// Days read with options that read lines differently would not merge into the same reports:
  /// the newest archived day says what the archive was made with (`AggregateOptions`), and a
  /// run with other ones is refused (exit 64). A day that cannot be read is left to the run,
  /// which names it.
  private static func checkOptions(_ options: ParseOptions, against store: FileDayStore) -> OutputFailure? {
    // The header says (a day's whole file is not read for it).
    guard let newest = (try? store.days())?.last, case .success(let header) = AggregateFile.header(path: store.path(newest)),
      let problem = header.options.incompatibility(with: options)
    else { return nil }
    return OutputFailure(message: "\(store.path(newest)): \(problem)", status: .usage)
  }

  /// `--debug FILE`: what the run read, skipped and wrote.
  static func trace(_ update: ArchiveUpdate.Outcome, _ pages: ArchiveSite.Outcome) -> String {
    func list(_ items: [String]) -> String { items.isEmpty ? "-" : items.joined(separator: " ") }
    return """
      files skipped:     \(list(update.skippedFiles))
      continued:         \(update.continued.map { "\($0.file) from byte \($0.offset)" } ?? "-")
      lines skipped:     \(update.skippedLines)
      days read:         \(list(update.readDays.map(\.iso)))
      days changed:      \(list(update.changedDays.map(\.iso)))
      days kept:         \(list(update.keptDays.map(\.iso)))
      read again:        \(update.readAgain ? "yes" : "no")
      pages written:     \(list(pages.written))
      pages kept:        \(pages.kept)

      """
  }
}
