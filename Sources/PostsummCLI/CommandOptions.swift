import ArgumentParser

/// The command line, as the argument parser sees it after `ArgumentNormalizer` has rewritten
/// pflogsumm's spellings. Every option of pflogsumm 1.3.0, plus postsumm's own; each property is
/// named like its `OptionName` and takes its names and help from `OptionCatalogue`.
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
      "Log files, plain or gzip (recognised by content), oldest first or in any order: rotated sets (mail.log, mail.log.1, mail.log.2.gz …; mail.log-20261122.gz …) are read oldest first. Aggregate files (--save-aggregate) may be among them, merged in the order of their periods. '-' or nothing reads standard input.",
      valueName: "file"),
    completion: .file())
  var files: [String] = []

  // MARK: Report selection

  @Option(name: OptionCatalogue.names(.dateRange), help: OptionCatalogue.help(.dateRange))
  var dateRange: String?

  @Flag(name: OptionCatalogue.names(.dow0mon), help: OptionCatalogue.help(.dow0mon))
  var dow0mon = false

  @Option(name: OptionCatalogue.names(.syslogName), help: OptionCatalogue.help(.syslogName))
  var syslogName: [String] = []

  @Option(name: OptionCatalogue.names(.referenceDate), help: OptionCatalogue.help(.referenceDate))
  var referenceDate: String?

  // MARK: Limits

  @Option(name: OptionCatalogue.names(.hostCnt), help: OptionCatalogue.help(.hostCnt))
  var hostCnt: Int?
  @Option(name: OptionCatalogue.names(.userCnt), help: OptionCatalogue.help(.userCnt))
  var userCnt: Int?
  @Option(name: OptionCatalogue.names(.detail), help: OptionCatalogue.help(.detail))
  var detail: Int?
  @Option(name: OptionCatalogue.names(.bounceDetail), help: OptionCatalogue.help(.bounceDetail))
  var bounceDetail: Int?
  @Option(name: OptionCatalogue.names(.deferralDetail), help: OptionCatalogue.help(.deferralDetail))
  var deferralDetail: Int?
  @Option(name: OptionCatalogue.names(.expiredDetail), help: OptionCatalogue.help(.expiredDetail))
  var expiredDetail: Int?
  @Option(name: OptionCatalogue.names(.rejectDetail), help: OptionCatalogue.help(.rejectDetail))
  var rejectDetail: Int?
  @Option(name: OptionCatalogue.names(.warningDetail), help: OptionCatalogue.help(.warningDetail))
  var warningDetail: Int?
  @Option(name: OptionCatalogue.names(.smtpdWarningDetail), help: OptionCatalogue.help(.smtpdWarningDetail))
  var smtpdWarningDetail: Int?
  @Option(name: OptionCatalogue.names(.smtpDetail), help: OptionCatalogue.help(.smtpDetail))
  var smtpDetail: Int?
  @Option(name: OptionCatalogue.names(.pscrnDetail), help: OptionCatalogue.help(.pscrnDetail))
  var pscrnDetail: Int?
  @Option(name: OptionCatalogue.names(.colwidth), help: OptionCatalogue.help(.colwidth))
  var colwidth: Int?

  // MARK: Switches

  @Flag(name: OptionCatalogue.names(.extendedDetail), help: OptionCatalogue.help(.extendedDetail))
  var extendedDetail = false
  @Flag(name: OptionCatalogue.names(.ignoreCase), help: OptionCatalogue.help(.ignoreCase))
  var ignoreCase = false
  @Flag(name: OptionCatalogue.names(.isoDateTime), help: OptionCatalogue.help(.isoDateTime))
  var isoDateTime = false
  @Flag(name: OptionCatalogue.names(.uucpMung), help: OptionCatalogue.help(.uucpMung))
  var uucpMung = false
  @Flag(name: OptionCatalogue.names(.noNoMsgSize), help: OptionCatalogue.help(.noNoMsgSize))
  var noNoMsgSize = false
  @Flag(name: OptionCatalogue.names(.problemsFirst), help: OptionCatalogue.help(.problemsFirst))
  var problemsFirst = false
  @Flag(name: OptionCatalogue.names(.pscrnStats), help: OptionCatalogue.help(.pscrnStats))
  var pscrnStats = false
  @Flag(name: OptionCatalogue.names(.quiet), help: OptionCatalogue.help(.quiet))
  var quiet = false
  @Flag(name: OptionCatalogue.names(.rejAddFrom), help: OptionCatalogue.help(.rejAddFrom))
  var rejAddFrom = false
  @Flag(name: OptionCatalogue.names(.rejAddTo), help: OptionCatalogue.help(.rejAddTo))
  var rejAddTo = false
  @Flag(name: OptionCatalogue.names(.smtpdStats), help: OptionCatalogue.help(.smtpdStats))
  var smtpdStats = false
  @Flag(name: OptionCatalogue.names(.srsMung), help: OptionCatalogue.help(.srsMung))
  var srsMung = false
  @Flag(name: OptionCatalogue.names(.sslTlsStats), help: OptionCatalogue.help(.sslTlsStats))
  var sslTlsStats = false
  @Flag(name: OptionCatalogue.names(.useOrigTo), help: OptionCatalogue.help(.useOrigTo))
  var useOrigTo = false
  @Flag(name: OptionCatalogue.names(.verboseMsgDetail), help: OptionCatalogue.help(.verboseMsgDetail))
  var verboseMsgDetail = false
  @Option(name: OptionCatalogue.names(.verpMung), help: OptionCatalogue.help(.verpMung))
  var verpMung: Int?
  @Flag(name: OptionCatalogue.names(.zeroFill), help: OptionCatalogue.help(.zeroFill))
  var zeroFill = false
  @Option(name: OptionCatalogue.names(.suppress), help: OptionCatalogue.help(.suppress))
  var suppress: String?
  @Flag(name: OptionCatalogue.names(.mailq), help: OptionCatalogue.help(.mailq))
  var mailq = false
  @Flag(name: OptionCatalogue.names(.abuseStats), help: OptionCatalogue.help(.abuseStats))
  var abuseStats = false
  @Flag(name: OptionCatalogue.names(.serverStats), help: OptionCatalogue.help(.serverStats))
  var serverStats = false

  // MARK: Files and configuration

  @Option(name: OptionCatalogue.names(.config), help: OptionCatalogue.help(.config), completion: .file())
  var config: String?
  @Flag(name: OptionCatalogue.names(.dumpConfig), help: OptionCatalogue.help(.dumpConfig))
  var dumpConfig = false
  @Option(name: OptionCatalogue.names(.unprocdFile), help: OptionCatalogue.help(.unprocdFile), completion: .file())
  var unprocdFile: String?
  @Option(name: OptionCatalogue.names(.debug), help: OptionCatalogue.help(.debug), completion: .file())
  var debug: String?

  // MARK: Outputs

  @Option(name: OptionCatalogue.names(.format), help: OptionCatalogue.help(.format))
  var format: String?
  @Option(name: OptionCatalogue.names(.output), help: OptionCatalogue.help(.output), completion: .file())
  var output: [String] = []
  @Option(name: OptionCatalogue.names(.text), help: OptionCatalogue.help(.text), completion: .file())
  var text: String?
  @Option(name: OptionCatalogue.names(.html), help: OptionCatalogue.help(.html), completion: .file())
  var html: String?
  @Option(name: OptionCatalogue.names(.csv), help: OptionCatalogue.help(.csv), completion: .directory)
  var csv: String?
  @Option(name: OptionCatalogue.names(.json), help: OptionCatalogue.help(.json), completion: .file())
  var json: String?
  @Option(name: OptionCatalogue.names(.templateDir), help: OptionCatalogue.help(.templateDir), completion: .directory)
  var templateDir: String?
  @Option(name: OptionCatalogue.names(.generatedAt), help: OptionCatalogue.help(.generatedAt))
  var generatedAt: String?
  @Option(name: OptionCatalogue.names(.saveAggregate), help: OptionCatalogue.help(.saveAggregate), completion: .file())
  var saveAggregate: String?

  // MARK: Running

  @Option(name: OptionCatalogue.names(.jobs), help: OptionCatalogue.help(.jobs))
  var jobs: Int?

  // MARK: Who is sending

  @Option(name: OptionCatalogue.names(.highVolume), help: OptionCatalogue.help(.highVolume))
  var highVolume: Int?
  @Option(name: OptionCatalogue.names(.manyNetworks), help: OptionCatalogue.help(.manyNetworks))
  var manyNetworks: Int?
  @Option(name: OptionCatalogue.names(.highBounceRecipients), help: OptionCatalogue.help(.highBounceRecipients))
  var highBounceRecipients: Int?
  @Option(name: OptionCatalogue.names(.highBouncePercent), help: OptionCatalogue.help(.highBouncePercent))
  var highBouncePercent: Int?
  @Option(name: OptionCatalogue.names(.remoteBlocked), help: OptionCatalogue.help(.remoteBlocked))
  var remoteBlocked: Int?
  @Flag(name: OptionCatalogue.names(.progress), help: OptionCatalogue.help(.progress))
  var progress = false
  @Flag(name: OptionCatalogue.names(.noProgress), help: OptionCatalogue.help(.noProgress))
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
