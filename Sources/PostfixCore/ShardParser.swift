import ReportModel

/// Reads the lines of one shard (a file, or a byte range of one) into a `Summary`.
///
/// Two layers, as in Lightmeter: `LineHeader` and `PostfixTag` read the syslog header and the
/// program tag; then one small rule set per daemon reads the message (pflogsumm 1.3.0's
/// dispatch order: warnings first, then cleanup, master, smtpd/postscreen/pickup, delivery
/// status lines of any daemon, the queue manager, smtp). Lines that are not Postfix's, or
/// that no rule reads, are counted in `LineStats`, never thrown away silently.
public struct ShardParser {
  public private(set) var summary: Summary
  let options: ParseOptions
  private var years: YearResolver
  private let syslogNames: [[UInt8]]
  /// `PostfixTag.byteClasses`, held here (see `PostfixTag.parse(_:from:syslogNames:classes:)`).
  private let tagClasses = PostfixTag.byteClasses
  private let addresses: AddressRules
  private let rejects: RejectRules
  private let columnWidth: Int
  /// The last date added to `summary.days` (most lines repeat it).
  private var lastDay: Day?
  /// `HostNames.clientDomain` of the clients seen lately: a client's `host[ip]` recurs on
  /// every connection, message and reject.
  private var clientDomains = BytesMemo<String>(capacity: 65_536)
  private var stampCache = LineHeader.StampCache()
  /// What `years` made of the cached stamp, while no other stamp has been resolved since: a
  /// line repeating it gets the same time (see `YearResolver.repeatLast`).
  private var cachedStampTime: LogTime?
  /// Recipient address bytes → id in `summary.recipientDomains` (see `deliveryLine`).
  private var recipientDomainIDs = BytesMemo<Int32>(capacity: 65_536)
  /// Per recipient id, its folded domain's id, for recipients whose address is their key byte
  /// for byte (the domain is a function of those bytes). Delivered mail finds its domain here
  /// without hashing the address a second time; the memo by bytes above is left to deferrals,
  /// whose recipients are not interned.
  private var recipientDomainByID = IDMemo()
  /// Scratch bytes for `CountTree.add(memo:)` keys (kept to reuse its storage).
  private var memoKey: [UInt8] = []
  /// Scratch bytes for `RejectRules.writeLabels` (likewise).
  private var rejectReason: [UInt8] = []
  /// Receives each unrecognised Postfix line (for `--unprocd-file`).
  public var unprocessedSink: ((UnsafeBufferPointer<UInt8>) -> Void)?

  /// - Parameters:
  ///   - anchor: the latest time a year-less stamp in this shard can mean (the file's
  ///     modification time, or `--reference-date`).
  ///   - startYearAdjustment: years to subtract from the first year-less line's guess (set when
  ///     a first reading showed that the shard spans more than a year).
  ///   - hasPredecessor: whether an earlier shard precedes this one (its message histories are
  ///     then resolved at merge time).
  public init(options: ParseOptions, anchor: LogTimeAnchor, startYearAdjustment: Int = 0, hasPredecessor: Bool) {
    self.options = options
    self.summary = Summary()
    self.summary.hasPredecessor = hasPredecessor
    self.summary.limits = options.limits
    self.years = YearResolver(anchor: anchor.time, startYearAdjustment: startYearAdjustment)
    self.syslogNames = options.syslogNames.map { Array($0.utf8) }
    self.addresses = options.addressRules
    self.rejects = RejectRules(
      verbose: options.verbose, addFrom: options.rejectAddFrom, addTo: options.rejectAddTo, addresses: options.addressRules)
    self.columnWidth = options.effectiveColumnWidth
  }

  /// This shard continues `summary`: everything from the summary's first shard up to this one
  /// was read into it (the sequential path from the first shard on; a `--jobs` thread from the
  /// first shard of its run, whose `hasPredecessor` the summary keeps). Pass the summary over
  /// (`consume`, or `Optional.take()`): a copy still held elsewhere makes the first change copy
  /// every table.
  public init(options: ParseOptions, anchor: LogTimeAnchor, startYearAdjustment: Int = 0, continuing summary: consuming Summary) {
    self.init(options: options, anchor: anchor, startYearAdjustment: startYearAdjustment, hasPredecessor: false)
    self.summary = summary
  }

  /// Whether the year-less stamps read so far fit under the anchor (else re-read the shard one
  /// year earlier).
  public var yearsFitAnchor: Bool { years.fitsAnchor }

