import ReportModel

/// How each line event counts: the events of `Daemons/` handed to the sections they concern.
/// The daemon parsers only read; everything counted is counted here, through the sections'
/// own methods and the message lifecycle (`messageEvent`).
extension Summary {
  // MARK: The line's host

  /// A Postfix line from `host`: the host becomes current when it changes (`ServerSection`).
  @inline(__always)
  mutating func countServerLine(host: Bytes) {
    if !servers.isCurrent(host) { servers.switchTo(host, totals: traffic.serverFigures) }
    servers.countLine()
  }

  /// The key of the line's queue id: its bytes and the line's host, so that the same id on
  /// two servers names two messages.
  @inline(__always)
  func queueKey(_ line: Bytes, _ tag: PostfixTag) -> ByteKey {
    ByteKey(line, tag.queueIDRange, host: servers.currentTag)
  }

  // MARK: Any daemon

  /// `warning:`, `fatal:`, `panic:` (pflogsumm's text rules: warnings condensed, except
  /// cleanup's; kept whole, for the report to trim).
  mutating func record(_ w: WarningLine, _ line: Bytes, _ tag: PostfixTag, _ context: inout LineContext) {
    var text = Array(UnsafeBufferPointer(rebasing: line[w.textStart...]))
    switch w.severity {
    case .warning:
      if submitters.isTracking, tag.service.kind == .smtpd, let f = SASLFailureLine.parse(line, at: w.textStart) {
        abuse.authFailures.count(
          client: UnsafeBufferPointer(rebasing: line[f.client]), trying: f.login.map { UnsafeBufferPointer(rebasing: line[$0]) }, at: now)
      }
      if tag.service.kind != .cleanup { text = WarningRules.condense(text) }
      if context.options.suppressRDNSWarnings, text.firstIndex(of: "does not resolve to address") != nil { return }
      details.addText(.warnings, [tag.serviceName(line)], text)
    case .fatal:
      details[.fatalErrors].add([tag.serviceName(line), text.string])
    case .panic:
      details[.panics].add([tag.serviceName(line), text.string])
    }
  }

  /// One of master's own lines.
  mutating func recordMasterMessage(_ line: Bytes, from p: Int) {
    details.masterMessages[line.string(from: p), default: 0] += 1
  }

  // MARK: cleanup

  mutating func record(_ c: CleanupLine, _ line: Bytes, _ tag: PostfixTag, _ time: LogTime, _ context: inout LineContext) {
    let qid = queueKey(line, tag)
    let options = context.options
    switch c {
    case .messageID(let id):
      guard submitters.isTracking, let id else { return }
      messageIdentified(qid, FilterHops.messageIDHash(UnsafeBufferPointer(rebasing: line[id])), options)
    case .canceled:
      traffic.canceled += 1
      messageEvent(qid, .dropped, options)
    case .action(let action, let part, let textStart):
      if options.collectRejectDetail {
        var text = Array(UnsafeBufferPointer(rebasing: line[textStart...]))
        if !options.verbose { text = CleanupLine.strippingEnvelope(text) }
        details.addText(.cleanup(action), ["cleanup", part.rawValue], text)
      }
      switch action {
      case .reject:
        traffic.rejected += 1
        if submitters.isTracking { abuse.countReject(.headerBodyCheck, temporary: CleanupLine.replyIsTemporary(line, from: textStart)) }
        messageEvent(qid, .dropped, options)
      case .hold:
        traffic.held += 1
        messageEvent(qid, .accepted, options)
      case .discard:
        traffic.discarded += 1
        messageEvent(qid, .accepted, options)
        messageEvent(qid, .removed, options)
      }
      traffic.count(.rejected, in: Cell(day: time.date, hour: time.hour))
    }
  }

  // MARK: smtpd, postscreen, pickup

