/// A delivery agent's status line (`smtp`, `lmtp`, `local`, `virtual`, `pipe`, `error`, and
/// `qmgr` itself): `to=<…>, [orig_to=<…>,] relay=…, [conn_use=…,] delay=…, [delays=…,] [tls=…,]
/// [dsn=…,] status=… (…)`. Hot path: fields are byte ranges of the line.
struct DeliveryLine {
  var to: Range<Int>
  var origTo: Range<Int>?
  var relay: Range<Int>
  var delay: Range<Int>
  var tls: Range<Int>?
  var status: Range<Int>
  /// What the status word says.
  var outcome: Outcome
  /// Everything after the status word (" (250 2.0.0 Ok ...)").
  var restStart: Int

  /// The status words the summary reads; the rest (`expired`, `undeliverable`, …) are `other`.
  enum Outcome: Equatable {
    case sent, deferred, bounced, other
  }

  static func parse(_ line: Bytes, at start: Int) -> DeliveryLine? {
    guard line.matches("to=<", at: start), let gt = line.index(of: ASCII.gt, from: start + 4) else { return nil }
    let to = (start + 4)..<gt
    guard var i = commaSpaces(line, gt + 1) else { return nil }
    var origTo: Range<Int>?
    if line.matches("orig_to=<", at: i), let g = line.index(of: ASCII.gt, from: i + 9), let j = commaSpaces(line, g + 1) {
      origTo = (i + 9)..<g
      i = j
    }
    guard line.matches("relay=", at: i), let (relay, j1) = field(line, i + 6) else { return nil }
    i = j1
    if line.matches("conn_use=", at: i), let (_, j) = field(line, i + 9) { i = j }
    guard line.matches("delay=", at: i), let (delay, j2) = field(line, i + 6) else { return nil }
    i = j2
    if line.matches("delays=", at: i), let (_, j) = field(line, i + 7) { i = j }
    var tls: Range<Int>?
    if line.matches("tls=", at: i), let (t, j) = field(line, i + 4) {
      tls = t
      i = j
    }
    if line.matches("dsn=", at: i), let (_, j) = field(line, i + 4) { i = j }
    guard line.matches("status=", at: i) else { return nil }
    let s = i + 7
    var e = s
    while e < line.count, !ASCII.isSpace(line[e]) { e += 1 }
    guard e > s else { return nil }
    let outcome: Outcome =
      line.isExactly("sent", from: s, to: e)
      ? .sent : line.isExactly("deferred", from: s, to: e) ? .deferred : line.isExactly("bounced", from: s, to: e) ? .bounced : .other
    return DeliveryLine(to: to, origTo: origTo, relay: relay, delay: delay, tls: tls, status: s..<e, outcome: outcome, restStart: e)
  }

  /// The relay without a `:port` suffix (`s/:\d+$//`).
  func relayHost(_ line: Bytes) -> Range<Int> {
    guard let colon = line.lastIndex(of: ASCII.colon, from: relay.lowerBound, to: relay.upperBound), colon + 1 < relay.upperBound
    else { return relay }
    for k in (colon + 1)..<relay.upperBound where !ASCII.isDigit(line[k]) { return relay }
    return relay.lowerBound..<colon
  }

  /// Whether a `sent` status says `(forwarded as NEWID)` (`\(forwarded as ([^\)]+)\)`): an alias
  /// or `.forward` expansion, not a delivery.
  func isForwarded(_ line: Bytes) -> Bool {
    var f = restStart
    while let at = line.index(of: "(forwarded as ", from: f) {
      f = at + 1
      let s = at + 14
      if let close = line.index(of: ASCII.rparen, from: s), close > s { return true }
    }
    return false
  }

  /// Whether a `sent` status may be a content filter's hop (`FilterHops`): to a relay on
  /// loopback (`HostAndIP.isLoopback`), with the queue id the reply names (its last `queued as
  /// ID`, a queue id of the line's host, whose tag is `host`). Without one, an empty key for smtp
  /// (the Message-ID then links the copy) and nil for the other agents (an LMTP server on
  /// loopback is a mailbox store or a list manager).
  func handOff(_ line: Bytes, _ service: ServiceKind, host: UInt64) -> ByteKey? {
    guard outcome == .sent, HostAndIP.isLoopback(UnsafeBufferPointer(rebasing: line[relay])) else { return nil }
    if let at = line.lastIndex(of: "queued as ", from: restStart) {
      let s = at + 10
      var e = s
      while e < line.count, ASCII.isAlnum(line[e]) { e += 1 }
      if e > s { return ByteKey(line, s..<e, host: host) }
    }
    return service == .smtp ? ByteKey(line, 0..<0) : nil
  }

  /// The text in parentheses after `marker` (anywhere in the line): up to the first ')'
  /// (`[^\)]+`), or to the last one (greedy `.+`).
  static func parenthesised(_ line: Bytes, after marker: StaticString, greedy: Bool) -> Range<Int>? {
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

  /// `,\s+` at i → index after the spaces.
  @inline(__always)
  private static func commaSpaces(_ line: Bytes, _ i: Int) -> Int? {
    guard i < line.count, line[i] == ASCII.comma else { return nil }
    let j = line.skipSpaces(from: i + 1)
    return j > i + 1 ? j : nil
  }

  /// `[^,]+,\s+` at i → (value range, index after the spaces).
  @inline(__always)
  private static func field(_ line: Bytes, _ i: Int) -> (Range<Int>, Int)? {
    guard let comma = line.index(of: ASCII.comma, from: i), comma > i, let j = commaSpaces(line, comma) else { return nil }
    return (i..<comma, j)
  }

  /// `delay=` as microseconds (Perl numifies the leading number; anything else is 0).
  static func microseconds(_ line: Bytes, _ r: Range<Int>) -> Int64 {
    var i = r.lowerBound
    var whole: Int64 = 0
    var digits = 0
    while i < r.upperBound, ASCII.isDigit(line[i]) {
      if whole < 1_000_000_000_000 { whole = whole * 10 + Int64(line[i] &- 0x30) }
      i += 1
      digits += 1
    }
    var fraction: Int64 = 0
    var scale: Int64 = 100_000
    if i < r.upperBound, line[i] == ASCII.dot {
      i += 1
      while i < r.upperBound, ASCII.isDigit(line[i]) {
        if scale > 0 {
          fraction += Int64(line[i] &- 0x30) * scale
          scale /= 10
        }
        i += 1
      }
    }
    _ = digits
    return whole * 1_000_000 + fraction
  }
}