  /// Reads one line (without its line terminator).
  public mutating func consume(_ line: UnsafeBufferPointer<UInt8>) {
    summary.lineStats.total += 1
    // A crash can leave NUL bytes before the next line's text.
    var start = 0
    while start < line.count, line[start] == 0 { start += 1 }
    guard let (time, restStart) = lineTime(line, from: start) else {
      summary.lineStats.undated += 1
      return
    }
    if let range = options.dateRange, !range.contains(time.date) {
      summary.lineStats.outOfRange += 1
      return
    }
    summary.now = time.seconds
    if summary.firstTime.map({ time < $0 }) ?? true { summary.firstTime = time }
    if summary.lastTime.map({ time > $0 }) ?? true { summary.lastTime = time }
    let match = tagClasses.withUnsafeBufferPointer { PostfixTag.parse(line, from: restStart, syslogNames: syslogNames, classes: $0) }
    switch match {
    case .otherProgram:
      summary.lineStats.otherPrograms += 1
    case .malformedPostfix:
      summary.lineStats.postfix += 1
      unprocessed(line)
    case .postfix(let tag):
      summary.lineStats.postfix += 1
      if time.date != lastDay {
        summary.days.insert(time.date)
        lastDay = time.date
      }
      if !dispatch(line, tag, time) { unprocessed(line) }
    }
  }

  /// The line's resolved time and where its program tag starts; nil when it has no valid
  /// header. Many lines in a row share a stamp: those after the first reuse its time.
  private mutating func lineTime(_ line: Bytes, from start: Int) -> (LogTime, Int)? {
    guard let header = LineHeader.parse(line, from: start, cache: &stampCache) else {
      // The cache may hold a stamp that was read but not resolved.
      cachedStampTime = nil
      return nil
    }
    if header.stamp == .repeated, let time = cachedStampTime {
      years.repeatLast()
      return (time, header.restStart)
    }
    let time = years.resolve(header.timestamp)
    cachedStampTime = header.stamp == .uncached ? nil : time
    return time.map { ($0, header.restStart) }
  }

  /// `HostNames.clientDomain(text)` (not fqdn), remembered.
  private mutating func clientDomain(_ text: Bytes) -> String {
    clientDomains.value(text) { HostNames.clientDomain($0) }
  }

  private mutating func unprocessed(_ line: Bytes) {
    summary.lineStats.unprocessed += 1
    unprocessedSink?(line)
  }

  // MARK: - Dispatch

  /// Returns false when no rule read the line.
  private mutating func dispatch(_ line: Bytes, _ tag: PostfixTag, _ time: LogTime) -> Bool {
    let p = tag.payloadStart
    let service = tag.service
    if Self.mayBeWarning(line, p), let handled = warningLine(line, p, tag) { return handled }
    switch service.kind {
    case .cleanup:
      return cleanupLine(line, p, tag, time)
    case .master:
      summary.masterMessages[line.string(from: p), default: 0] += 1
      return true
    case .smtpd, .postscreen, .pickup:
      return smtpdLine(line, p, tag, time)
    default:
      break
    }
    if let delivery = DeliveryLine.parse(line, at: p) {
      return deliveryLine(line, delivery, tag, time)
    }
    switch service.kind {
    case .qmgr:
      return qmgrLine(line, p, tag, time)
    case .smtp:
      return smtpLine(line, p)
    default:
      return isKnownNoise(line, p)
    }
  }

  /// Whether the message may start with `warning:`, `fatal:` or `panic:`: all three have an
  /// 'a' second, which few other messages have (`from=<`, every qmgr line's start, shares the
  /// 'f'), so one or two byte compares keep nearly every line out of `warningLine`.
  @inline(__always)
  private static func mayBeWarning(_ line: Bytes, _ p: Int) -> Bool {
    guard p + 1 < line.count, line[p + 1] == 0x61 else { return false }  // 'a'
    let first = line[p]
    return first == 0x77 || first == 0x66 || first == 0x70  // 'w', 'f', 'p'
  }

