import ReportModel

/// The mergeable aggregate of one shard (a file, or a byte range of one): plain counters and
/// tables merged by addition, plus the in-flight state that must be stitched to the next shard
/// (messages, smtpd and postscreen connections) — see `Summary+Merge.swift`.
public struct Summary: Sendable {
  // MARK: Totals

  var received = 0
  var delivered = 0
  var forwarded = 0
  var deferredMessages = 0
  var deferrals = 0
  var bounced = 0
  var canceled = 0
  var expired = 0
  var rejected = 0
  var rejectWarnings = 0
  var held = 0
  var discarded = 0
  var bytesReceived: Int64 = 0
  var bytesDelivered: Int64 = 0
  /// Whether any queue manager size line was seen (pflogsumm's condition for discounting
  /// receipts that never got one).
  var sizeDataExists = false
  /// Receipts never confirmed (superseded or still open at the end), by cell.
  var unconfirmedReceipts: [Cell: Int] = [:]

  // MARK: Traffic tables

  var days: Set<Day> = []
  /// Per-day counts, but for the day counted last (`openDay`), which is kept apart: most lines
  /// count in the same day as the line before, and a dictionary lookup per line cost more than
  /// the rest of counting it.
  private var closedDays: [Day: TrafficCounts] = [:]
  private var openDay: Day?
  private var openDayCounts = TrafficCounts()

  /// Every day's counts.
  var perDay: [Day: TrafficCounts] {
    get {
      guard let openDay else { return closedDays }
      var all = closedDays
      all[openDay] = openDayCounts
      return all
    }
    set {
      closedDays = newValue
      openDay = nil
    }
  }

  /// The counts of `day`, to update in place.
  subscript(traffic day: Day) -> TrafficCounts {
    get { day == openDay ? openDayCounts : closedDays[day] ?? TrafficCounts() }
    _modify {
      if day != openDay {
        if let openDay { closedDays[openDay] = openDayCounts }
        openDay = day
        openDayCounts = closedDays.removeValue(forKey: day) ?? TrafficCounts()
      }
      yield &openDayCounts
    }
  }
  var perHour = [TrafficCounts](repeating: TrafficCounts(), count: 24)

  // MARK: Host, domain and user tables

  var recipientDomains = KeyedTable<DeliveryStats>()
  var recipientUsers = KeyedTable<CountBytes>()
  var senderDomains = KeyedTable<CountBytes>()
  var senderUsers = KeyedTable<CountBytes>()
  /// Per sender id, the id of its folded domain in `senderDomains` (a pure function of the
  /// address, worked out on the sender's first message), or `noDomain` when it folds to
  /// nothing (`from=<>`).
  var senderDomainIDs = IDMemo()
  static let noDomain: Int32 = -1

  // MARK: Nested reports

  var deferralTree = CountTree()
  var bounceTree = CountTree()
  var expiredTree = CountTree()
  var rejectTree = CountTree()
  var rejectWarningTree = CountTree()
  var holdTree = CountTree()
  var discardTree = CountTree()
  var inboundTLSErrors = CountTree()
  var smtpExceptions = CountTree()
  var warnings = CountTree()
  var fatals = CountTree()
  var panics = CountTree()
  var postscreenActions = CountTree()
  var tlsLevels = CountTree()
  var masterMessages: [String: Int] = [:]

  // MARK: Connections (--smtpd-stats, --pscrn-stats)

  var smtpdTotal = DurationStats()
  var smtpdPerHour = [DurationStats](repeating: DurationStats(), count: 24)
  var smtpdPerDay: [Day: DurationStats] = [:]
  var smtpdPerDomain: [String: DurationStats] = [:]
  var postscreenTotal = DurationStats()
  /// By client IP (the report shows how many): interned, since every connection end looks
  /// its client up.
  var postscreenPerIP = KeyedTable<DurationStats>()
  /// Passes by client id in `postscreenPerIP`, until `finish()` moves them to `postscreenActions`.
  var postscreenPasses = PassCounts()

  // MARK: Per message

  /// Queue id → recipient, for deliveries without size data (later shards win).
  var noSizeData: [String: String] = [:]
  /// Queue id → sender and recipients, for `-e`.
  var messageDetail: [String: [String]] = [:]

  // MARK: Input accounting

  var firstTime: LogTime?
  var lastTime: LogTime?
  var lineStats = LineStats()

  // MARK: In-flight state (see Summary+Merge.swift)

  /// Open messages that started in this shard (or, in the first shard, anywhere).
  var messages = OpenMessages()
  /// Events of messages whose earlier history is in a previous shard, in order.
  var pendingMessages: [ByteKey: [MessageEvent]] = [:]
  /// Order in which pending queue ids first appeared (keeps replay deterministic).
  var pendingOrder: [ByteKey] = []
  /// Client domains and relays that message states and events refer to (by id).
  var messageHosts = SymbolTable()
  /// Events in `pendingMessages`, all ids together (capped by `StateLimits.pendingEvents`).
  var pendingEventCount = 0
  /// Fingerprints of queue ids this shard started afresh: an earlier shard's open message
  /// with the same id was superseded.
  var restartedMessages: Set<UInt64> = []

  var smtpdOpen: [Int: SmtpdConnection] = [:]
  var pendingSmtpd: [Int: [ConnectionEnd]] = [:]
  var pendingSmtpdOrder: [Int] = []
  var restartedSmtpd: Set<Int> = []

  /// Keyed by the client's `ip:port`.
  var postscreenOpen: [ByteKey: LogTime] = [:]
  var pendingPostscreen: [ByteKey: [ConnectionEnd]] = [:]
  var pendingPostscreenOrder: [ByteKey] = []
  var restartedPostscreen: Set<UInt64> = []

  /// Whether earlier shards may exist (then unknown history is deferred, not assumed empty).
  var hasPredecessor = false
  var limits = StateLimits.standard
  /// Log time (seconds) of the line being read, stamped on the states it touches.
  var now: Int64 = 0

  public init() {}
}

/// An smtpd connection waiting for its disconnect.
struct SmtpdConnection: Sendable {
  var start: LogTime
}

/// The end of a connection (smtpd disconnect; postscreen DISCONNECT/HANGUP/PASS) whose start
/// may be in an earlier shard.
struct ConnectionEnd: Sendable {
  var time: LogTime
  /// smtpd: client domain; postscreen: client IP.
  var client: String
  /// postscreen `PASS NEW`/`PASS OLD`: counted as an action only when the connection is known.
  var passAction: String?
  /// A later connect with the same key (replayed in order).
  var isStart = false
}

extension Summary {
  /// The line classification (for `--debug`).
  public var lineStatsForDebug: LineStats { lineStats }
}