  /// A message enters the queue; its origin goes with it (`MessageOrigin`): the client's
  /// domain, who submitted it (the SASL login, the local uid, or the unauthenticated client's
  /// IP) and from which client IP.
  mutating func record(_ r: ReceiptLine, _ line: Bytes, _ tag: PostfixTag, _ time: LogTime, _ context: inout LineContext) {
    let whence: String
    let cell = Cell(day: time.date, hour: time.hour)
    var origin = MessageOrigin(whence: 0)
    var mayBeFilterCopy = false
    switch r {
    case .pickup(let uid):
      whence = "pickup"
      if submitters.isTracking { origin.submitter = submitters.id(.local, Self.submitterName(line, uid ?? 0..<0)) }
    case .smtpd(let client, let login):
      let clientBytes = UnsafeBufferPointer(rebasing: line[client])
      whence = context.clientDomain(clientBytes)
      guard submitters.isTracking else { break }
      let (host, ipRange) = HostAndIP.split(clientBytes)
      let ip = Self.submitterName(line, (client.lowerBound + ipRange.lowerBound)..<(client.lowerBound + ipRange.upperBound))
      if let login {
        origin.submitter = submitters.id(.login, Self.submitterName(line, login))
        origin.client = submitters.clients.intern(ip)
      } else {
        origin.submitter = submitters.id(.client, ip)  // its name is its IP
        submitters.noteHost(origin.submitter, Self.submitterName(line, (client.lowerBound + host.lowerBound)..<(client.lowerBound + host.upperBound)))
        // A content filter's copy, maybe (`FilterHops`).
        mayBeFilterCopy = HostAndIP.isLoopbackIP(ip)
      }
    }
    origin.whence = messages.hosts.intern(whence)
    servers.countMessage()
    messageEvent(queueKey(line, tag), .received(origin: origin, cell: cell, mayBeFilterCopy: mayBeFilterCopy), context.options)
  }

  /// A submitter's name from the line, capped (a forged login can be as long as the line).
  private static func submitterName(_ line: Bytes, _ range: Range<Int>) -> Bytes {
    UnsafeBufferPointer(rebasing: line[range.lowerBound..<min(range.upperBound, range.lowerBound + SubmitterSection.nameCap)])
  }

  /// An SMTP-time verdict: the totals, the traffic tables' reject column, the reject classes,
  /// relay attempts, and the detail tree.
  mutating func record(_ r: RejectLine, _ line: Bytes, at p: Int, _ tag: PostfixTag, _ time: LogTime, _ context: inout LineContext) {
    // The line's command, client and reply, found once for the reject classes and the detail.
    var parts: RejectRules.Parts?
    switch r.kind {
    case .reject:
      traffic.rejected += 1
      if submitters.isTracking {
        parts = RejectRules.Parts(UnsafeBufferPointer(rebasing: line[p...]))
        recordRejectReply(line, at: p, tag, parts!)  // Safe: set just above.
      }
    case .rejectWarning: traffic.rejectWarnings += 1
    case .hold: traffic.held += 1
    case .discard: traffic.discarded += 1
    }
    traffic.count(.rejected, in: Cell(day: time.date, hour: time.hour))
    guard context.options.collectRejectDetail else { return }
    // Nearly every reject line is different (sender, recipient, HELO), but few details are:
    // the tree counts the detail's bytes and makes its strings once per distinct one. (The
    // scratch arrays are taken out of the context while its client-domain memo is used.)
    var key: [UInt8] = []
    var reason: [UInt8] = []
    swap(&key, &context.memoKey)
    swap(&reason, &context.rejectReason)
    let rules = context.rejects
    rules.writeLabels(
      UnsafeBufferPointer(rebasing: line[p...]), parts: parts, clientDomain: { context.clientDomain($0) }, into: &key, scratch: &reason)
    swap(&key, &context.memoKey)
    swap(&reason, &context.rejectReason)
    let kind: DetailReportKind =
      switch r.kind {
      case .reject: .rejects
      case .rejectWarning: .rejectWarnings
      case .hold: .holds
      case .discard: .discards
      }
    context.memoKey.withUnsafeBufferPointer { key in
      details[kind].add(memo: key) { RejectRules.labels(key) }
    }
  }

  /// A `reject:`'s class, and a relay attempt's client and recipient domain.
  private mutating func recordRejectReply(_ line: Bytes, at p: Int, _ tag: PostfixTag, _ parts: RejectRules.Parts) {
    let reply = RejectReply.parse(line, at: p, parts: parts)
    let rejectClass = RejectClassRules.classify(line, reply, byPostscreen: tag.service.kind == .postscreen)
    abuse.countReject(rejectClass, temporary: reply.isTemporary)
    guard rejectClass == .relayDenied, !reply.client.isEmpty else { return }
    // The recipient's domain, lower-cased (copied only when it has capitals); none without '@'.
    var domain: Bytes?
    if let to = reply.recipient, let at = line.lastIndex(of: ASCII.at, from: to.lowerBound, to: to.upperBound), at + 1 < to.upperBound {
      domain = UnsafeBufferPointer(rebasing: line[(at + 1)..<to.upperBound])
    }
    let client = UnsafeBufferPointer(rebasing: line[reply.client])
    if let d = domain, d.contains(where: { $0 &- 0x41 < 26 }) {
      d.map(ASCII.lower).withBytes { relayDenied(client, $0) }
    } else {
      relayDenied(client, domain)
    }
  }