  /// `warning:`, `fatal:`, `panic:` from any daemon. nil when the line is not one.
  private mutating func warningLine(_ line: Bytes, _ p: Int, _ tag: PostfixTag) -> Bool? {
    let kind: Int
    let wordEnd: Int
    if line.matches("warning:", at: p) {
      kind = 0
      wordEnd = p + 8
    } else if line.matches("fatal:", at: p) {
      kind = 1
      wordEnd = p + 6
    } else if line.matches("panic:", at: p) {
      kind = 2
      wordEnd = p + 6
    } else {
      return nil
    }
    let textStart = line.skipSpaces(from: wordEnd)
    guard textStart > wordEnd, textStart < line.count else { return nil }
    var text = Array(UnsafeBufferPointer(rebasing: line[textStart...]))
    switch kind {
    case 0:
      if tag.service.kind != .cleanup { text = WarningRules.condense(text) }
      if options.suppressRDNSWarnings, text.firstIndex(of: "does not resolve to address") != nil { return true }
      text = Trimming.trim(text, to: 66, columnWidth: columnWidth)
      summary.warnings.add([tag.serviceName(line), text.string])
    case 1:
      summary.fatals.add([tag.serviceName(line), text.string])
    default:
      summary.panics.add([tag.serviceName(line), text.string])
    }
    return true
  }

  // MARK: cleanup

  private mutating func cleanupLine(_ line: Bytes, _ p: Int, _ tag: PostfixTag, _ time: LogTime) -> Bool {
    // ^((?:milter-)?reject|hold|discard): (header|body|END-OF-MESSAGE) (.*)$
    var i = p
    var action = -1
    for (k, word) in ([("reject: ", 0), ("milter-reject: ", 0), ("hold: ", 1), ("discard: ", 2)] as [(StaticString, Int)]).enumerated() {
      _ = k
      if line.matches(word.0, at: p) {
        action = word.1
        i = p + word.0.utf8CodeUnitCount
        break
      }
    }
    if action >= 0 {
      var part: String?
      for name: StaticString in ["header ", "body ", "END-OF-MESSAGE "] where line.matches(name, at: i) {
        part = String(describing: name).trimmingSuffixSpace
        i += name.utf8CodeUnitCount
        break
      }
      if let part {
        let qid = ByteKey(line, tag.queueIDRange)
        var text = Array(UnsafeBufferPointer(rebasing: line[i...]))
        if !options.verbose { text = Self.stripEnvelope(text) }
        let key = Trimming.trim(text, to: 64, columnWidth: columnWidth).string
        let cell = Cell(day: time.date, hour: time.hour)
        switch action {
        case 0:
          if options.collectRejectDetail { summary.rejectTree.add(["cleanup", part, key]) }
          summary.rejected += 1
          summary.messageEvent(qid, .dropped, options)
        case 1:
          if options.collectRejectDetail { summary.holdTree.add(["cleanup", part, key]) }
          summary.held += 1
          summary.messageEvent(qid, .accepted, options)
        default:
          if options.collectRejectDetail { summary.discardTree.add(["cleanup", part, key]) }
          summary.discarded += 1
          summary.messageEvent(qid, .accepted, options)
          summary.messageEvent(qid, .removed, options)
        }
        countRejectedColumn(cell)
        return true
      }
    }
    if line.isExactly("removed (canceled)", from: p) {
      summary.canceled += 1
      summary.messageEvent(ByteKey(line, tag.queueIDRange), .dropped, options)
      return true
    }
    return isKnownNoise(line, p)
  }

  /// `s/( from \S+?)?; from=<.*$//`: drop the envelope part of a cleanup action's text.
  static func stripEnvelope(_ t: [UInt8]) -> [UInt8] {
    guard let p = t.firstIndex(of: "; from=<") else { return t }
    var q = p
    while q > 0, !ASCII.isSpace(t[q - 1]) { q -= 1 }
    if q < p, q >= 6, t.matches(" from ", at: q - 6) { return Array(t[..<(q - 6)]) }
    return Array(t[..<p])
  }

  @inline(__always)
  private mutating func countRejectedColumn(_ cell: Cell) {
    summary.perHour[cell.hour].rejected += 1
    summary[traffic: cell.day].rejected += 1
  }

  // MARK: smtpd, postscreen, pickup

