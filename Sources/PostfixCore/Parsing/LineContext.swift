/// What recording a line needs besides the summary: the options, the rules they make, and the
/// parse-time caches of one shard's parser. The caches are never merged, and no result depends
/// on them: each remembers a pure function of the bytes it is given.
struct LineContext {
  let options: ParseOptions
  let addresses: AddressRules
  let rejects: RejectRules
  /// `HostNames.clientDomain` of the clients seen lately: a client's `host[ip]` recurs on every
  /// connection, message and reject.
  private var clientDomains = BytesMemo<String>(capacity: 65_536)
  /// Recipient domain ids by address and by recipient id (`DomainSection.Caches`).
  var domainCaches = DomainSection.Caches()
  /// Scratch bytes for `CountTree.add(memo:)` keys (kept to reuse their storage).
  var memoKey: [UInt8] = []
  /// Scratch bytes for `RejectRules.writeLabels` (likewise).
  var rejectReason: [UInt8] = []

  init(options: ParseOptions) {
    self.options = options
    addresses = options.addressRules
    rejects = RejectRules(verbose: options.verbose, addFrom: options.rejectAddFrom, addTo: options.rejectAddTo, addresses: addresses)
  }

  /// `HostNames.clientDomain(text)` (not fqdn), remembered.
  mutating func clientDomain(_ text: Bytes) -> String {
    clientDomains.value(text) { HostNames.clientDomain($0) }
  }
}
