/// One input file as read: how much of it, and what went wrong.
public struct InputSummary: Sendable, Codable, Equatable {
  /// The name as given on the command line (`-` for standard input).
  public var name: String
  public var compressed: Bool
  public var lines: Int
  /// Uncompressed bytes of log read.
  public var bytes: Int64
  /// One line per problem, as printed on stderr (without the `postsumm: ` prefix).
  public var problems: [String]

  public init(name: String, compressed: Bool, lines: Int, bytes: Int64, problems: [String]) {
    self.name = name
    self.compressed = compressed
    self.lines = lines
    self.bytes = bytes
    self.problems = problems
  }
}

/// How every line read was classified. Nothing is dropped without being counted here.
public struct LineStats: Sendable, Codable, Equatable {
  /// Every line read.
  public var total: Int = 0
  /// Lines without a timestamp postsumm understands.
  public var undated: Int = 0
  /// Dated lines outside `--date-range`.
  public var outOfRange: Int = 0
  /// Dated lines from other programs (sshd, cron ...).
  public var otherPrograms: Int = 0
  /// Postfix lines that were counted in the report.
  public var postfix: Int = 0
  /// Postfix lines of a kind postsumm does not summarise (see `--unprocd-file`).
  public var unprocessed: Int = 0
  /// Lines longer than the line-length limit, skipped.
  public var overlong: Int = 0
  /// Message (queue id) states dropped because the in-flight cap was reached.
  public var evictedMessages: Int = 0
  /// smtpd/postscreen connections dropped because the in-flight cap was reached.
  public var evictedConnections: Int = 0

  public init() {}
}