  private mutating func smtpdLine(_ line: Bytes, _ p: Int, _ tag: PostfixTag, _ time: LogTime) -> Bool {
    let service = tag.service.kind
    let isPickupReceipt = service == .pickup && (line.matches("sender=", at: p) || line.matches("uid=", at: p))
    if isPickupReceipt || line.matches("client=", at: p) {
      let whence: String
      if isPickupReceipt {
        whence = "pickup"
      } else {
        // ^client=(.+?)(?:,|$)
        let s = p + 7
        var e = line.count
        if s + 1 < line.count, let comma = line.index(of: ASCII.comma, from: s + 1) { e = comma }
        whence = clientDomain(UnsafeBufferPointer(rebasing: line[s..<e]))
      }
      let whenceID = summary.messageHosts.intern(whence)
      summary.messageEvent(ByteKey(line, tag.queueIDRange), .received(whence: whenceID, cell: Cell(day: time.date, hour: time.hour)), options)
      return true
    }
    if let kind = Self.rejectKind(line, p) {
      let cell = Cell(day: time.date, hour: time.hour)
      switch kind {
      case 0: summary.rejected += 1
      case 1: summary.rejectWarnings += 1
      case 2: summary.held += 1
      default: summary.discarded += 1
      }
      countRejectedColumn(cell)
      if options.collectRejectDetail {
        // Nearly every reject line is different (sender, recipient, HELO), but few details
        // are: the tree counts the detail's bytes and makes its strings once per distinct one.
        // (The scratch arrays are swapped out while the client-domain memo, part of `self`,
        // may be used.)
        var key: [UInt8] = []
        var reason: [UInt8] = []
        swap(&key, &memoKey)
        swap(&reason, &rejectReason)
        rejects.writeLabels(UnsafeBufferPointer(rebasing: line[p...]), clientDomain: { clientDomain($0) }, into: &key, scratch: &reason)
        swap(&key, &memoKey)
        swap(&reason, &rejectReason)
        memoKey.withUnsafeBufferPointer { key in
          let labels = { RejectRules.labels(key) }
          switch kind {
          case 0: summary.rejectTree.add(memo: key, path: labels)
          case 1: summary.rejectWarningTree.add(memo: key, path: labels)
          case 2: summary.holdTree.add(memo: key, path: labels)
          default: summary.discardTree.add(memo: key, path: labels)
          }
        }
      }
      return true
    }
    switch service {
    case .smtpd:
      if let (message, client) = Self.inboundTLSError(line, p) {
        summary.inboundTLSErrors.add([message, client])
        return true
      }
      if options.smtpdStats, let pid = tag.pid {
        if line.matches("connect from ", at: p) {
          summary.smtpdConnect(pid: pid, at: time)
          return true
        }
        if line.matches("disconnect from ", at: p) {
          let client = clientDomain(UnsafeBufferPointer(rebasing: line[(p + 16)...]))
          summary.smtpdDisconnect(pid: pid, at: time, client: client)
          return true
        }
      }
      return isKnownNoise(line, p)
    case .postscreen:
      guard options.postscreen else { return isKnownNoise(line, p) }
      return postscreenLine(line, p, time)
    default:
      return isKnownNoise(line, p)
    }
  }

  /// `^(reject|reject_warning|hold|discard): ` → 0...3
  private static func rejectKind(_ line: Bytes, _ p: Int) -> Int? {
    guard p < line.count else { return nil }
    switch line[p] {
    case 0x72:  // r
      if line.matches("reject: ", at: p) { return 0 }
      if line.matches("reject_warning: ", at: p) { return 1 }
    case 0x68:  // h
      if line.matches("hold: ", at: p) { return 2 }
    case 0x64:  // d
      if line.matches("discard: ", at: p) { return 3 }
    default:
      break
    }
    return nil
  }

  /// smtpd `…SSL…/…STARTTLS… from host[ip][: detail]` (collected always, shown with
  /// `--ssl-tls-stats`).
  static func inboundTLSError(_ line: Bytes, _ p: Int) -> (String, String)? {
    // The first "SSL" or "STARTTLS", whichever comes first: one scan for their 'S'.
    var keywordEnd = -1
    var s = p
    while let at = line.index(of: 0x53, from: s) {
      if line.matches("SSL", at: at) {
        keywordEnd = at + 3
        break
      }
      if line.matches("STARTTLS", at: at) {
        keywordEnd = at + 8
        break
      }
      s = at + 1
    }
    guard keywordEnd >= 0 else { return nil }
    // `\s+from\s+` after the keyword: the first white-space run (from the keyword's end on)
    // followed by "from" and more white space, whose client and tail fit.
    // Every start inside one white-space run has the same outcome: one try per run (a try per
    // byte was quadratic on long runs of spaces).
    var g = keywordEnd
    var closes = ForwardSearch()
    while g < line.count {
      guard ASCII.isSpace(line[g]) else {
        g += 1
        continue
      }
      let w = line.skipSpaces(from: g)
      defer { g = w }
      guard line.matches("from", at: w) else { continue }
      let c = line.skipSpaces(from: w + 4)
      guard c > w + 4, c < line.count, let (e, detail) = tlsClient(line, at: c, closes: &closes) else { continue }
      var message = line.string(p..<g)
      if let detail { message += " " + detail }
      let client = HostNames.clientDomain(UnsafeBufferPointer(rebasing: line[c..<e]))
      return (message, client)
    }
    return nil
  }

