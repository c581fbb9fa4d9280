/// The program part of a Postfix line: `postfix/smtpd[1234]: ` and its variants, then the
/// queue id, then the message ("payload").
///
/// Accepted tags: `postfix/DAEMON[pid]`, any path below it (`postfix/submission/smtpd`,
/// `postfix/10025/smtpd`), multi-instance names `postfix-NAME/…` (`postfix-out/smtp`), every
/// `--syslog-name NAME` (`NAME/…/DAEMON[pid]`), and `postfix[pid]` / `postfix-script[pid]` with
/// or without the pid. The daemon is always the last path component — pflogsumm takes
/// everything after the first `/`, so `10025/smtpd` never gets smtpd's logic.
struct PostfixTag {
  /// The daemon (last path component of the tag): "smtpd", "qmgr", "postfix-script" ...
  var service: Service
  var serviceRange: Range<Int>
  var pid: Int?
  /// The first token after the tag (a queue id, `NOQUEUE`, or the message's first word).
  var queueIDRange: Range<Int>
  /// The message after the tag and, when it looks like one, the queue id and its colon.
  var payloadStart: Int

  /// The outcome of looking at the program part of a dated line.
  enum Match {
    case postfix(PostfixTag)
    /// Tagged like Postfix but not in a shape we can read (no pid, no message ...).
    case malformedPostfix
    case otherProgram
  }

  static func parse(_ line: Bytes, from start: Int, syslogNames: [[UInt8]]) -> Match {
    byteClasses.withUnsafeBufferPointer { classes in parse(line, from: start, syslogNames: syslogNames, classes: classes) }
  }

  /// `parse` with the table of byte classes (`byteClasses`) at hand: one table lookup per
  /// byte, and on every line. A parser keeps its own copy, since reading the static one
  /// each time goes through its lazy initialisation check.
  static func parse(_ line: Bytes, from start: Int, syslogNames: [[UInt8]], classes: Bytes) -> Match {
    let n = line.count
    // The tag is the run of bytes up to '[' or ':' or whitespace. Nearly every line's starts
    // "postfix/", which needs no byte-by-byte look.
    let prefixed = line.matches("postfix/", at: start)
    var end = prefixed ? start + 8 : start
    var slash = prefixed ? start + 7 : -1
    while end < n {
      let c = classes[Int(line[end])]
      if c & tagStop != 0 { break }
      if c & tagSlash != 0 { slash = end }
      end += 1
    }
    guard end > start else { return .otherProgram }
    let lastSlash = slash >= 0 ? slash : nil
    let isPostfix: Bool
    let serviceRange: Range<Int>
    if let lastSlash {
      guard lastSlash + 1 < end else { return isPostfixProgram(line, start, end, syslogNames) ? .malformedPostfix : .otherProgram }
      // Nearly every line: "postfix/…/daemon", whose first component is "postfix".
      isPostfix = prefixed || isPostfixProgram(line, start, lastSlash, syslogNames)
      serviceRange = (lastSlash + 1)..<end
    } else {
      // Bare "postfix" or "postfix-script" (the only Postfix tags without a daemon path).
      isPostfix = line.isExactly("postfix", from: start, to: end) || line.isExactly("postfix-script", from: start, to: end)
      serviceRange = start..<end
    }
    guard isPostfix else { return .otherProgram }

    var i = end
    var pid: Int?
    if i < n, line[i] == ASCII.lbracket {
      // `\[(\d+)\]`, with `decimal`'s clamp for absurd lengths.
      var j = i + 1
      var v: Int64 = 0
      while j < n, ASCII.isDigit(line[j]) {
        if v < Int64.max / 10 - 10 { v = v * 10 + Int64(line[j] &- 0x30) }
        j += 1
      }
      guard j > i + 1, j < n, line[j] == ASCII.rbracket else { return .malformedPostfix }
      pid = Int(v)
      i = j + 1
    } else if lastSlash != nil {
      // Daemon lines always carry a pid.
      return .malformedPostfix
    }
    if i < n, line[i] == ASCII.colon { i += 1 }
    // Whitespace, then an optional "- " (some syslog daemons insert it).
    let afterTag = i
    i = line.skipSpaces(from: i)
    guard i > afterTag else { return .malformedPostfix }
    if i < n, line[i] == ASCII.dash, i + 1 < n, ASCII.isSpace(line[i + 1]) {
      i = line.skipSpaces(from: i + 1)
    }
    // Solaris syslog inserts "[ID 123456 mail.info] ".
    if line.matches("[ID ", at: i), let close = line.index(of: ASCII.rbracket, from: i),
      close + 1 < n, line[close + 1] == ASCII.space
    {
      i = close + 2
    }
    // The first token: bytes up to ':' or whitespace, which must be followed (after an
    // optional ':') by whitespace. The same pass keeps which queue-id alphabets it fits.
    let tokenStart = i
    var alphabets: UInt8 = idHex | idLong
    while i < n {
      let c = classes[Int(line[i])]
      if c & tokenStop != 0 { break }
      alphabets &= c
      i += 1
    }
    let tokenEnd = i
    guard tokenEnd > tokenStart else { return .malformedPostfix }
    var j = tokenEnd
    if j < n, line[j] == ASCII.colon { j += 1 }
    guard j < n, ASCII.isSpace(line[j]) else { return .malformedPostfix }
    // The payload drops the token when it is a queue id (or NOQUEUE) followed by ':'.
    var payloadStart = tokenStart
    if tokenEnd < n, line[tokenEnd] == ASCII.colon,
      alphabets != 0 || line.isExactly("NOQUEUE", from: tokenStart, to: tokenEnd)
    {
      var k = tokenEnd + 1
      let spaceStart = k
      while k < n, ASCII.isHSpace(line[k]) { k += 1 }
      if k > spaceStart { payloadStart = k }
    }
    let tag = PostfixTag(
      service: Service(line, serviceRange), serviceRange: serviceRange, pid: pid,
      queueIDRange: tokenStart..<tokenEnd, payloadStart: payloadStart)
    return .postfix(tag)
  }

