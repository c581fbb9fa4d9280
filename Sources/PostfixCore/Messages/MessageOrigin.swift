/// What a message carries from its receipt to its last line: the one place where a section
/// attaches per-message data.
///
/// A message's state (`MessageState`) is packed and copied on every line; it holds only the id
/// of its origin, interned in the lifecycle's `OriginTable` (most messages share one: a client
/// domain, later a login). The lifecycle carries the id through deliveries, merges and replays
/// on its own: a section that needs to know, at a delivery or a size line, something about how
/// the message arrived adds a field here — an id of some table of the summary, or a plain
/// value — sets it where the receipt is recorded (`Summary.record(_ receipt:)`), translates it
/// in `remapped` when the field is an id, and reads it through `Summary.origin(of:)`.
struct MessageOrigin: Hashable, Sendable {
  /// The receipt's client domain (`HostNames.clientDomain` of `client=`), or "pickup": an id of
  /// the lifecycle's `hosts`. The sender's domain of last resort, and the condition for
  /// counting senders and bytes received.
  var whence: Int32

  /// The origin with its ids translated into another summary's tables (at a merge).
  func remapped(_ ids: IDTranslation) -> MessageOrigin {
    MessageOrigin(whence: ids.hosts[Int(whence)])
  }
}

/// The origins of a summary's messages, each once, by dense id.
struct OriginTable: Sendable {
  private(set) var origins: [MessageOrigin] = []
  private var index: [MessageOrigin: Int32] = [:]

  var count: Int { origins.count }

  /// The id of `origin`, adding it when new.
  @inline(__always)
  mutating func id(_ origin: MessageOrigin) -> Int32 {
    if let known = index[origin] { return known }
    let id = Int32(origins.count)
    origins.append(origin)
    index[origin] = id
    return id
  }

  subscript(id: Int32) -> MessageOrigin {
    @inline(__always) get { origins[Int(id)] }
  }

  /// Adds `other`'s origins, their ids first translated with `ids` (whose `origins` is not yet
  /// known); returns, for each id of `other`, its id here.
  mutating func merge(_ other: OriginTable, _ ids: IDTranslation) -> [Int32] {
    other.origins.map { id($0.remapped(ids)) }
  }

  func invariantsHold() -> Bool {
    index.count == origins.count && index.allSatisfy { origins[Int($0.value)] == $0.key }
  }
}

/// How one summary's table ids translate into another's, at a merge: for each id of the later
/// summary's table, its id in the merged one.
struct IDTranslation {
  var hosts: [Int32] = []
  var senders: [Int32] = []
  var domains: [Int32] = []
  var origins: [Int32] = []

  /// Whether `map` changes no id.
  static func isIdentity(_ map: [Int32]) -> Bool {
    map.enumerated().allSatisfy { Int($0.element) == $0.offset }
  }
}