  /// `(\S+\[[^\]]+\])(?::\s+(.+))?$` at `c`: the end of the client and the detail text. The
  /// bracketed part may hold spaces; `\S+` is greedy, so the last '[' of the first word that
  /// works is taken.
  private static func tlsClient(_ line: Bytes, at c: Int, closes: inout ForwardSearch) -> (Int, String?)? {
    var r = c
    while r < line.count, !ASCII.isSpace(line[r]) { r += 1 }
    // The word's '[' from right to left, each with the nearest ']' after it (known as the walk
    // goes, beyond the word from `closes`); the tail depends only on that ']', so one that did
    // not fit is not tried again for the '[' before it.
    var close = closes.first(atOrAfter: r) { line.index(of: ASCII.rbracket, from: $0) }
    var failed = -1
    var k = r - 1
    while k > c {
      let byte = line[k]
      if byte == ASCII.rbracket {
        close = k
      } else if byte == ASCII.lbracket, let cl = close, cl > k + 1, cl != failed {
        let e = cl + 1
        if e == line.count { return (e, nil) }
        // `:\s+(.+)$` — when only white space follows the colon, `.+` keeps its last byte.
        if line[e] == ASCII.colon, e + 1 < line.count, ASCII.isSpace(line[e + 1]) {
          var d = line.skipSpaces(from: e + 1)
          if d == line.count { d -= 1 }
          if d > e + 1 { return (e, line.string(d..<line.count)) }
        }
        failed = cl
      }
      k -= 1
    }
    return nil
  }

  private mutating func postscreenLine(_ line: Bytes, _ p: Int, _ time: LogTime) -> Bool {
    if let m = PostscreenLine.parseCommon(line, at: p) {
      let role = m.role(line)
      if role == .other {
        // `…LISTED [ip]:port`: the action, " [" and the address are one run of bytes, which
        // says both (the action is letters, the address has no space), so the tree counts the
        // run and makes the two strings once per distinct client. Listed clients are the few
        // of postscreen's access list and recur (where each is new, the memo costs about 700
        // instructions a line more than counting the strings).
        if options.postscreenDetail {
          let run = UnsafeBufferPointer(rebasing: line[m.action.lowerBound..<m.ip.upperBound])
          summary.postscreenActions.add(memo: run) { [line.string(m.action), line.string(m.ip)] }
        }
        return true
      }
      postscreenEvent(m, role, in: line, time)
      return true
    }
    // The other shapes: the rule list reads a copy of the message.
    let text = Array(UnsafeBufferPointer(rebasing: line[p...]))
    guard let m = PostscreenLine.parse(text) else { return isKnownNoise(line, p) }
    text.withBytes { postscreenEvent(m, m.role($0), in: $0, time) }
    return true
  }

  /// Counts a postscreen line `m` (whose action has `role`) read from `text`.
  private mutating func postscreenEvent(_ m: PostscreenLine, _ role: PostscreenLine.Role, in text: Bytes, _ time: LogTime) {
    switch role {
    case .connect:
      summary.postscreenConnect(key: ByteKey(text, m.ip, ASCII.colon, m.port), at: time)
    case .end(let pass):
      let end = ConnectionEnd(time: time, client: text.string(m.ip), passAction: pass)
      summary.postscreenEnd(key: ByteKey(text, m.ip, ASCII.colon, m.port), end, options)
    case .other:
      guard options.postscreenDetail else { return }
      var action = text.string(m.action)
      if let extra = m.extra { action += " " + text.string(extra) }
      summary.postscreenActions.add([action, text.string(m.ip)])
    }
  }

  // MARK: delivery agents