  // Byte classes. The two alphabet bits come first so that `&` with a class keeps them.
  private static let idHex: UInt8 = 1
  private static let idLong: UInt8 = 2
  /// Ends the program tag: '[', ':' or whitespace.
  private static let tagStop: UInt8 = 4
  private static let tagSlash: UInt8 = 8
  /// Ends the first token: ':' or whitespace.
  private static let tokenStop: UInt8 = 16

  /// Per byte value, its classes: upper-case hex digit, long-id character, and the stops above.
  static let byteClasses: [UInt8] = (0...255).map { b in
    let c = UInt8(b)
    var k: UInt8 = (ASCII.isUpperHex(c) ? idHex : 0) | (isLongIDChar(c) ? idLong : 0)
    if c == ASCII.lbracket || c == ASCII.colon || ASCII.isSpace(c) { k |= tagStop }
    if c == ASCII.slash { k |= tagSlash }
    if c == ASCII.colon || ASCII.isSpace(c) { k |= tokenStop }
    return k
  }

  /// [0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]
  @inline(__always)
  private static func isLongIDChar(_ c: UInt8) -> Bool {
    if ASCII.isDigit(c) { return true }
    guard ASCII.isAlpha(c) else { return false }
    switch c | 0x20 {
    case 0x61, 0x65, 0x69, 0x6F, 0x75: return false  // a e i o u
    default: return true
    }
  }

  private static func isPostfixProgram(_ line: Bytes, _ start: Int, _ end: Int, _ names: [[UInt8]]) -> Bool {
    // First path component "postfix" or "postfix-INSTANCE".
    let firstSlash = line.index(of: ASCII.slash, from: start, to: end) ?? end
    if line.isExactly("postfix", from: start, to: firstSlash) { return true }
    if firstSlash - start > 8, line.matches("postfix-", at: start) { return true }
    // `--syslog-name NAME`: the tag starts with NAME followed by '/' (or is NAME).
    for name in names where !name.isEmpty && name.count <= end - start {
      var same = true
      for (k, b) in name.enumerated() where line[start + k] != b {
        same = false
        break
      }
      if same && (start + name.count == end || line[start + name.count] == ASCII.slash) { return true }
    }
    return false
  }
}

extension UnsafeBufferPointer where Element == UInt8 {
  /// Whether bytes `from..<to` equal `literal` exactly.
  @inline(__always)
  func isExactly(_ literal: StaticString, from: Int, to: Int) -> Bool {
    to - from == literal.utf8CodeUnitCount && matches(literal, at: from)
  }
}

extension PostfixTag {
  /// The daemon's name as logged (see `Service.name`).
  func serviceName(_ line: Bytes) -> String { service.name(line, serviceRange) }
}