  private mutating func relayDenied(_ client: Bytes, _ domain: Bytes?) {
    abuse.relayDenied.count(client: client, trying: domain, at: now)
  }

  /// smtpd's TLS failures (collected always, shown with `--ssl-tls-stats`) and, with
  /// `--smtpd-stats`, its connections.
  mutating func record(_ s: SmtpdLine, _ line: Bytes, _ tag: PostfixTag, _ time: LogTime, _ context: inout LineContext) {
    switch s {
    case .tlsError(let message, let client):
      details[.inboundTLSErrors].add([message, client])
    case .connect:
      guard context.options.smtpdStats, let pid = tag.pid else { return }
      smtpd.connect(SmtpdConnections.Key(pid: pid, host: servers.currentTag), at: time, stateContext)
    case .disconnect(let client):
      guard context.options.smtpdStats, let pid = tag.pid else { return }
      let domain = context.clientDomain(UnsafeBufferPointer(rebasing: line[client]))
      smtpd.disconnect(SmtpdConnections.Key(pid: pid, host: servers.currentTag), at: time, client: domain, stateContext)
    }
  }

  /// A postscreen line `m` read from `text` (the line itself when `fromLine`).
  mutating func record(_ m: PostscreenLine, in text: Bytes, fromLine: Bool, _ time: LogTime, _ options: ParseOptions) {
    switch m.role(text) {
    case .connect:
      postscreen.connect(key: ByteKey(text, m.ip, ASCII.colon, m.port, host: servers.currentTag), at: time, stateContext)
    case .end(let pass):
      let end = ConnectionEnd(time: time, client: text.string(m.ip), passAction: pass)
      postscreen.end(
        key: ByteKey(text, m.ip, ASCII.colon, m.port, host: servers.currentTag), end, stateContext, countPasses: options.postscreenDetail)
    case .handedOff:
      let end = ConnectionEnd(time: time, client: text.string(m.ip), passAction: nil)
      postscreen.end(
        key: ByteKey(text, m.ip, ASCII.colon, m.port, host: servers.currentTag), end, stateContext, countPasses: options.postscreenDetail)
      fallthrough
    case .other:
      guard options.postscreenDetail else { return }
      if fromLine && m.extra == nil {
        // `…LISTED [ip]:port`: the action, " [" and the address are one run of bytes, which
        // says both (the action is letters, the address has no space), so the tree counts the
        // run and makes the two strings once per distinct client. Listed clients are the few
        // of postscreen's access list and recur.
        let run = UnsafeBufferPointer(rebasing: text[m.action.lowerBound..<m.ip.upperBound])
        details[.postscreenActions].add(memo: run) { [text.string(m.action), text.string(m.ip)] }
        return
      }
      var action = text.string(m.action)
      if let extra = m.extra { action += " " + text.string(extra) }
      details[.postscreenActions].add([action, text.string(m.ip)])
    }
  }

  // MARK: delivery agents