  private mutating func deliveryLine(_ line: Bytes, _ d: DeliveryLine, _ tag: PostfixTag, _ time: LogTime) -> Bool {
    var relayEnd = d.relay.upperBound
    // s/:\d+$// on the relay.
    if let colon = line.lastIndex(of: ASCII.colon, from: d.relay.lowerBound, to: d.relay.upperBound),
      colon + 1 < d.relay.upperBound
    {
      var digits = true
      for k in (colon + 1)..<d.relay.upperBound where !ASCII.isDigit(line[k]) {
        digits = false
        break
      }
      if digits { relayEnd = colon }
    }
    // The relay is only kept for deferrals, bounces and TLS levels: build it lazily.
    let relayRange = d.relay.lowerBound..<relayEnd
    let ignoreCase = options.ignoreCase
    var relay: String {
      let r = line.string(relayRange)
      return ignoreCase ? r.lowercased() : r
    }
    var addressRange = d.to
    if options.useOrigTo, let o = d.origTo, !o.isEmpty, !(o.count == 1 && line[o.lowerBound] == 0x30) { addressRange = o }
    let addressBytes = UnsafeBufferPointer(rebasing: line[addressRange])
    let plainAddresses = !options.ignoreCase && !options.uucpMung
    let addressRules = addresses
    /// The recipient's id in the recipient table (interned straight from the line's bytes),
    /// and whether its key is the address byte for byte.
    func recipientID(_ table: inout KeyedTable<CountBytes>) -> (id: Int32, keyIsAddress: Bool) {
      if plainAddresses { return table.idLoweringDomainIfNeeded(addressBytes) }
      return (addressRules.recipient(Array(addressBytes)).withBytes { table.id($0) }, false)
    }
    /// The recipient's folded domain's id in the recipient-domain table.
    func foldedDomainID(_ table: inout KeyedTable<DeliveryStats>) -> Int32 {
      if !options.uucpMung, let fast = HostNames.fastFoldDomainRange(addressBytes) {
        return fast.lower ? table.id(HostNames.lowered(addressBytes, fast.range)) : table.id(UnsafeBufferPointer(rebasing: addressBytes[fast.range]))
      }
      return table.id(HostNames.foldDomain(addressRules.recipient(Array(addressBytes)).string))
    }
    /// `foldedDomainID`, remembered by address: a deferred recipient recurs on every retry.
    func domainID(_ table: inout KeyedTable<DeliveryStats>, _ memo: inout BytesMemo<Int32>) -> Int32 {
      if let known = memo.cached(addressBytes) { return known }
      let id = foldedDomainID(&table)
      memo.store(id)
      return id
    }
    let qid = ByteKey(line, tag.queueIDRange)
    let cell = Cell(day: time.date, hour: time.hour)
    let delay = DeliveryLine.microseconds(line, d.delay)
    let status = d.status

    if line.isExactly("sent", from: status.lowerBound, to: status.upperBound) {
      if Self.hasForwardedAs(line, d.restStart) {
        summary.forwarded += 1
        summary.messageEvent(qid, .accepted, options)
        return true  // pflogsumm moves on before the TLS count
      } else {
        summary.perHour[cell.hour].delivered += 1
        summary[traffic: cell.day].delivered += 1
        summary.delivered += 1
        let (r, keyIsAddress) = recipientID(&summary.recipientUsers)
        let dom: Int32
        if keyIsAddress, let known = recipientDomainByID.value(r) {
          dom = known
        } else if keyIsAddress {
          dom = foldedDomainID(&summary.recipientDomains)
          recipientDomainByID.store(dom, for: r)
        } else {
          dom = domainID(&summary.recipientDomains, &recipientDomainIDs)
        }
        summary.messageEvent(qid, .delivered(recipient: r, domain: dom, delay: delay), options)
      }
    } else if line.isExactly("deferred", from: status.lowerBound, to: status.upperBound) {
      if options.collectDeferralDetail, let reason = Self.parenthesisedRange(line, after: ", status=deferred (", greedy: false) {
        if options.verbose {
          summary.deferralTree.add([tag.serviceName(line), line.string(reason)])
        } else {
          // The same reason text recurs (one per retry of every deferred message) and the rules
          // are pure: the tree counts the daemon and raw reason, and works out the path once.
          memoKey.removeAll(keepingCapacity: true)
          memoKey.append(contentsOf: UnsafeBufferPointer(rebasing: line[tag.serviceRange]))
          memoKey.append(0)
          memoKey.append(contentsOf: UnsafeBufferPointer(rebasing: line[reason]))
          memoKey.withUnsafeBufferPointer { key in
            summary.deferralTree.add(memo: key) {
              let (host, text) = DeferralRules.split(Array(UnsafeBufferPointer(rebasing: line[reason])))
              let hostKey = host.withBytes { HostNames.clientDomain($0, fqdn: true) }
              return [tag.serviceName(line), hostKey, Trimming.trimSaid(text, to: 66).string]
            }
          }
        }
      }
      summary.perHour[cell.hour].deferred += 1
      summary[traffic: cell.day].deferred += 1
      summary.deferrals += 1
      let dom = domainID(&summary.recipientDomains, &recipientDomainIDs)
      summary.recipientDomains[dom].addDeferral(delay: delay)
      let relayID =
        ignoreCase ? summary.messageHosts.intern(relay) : summary.messageHosts.intern(UnsafeBufferPointer(rebasing: line[relayRange]))
      summary.messageEvent(qid, .deferred(relay: relayID), options)
    } else if line.isExactly("bounced", from: status.lowerBound, to: status.upperBound) {
      if options.collectBounceDetail, let reason = Self.parenthesised(line, after: ", status=bounced (", greedy: true) {
        let text = options.verbose ? reason : Trimming.trimSaid(reason, to: 66)
        let relayKey = Array(relay.utf8).withBytes { HostNames.clientDomain($0, fqdn: true) }
        summary.bounceTree.add([relayKey, text.string])
      }
      summary.perHour[cell.hour].bounced += 1
      summary[traffic: cell.day].bounced += 1
      summary.bounced += 1
      summary.messageEvent(qid, .accepted, options)
    }
    if let tls = d.tls {
      let levelEnd = line.index(of: ASCII.slash, from: tls.lowerBound, to: tls.upperBound) ?? tls.upperBound
      let relayKey = Array(relay.utf8).withBytes { HostNames.clientDomain($0, fqdn: true) }
      summary.tlsLevels.add([line.string(tls.lowerBound..<levelEnd), relayKey])
    }
    // Other statuses (expired, undeliverable ...) are not summarised.
    return line.isExactly("sent", from: status.lowerBound, to: status.upperBound)
      || line.isExactly("deferred", from: status.lowerBound, to: status.upperBound)
      || line.isExactly("bounced", from: status.lowerBound, to: status.upperBound)
  }

