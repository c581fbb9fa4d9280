import ReportModel

/// What a message carries from its receipt to its last line: the one place where a section
/// attaches per-message data.
///
/// Every `MessageState` holds one, and the lifecycle carries it through deliveries, merges and
/// replays on its own: a section that needs to know, at a delivery or a size line, something
/// about how the message arrived adds a field here — an id of some table of the summary, or a
/// plain value — sets it where the receipt is recorded (`Summary.record(_ r: ReceiptLine, …)`),
/// translates it in `remapped` when the field is an id (the merge calls it for open messages
/// and for kept events alike), and reads it from the state (`MessageState.origin`). The state's own
/// fields stay untouched. Each field costs its size in every open message (the state is
/// copied on every line of a message): prefer a 32-bit id of an interned table to anything
/// larger.
struct MessageOrigin: Equatable, Sendable {
  /// The receipt's client domain (`HostNames.clientDomain` of `client=`), or "pickup": an id of
  /// the lifecycle's `hosts`. The sender's domain of last resort, and the condition for
  /// counting senders and bytes received.
  var whence: Int32
  /// Who submitted it (`SubmitterSection`): an id of its `submitters`.
  var submitter: Int32 = -1
  /// The client IP it came from: an id of `SubmitterSection.clients`; -1 for pickup.
  var client: Int32 = -1

  /// A state whose receipt is not in the log has this origin (no id is negative).
  static let unknown = MessageOrigin(whence: -1)

  var isKnown: Bool { whence >= 0 }

  /// The origin as a run that does not track who is sending records it: no submitter, no client.
  var withoutSubmitter: MessageOrigin {
    var o = self
    (o.submitter, o.client) = (-1, -1)
    return o
  }

  /// Whether `remapped` can change an origin: some table its ids name was renumbered.
  static func isChanged(by ids: IDTranslation) -> Bool {
    !IDTranslation.isIdentity(ids.hosts) || !IDTranslation.isIdentity(ids.submitters) || !IDTranslation.isIdentity(ids.clients)
  }

  /// The origin with its ids translated into another summary's tables (at a merge).
  func remapped(_ ids: IDTranslation) -> MessageOrigin {
    guard isKnown else { return self }
    return MessageOrigin(
      whence: ids.hosts[Int(whence)], submitter: submitter < 0 ? -1 : ids.submitters[Int(submitter)],
      client: client < 0 ? -1 : ids.clients[Int(client)])
  }
}

/// How one summary's table ids translate into another's, at a merge: for each id of the later
/// summary's table, its id in the merged one.
struct IDTranslation {
  var hosts: [Int32] = []
  var senders: [Int32] = []
  var domains: [Int32] = []
  var submitters: [Int32] = []
  var clients: [Int32] = []

  /// Whether `map` changes no id.
  static func isIdentity(_ map: [Int32]) -> Bool {
    map.enumerated().allSatisfy { Int($0.element) == $0.offset }
  }
}

// MARK: Aggregate file

extension MessageOrigin: AggregateCodable {
  /// Ids of the shared tables; a new field is written and read here too.
  func encode(to out: inout AggregateWriter) {
    out.optionalID(whence, .hosts)
    out.optionalID(submitter, .submitters)
    out.optionalID(client, .clients)
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(
      whence: try input.optionalID(.hosts), submitter: try input.optionalID(.submitters),
      client: try input.optionalID(.clients))
  }
}