  /// A delivery status line; false for statuses the summary does not read (`expired`, …).
  mutating func record(_ d: DeliveryLine, _ line: Bytes, _ tag: PostfixTag, _ time: LogTime, _ context: inout LineContext) -> Bool {
    let options = context.options
    let rules = context.addresses
    // The relay is only kept for deferrals, bounces and TLS levels: made when needed.
    let relayRange = d.relayHost(line)
    var relay: String {
      let r = line.string(relayRange)
      return options.ignoreCase ? r.lowercased() : r
    }
    var addressRange = d.to
    if options.useOrigTo, let o = d.origTo, !o.isEmpty, !(o.count == 1 && line[o.lowerBound] == 0x30) { addressRange = o }
    let address = UnsafeBufferPointer(rebasing: line[addressRange])
    let qid = queueKey(line, tag)
    let cell = Cell(day: time.date, hour: time.hour)
    let delay = DeliveryLine.microseconds(line, d.delay)

    switch d.outcome {
    case .sent:
      if d.isForwarded(line) {
        traffic.forwarded += 1
        messageEvent(qid, .forwarded(recipient: submitters.isTracking ? users.recipientID(address, rules).id : -1), options)
        return true  // pflogsumm moves on before the TLS count
      }
      traffic.count(.delivered, in: cell)
      traffic.delivered += 1
      let (recipient, keyIsAddress) = users.recipientID(address, rules)
      let domain = domains.deliveredDomainID(address, recipient: recipient, keyIsAddress: keyIsAddress, rules, &context.domainCaches)
      let relayed = tag.service.kind == .smtp
      if submitters.isTracking, let copy = d.handOff(line, tag.service.kind, host: servers.currentTag) {
        messageEvent(qid, .handedOff(recipient: recipient, domain: domain, delay: delay, relayed: relayed, copy: copy, at: now), options)
      } else {
        messageEvent(qid, .delivered(recipient: recipient, domain: domain, delay: delay, relayed: relayed), options)
      }
    case .deferred:
      if options.collectDeferralDetail, let reason = DeliveryLine.parenthesised(line, after: ", status=deferred (", greedy: false) {
        countDeferralReason(line, reason, tag, &context)
      }
      traffic.count(.deferred, in: cell)
      traffic.deferrals += 1
      let domain = domains.recipientDomainID(address, rules, &context.domainCaches)
      domains.recipientDomains[domain].addDeferral(delay: delay)
      let relayID =
        options.ignoreCase ? messages.hosts.intern(relay) : messages.hosts.intern(UnsafeBufferPointer(rebasing: line[relayRange]))
      messageEvent(qid, .deferred(relay: relayID), options)
    case .bounced:
      let reason = DeliveryLine.parenthesised(line, after: ", status=bounced (", greedy: true)
      if options.collectBounceDetail, let reason {
        let raw = Array(UnsafeBufferPointer(rebasing: line[reason]))
        let text = options.verbose ? raw : Trimming.trimSaid(raw, to: 66)
        let relayKey = Array(relay.utf8).withBytes { HostNames.clientDomain($0, fqdn: true) }
        details[.bounces].add([relayKey, text.string])
      }
      traffic.count(.bounced, in: cell)
      traffic.bounced += 1
      let blocked =
        submitters.isTracking ? reason.map { RemoteBlockRules.citesBlocking(UnsafeBufferPointer(rebasing: line[$0])) } ?? false : false
      // The bounced recipient is interned only for the submitters' distinct recipients.
      let recipient = submitters.isTracking ? users.recipientID(address, rules).id : -1
      let domain = submitters.isTracking ? domains.recipientDomainID(address, rules, &context.domainCaches) : -1
      messageEvent(
        qid, .bounced(recipient: recipient, domain: domain, relayed: tag.service.kind == .smtp, blocked: blocked), options)
    case .other:
      break
    }
    if let tls = d.tls {
      let levelEnd = line.index(of: ASCII.slash, from: tls.lowerBound, to: tls.upperBound) ?? tls.upperBound
      let relayKey = Array(relay.utf8).withBytes { HostNames.clientDomain($0, fqdn: true) }
      details[.tlsLevels].add([line.string(tls.lowerBound..<levelEnd), relayKey])
    }
    return d.outcome != .other
  }

  /// A deferral's reason in "message deferral detail": daemon, host, trimmed text.
  private mutating func countDeferralReason(_ line: Bytes, _ reason: Range<Int>, _ tag: PostfixTag, _ context: inout LineContext) {
    if context.options.verbose {
      details[.deferrals].add([tag.serviceName(line), line.string(reason)])
      return
    }
    // The same reason text recurs (one per retry of every deferred message) and the rules are
    // pure: the tree counts the daemon and raw reason, and works out the path once.
    context.memoKey.removeAll(keepingCapacity: true)
    context.memoKey.append(contentsOf: UnsafeBufferPointer(rebasing: line[tag.serviceRange]))
    context.memoKey.append(0)
    context.memoKey.append(contentsOf: UnsafeBufferPointer(rebasing: line[reason]))
    context.memoKey.withUnsafeBufferPointer { key in
      details[.deferrals].add(memo: key) {
        let (host, text) = DeferralRules.split(Array(UnsafeBufferPointer(rebasing: line[reason])))
        let hostKey = host.withBytes { HostNames.clientDomain($0, fqdn: true) }
        return [tag.serviceName(line), hostKey, Trimming.trimSaid(text, to: 66).string]
      }
    }
  }

  // MARK: qmgr, smtp

  mutating func record(_ q: QmgrLine, _ line: Bytes, _ tag: PostfixTag, _ context: inout LineContext) {
    let qid = queueKey(line, tag)
    switch q {
    case .sized(let senderRange, let size):
      traffic.sizeDataExists = true
      let sender = users.senderID(UnsafeBufferPointer(rebasing: line[senderRange]), context.addresses)
      messageEvent(qid, .sized(sender: sender, size: size), context.options)
    case .expired:
      traffic.expired += 1
      messageEvent(qid, .expired, context.options)
    case .removed:
      messageEvent(qid, .removed, context.options)
    }
  }

  /// "SMTP Exceptions": the reason, lower-cased, by destination.
  mutating func record(_ s: SmtpLine, _ line: Bytes) {
    details[.smtpExceptions].add([s.message.lowercased(), HostNames.clientDomain(UnsafeBufferPointer(rebasing: line[s.destination]), fqdn: true)])
  }
}