  /// `\(forwarded as ([^\)]+)\)` after `from`.
  private static func hasForwardedAs(_ line: Bytes, _ from: Int) -> Bool {
    var f = from
    while let at = line.index(of: "(forwarded as ", from: f) {
      f = at + 1
      let s = at + 14
      if let close = line.index(of: ASCII.rparen, from: s), close > s { return true }
    }
    return false
  }

  /// The text in parentheses after `marker` (anywhere in the line): up to the first ')'
  /// (`[^\)]+`), or to the last one (greedy `.+`).
  private static func parenthesised(_ line: Bytes, after marker: StaticString, greedy: Bool) -> [UInt8]? {
    parenthesisedRange(line, after: marker, greedy: greedy).map { Array(UnsafeBufferPointer(rebasing: line[$0])) }
  }

  /// `parenthesised`, as a range of the line.
  private static func parenthesisedRange(_ line: Bytes, after marker: StaticString, greedy: Bool) -> Range<Int>? {
    guard let at = line.index(of: marker, from: 0) else { return nil }
    let s = at + marker.utf8CodeUnitCount
    if greedy {
      guard let close = line.lastIndex(of: ASCII.rparen, from: s + 1), close > s else { return nil }
      return s..<close
    }
    let e = line.index(of: ASCII.rparen, from: s) ?? line.count
    guard e > s else { return nil }
    return s..<e
  }

  // MARK: qmgr

  private mutating func qmgrLine(_ line: Bytes, _ p: Int, _ tag: PostfixTag, _ time: LogTime) -> Bool {
    // ^from=<([^>]*)>, size=(\d+)
    if line.matches("from=<", at: p), let gt = line.index(of: ASCII.gt, from: p + 6), line.matches(", size=", at: gt + 1),
      let (size, _) = line.decimal(at: gt + 8)
    {
      summary.sizeDataExists = true
      let rawBytes = UnsafeBufferPointer(rebasing: line[(p + 6)..<gt])
      let sender: Int32
      if rawBytes.isEmpty {
        sender = summary.senderUsers.id("from=<>")
      } else if !options.ignoreCase && !options.uucpMung && options.verpMung == nil && !options.srsMung {
        sender = summary.senderUsers.idLoweringDomain(rawBytes)
      } else {
        sender = addresses.sender(Array(rawBytes)).withBytes { summary.senderUsers.id($0) }
      }
      summary.messageEvent(ByteKey(line, tag.queueIDRange), .sized(sender: sender, size: size), options)
      return true
    }
    if line.hasSuffix(", status=expired, returned to sender") {
      summary.expired += 1
      summary.messageEvent(ByteKey(line, tag.queueIDRange), .expired, options)
      return true
    }
    if line.isExactly("removed", from: p) {
      summary.messageEvent(ByteKey(line, tag.queueIDRange), .removed, options)
      return true
    }
    return isKnownNoise(line, p)
  }

