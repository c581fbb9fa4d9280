import ReportModel

/// The mergeable aggregate of one shard (a file, or a byte range of one): one value per report
/// section, each merged by its own `merge` (see `Summary+Merge.swift`), and the message
/// lifecycle they share (`MessageLifecycle`).
///
/// Lines reach the sections as events (`Daemons/`), recorded by `Summary+Record.swift`; the
/// report is built section by section (`ReportBuilder`).
public struct Summary: Sendable {
  // MARK: Sections

  /// Grand totals, per-day and per-hour traffic.
  var traffic = TrafficSection()
  /// Sender and recipient domains.
  var domains = DomainSection()
  /// Sender and recipient addresses.
  var users = UserSection()
  /// The nested reports (deferrals … panics, TLS levels) and master's messages.
  var details = DetailTrees()
  /// `--smtpd-stats`
  var smtpd = SmtpdConnections()
  /// `--pscrn-stats`
  var postscreen = PostscreenConnections()
  /// "Messages with no size data"
  var withoutSize = MessagesWithoutSize()
  /// `-e`
  var messageDetail = MessageDetailSection()
  /// First and last line, line counts.
  var input = InputAccounting()
  /// Lines and messages per syslog host.
  var servers = ServerSection()
  /// Who submitted the messages, and the findings.
  var submitters = SubmitterSection()
  /// SASL failures and relay attempts per client, rejects by class.
  var abuse = AbuseSection()

  // MARK: The shared core

  /// Messages in flight and the histories kept for the merge.
  var messages = MessageLifecycle()
  /// Whether earlier shards may exist (then unknown history is deferred, not assumed empty).
  var hasPredecessor = false
  var limits = StateLimits.standard
  /// Log time (seconds) of the line being read, stamped on the states it touches.
  var now: Int64 = 0

  // MARK: Saved with an aggregate

  /// The options it was read with, as an aggregate file records them (nil: read nothing).
  var aggregateOptions: AggregateOptions?
  /// The files it was read from, in log order: saved with an aggregate, so that a report of
  /// merged aggregates lists the logs they were made from. Set by the caller (the command).
  public var inputFiles: [InputSummary] = []

  public init() {}

  /// An empty summary for a shard read with `options`; `hasPredecessor`: earlier lines exist
  /// (their message histories are resolved when merged with them).
  public init(options: ParseOptions, hasPredecessor: Bool) {
    self.init()
    self.hasPredecessor = hasPredecessor
    prepareForReading(with: options)
  }

  /// What a parse with `options` sets on the summary it reads into, new or continued: the caps
  /// on in-flight state, the width texts are kept at (while none is kept yet), whether
  /// submitters are tracked, and the options an aggregate saved from it records.
  mutating func prepareForReading(with options: ParseOptions) {
    limits = options.limits
    if details.isEmptyOfTexts { details.keptWidth = options.textWidth }
    submitters.isTracking = options.trackSubmitters
    aggregateOptions = AggregateOptions(options)
  }

  /// What the sections' in-flight state needs to know of this summary.
  var stateContext: StateContext { StateContext(hasPredecessor: hasPredecessor, limits: limits) }

  /// How the lines were classified, with the connections the sections dropped at the cap.
  var lineStats: LineStats {
    var stats = input.lineStats
    stats.evictedConnections += smtpd.evicted + postscreen.evicted
    return stats
  }
}

extension Summary {
  /// The line classification (for `--debug`).
  public var lineStatsForDebug: LineStats { lineStats }

  /// The days of every dated line read, in `-d`'s range or not (nil when none was dated).
  public var datesRead: ClosedRange<Day>? { input.datesRead }
}