  // MARK: smtp

  /// `connect to HOST[IP]:PORT: REASON` (or the older `… (port N)` form) → "SMTP Exceptions".
  private mutating func smtpLine(_ line: Bytes, _ p: Int) -> Bool {
    guard line.matches("connect to", at: p) else { return isKnownNoise(line, p) }
    let hs = line.skipSpaces(from: p + 10)
    guard hs > p + 10, let close = line.index(of: ASCII.rbracket, from: hs), close > hs else { return isKnownNoise(line, p) }
    let dest = UnsafeBufferPointer(rebasing: line[hs...close])
    var message: String?
    // ^connect to\s+([^\]]+\]): (.+?) \(port \d+\)$
    if line.matches(": ", at: close + 1), line.hasSuffix(")") {
      if let portAt = line.lastIndex(of: " (port ", from: close + 4) {
        let d = line.decimal(at: portAt + 7)
        if let d, d.end == line.count - 1 { message = line.string((close + 3)..<portAt) }
      }
    }
    // ^connect to\s+([^\]]+\]):\d+:\s+(.+)$
    if message == nil, close + 1 < line.count, line[close + 1] == ASCII.colon, let (_, e) = line.decimal(at: close + 2),
      e < line.count, line[e] == ASCII.colon
    {
      let ms = line.skipSpaces(from: e + 1)
      if ms > e + 1, ms < line.count { message = line.string(from: ms) }
    }
    guard let message else { return isKnownNoise(line, p) }
    summary.smtpExceptions.add([message.lowercased(), HostNames.clientDomain(dest, fqdn: true)])
    return true
  }

  // MARK: noise

  /// Common lines that carry nothing for the summary; they are not "unrecognised".
  private func isKnownNoise(_ line: Bytes, _ p: Int) -> Bool {
    guard p < line.count else { return false }
    for prefix in Self.noiseByFirstByte[Int(line[p])] where line.matches(prefix, at: p) {
      return true
    }
    return false
  }

  /// Message beginnings of common lines that carry nothing for the summary (they are neither
  /// counted nor "unrecognised"), bucketed by first byte so that a line checks only a few.
  private static let noiseByFirstByte: [[StaticString]] = {
    let all: [StaticString] = [
      "message-id=", "connect from ", "disconnect from ", "lost connection after ", "timeout after ",
      "Anonymous TLS connection", "Trusted TLS connection", "Untrusted TLS connection", "Verified TLS connection",
      "statistics: ", "sender non-delivery notification", "sender delivery status notification",
      "postmaster non-delivery notification", "too many errors after ", "improper command pipelining",
      "setting up TLS connection", "initializing the ", "SSL_accept", "TLS SNI", "daemon started", "reload ",
      "starting the Postfix", "stopping the Postfix", "refreshing the Postfix", "terminating on signal",
      "Postfix is running", "released from hold", "placed on hold", "requeued", "removed", "redirect:",
      "filter:", "info: ", "replace: ", "prepend: ", "client=", "uid=", "sender=", "from=<", "CONNECT from",
      "PASS ", "DISCONNECT", "NOQUEUE", "host ", "connect to ", "conversation with ", "SMTPUTF8", "pickup",
      "dnsblog", "addr ", "cache ", "NON-SMTP", "COMMAND", "PREGREET", "HANGUP", "WHITELIST", "ALLOWLIST",
      "BLACKLIST", "DENYLIST", "DNSBL", "mail ", "skipped", "deferred", "250 ",
    ]
    var buckets = [[StaticString]](repeating: [], count: 256)
    for p in all { buckets[Int(p.utf8Start[0])].append(p) }
    return buckets
  }()
}

/// The latest time year-less stamps of a shard may carry.
public struct LogTimeAnchor: Sendable {
  var time: LogTime

  /// - Parameters: date and second of day in local wall-clock time.
  public init(date: Day, secondOfDay: Int) {
    time = LogTime(date: date, secondOfDay: secondOfDay)
  }
}

extension String {
  var trimmingSuffixSpace: String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }
}
