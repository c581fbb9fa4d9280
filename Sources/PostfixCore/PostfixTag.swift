/// The program part of a Postfix line: `postfix/smtpd[1234]: ` and its variants, then the
/// queue id, then the message ("payload").
///
/// Accepted tags: `postfix/DAEMON[pid]`, any path below it (`postfix/submission/smtpd`,
/// `postfix/10025/smtpd`), multi-instance names `postfix-NAME/…` (`postfix-out/smtp`), every
/// `--syslog-name NAME` (`NAME/…/DAEMON[pid]`), and `postfix[pid]` / `postfix-script[pid]` with
/// or without the pid. The daemon is always the last path component — pflogsumm takes
/// everything after the first `/`, so `10025/smtpd` never gets smtpd's logic.
struct PostfixTag {
  /// The daemon name (last path component): "smtpd", "qmgr", "postfix-script" ...
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
    // The tag is the run of bytes up to '[' or ':' or whitespace.
    var end = start
    var slash = -1
    while end < line.count {
      let c = line[end]
      if c == ASCII.lbracket || c == ASCII.colon || ASCII.isSpace(c) { break }
      if c == ASCII.slash { slash = end }
      end += 1
    }
    guard end > start else { return .otherProgram }
    let lastSlash = slash >= 0 ? slash : nil
    let isPostfix: Bool
    let serviceRange: Range<Int>
    if let lastSlash {
      guard lastSlash + 1 < end else { return isPostfixProgram(line, start, end, syslogNames) ? .malformedPostfix : .otherProgram }
      // Nearly every line: "postfix/…/daemon", whose first component is "postfix".
      isPostfix = line.matches("postfix/", at: start) || isPostfixProgram(line, start, lastSlash, syslogNames)
      serviceRange = (lastSlash + 1)..<end
    } else {
      // Bare "postfix" or "postfix-script" (the only Postfix tags without a daemon path).
      isPostfix = line.isExactly("postfix", from: start, to: end) || line.isExactly("postfix-script", from: start, to: end)
      serviceRange = start..<end
    }
    guard isPostfix else { return .otherProgram }

    var i = end
    var pid: Int?
    if i < line.count, line[i] == ASCII.lbracket {
      guard let (v, e) = line.decimal(at: i + 1), e < line.count, line[e] == ASCII.rbracket else {
        return .malformedPostfix
      }
      pid = Int(v)
      i = e + 1
    } else if lastSlash != nil {
      // Daemon lines always carry a pid.
      return .malformedPostfix
    }
    if i < line.count, line[i] == ASCII.colon { i += 1 }
    // Whitespace, then an optional "- " (some syslog daemons insert it).
    let afterTag = i
    i = line.skipSpaces(from: i)
    guard i > afterTag else { return .malformedPostfix }
    if i < line.count, line[i] == ASCII.dash, i + 1 < line.count, ASCII.isSpace(line[i + 1]) {
      i = line.skipSpaces(from: i + 1)
    }
    // Solaris syslog inserts "[ID 123456 mail.info] ".
    if line.matches("[ID ", at: i), let close = line.index(of: ASCII.rbracket, from: i),
      close + 1 < line.count, line[close + 1] == ASCII.space
    {
      i = close + 2
    }
    // The first token: bytes up to ':' or whitespace, which must be followed (after an
    // optional ':') by whitespace.
    let tokenStart = i
    while i < line.count, line[i] != ASCII.colon, !ASCII.isSpace(line[i]) { i += 1 }
    let tokenEnd = i
    guard tokenEnd > tokenStart else { return .malformedPostfix }
    var j = tokenEnd
    if j < line.count, line[j] == ASCII.colon { j += 1 }
    guard j < line.count, ASCII.isSpace(line[j]) else { return .malformedPostfix }
    // The payload drops the token when it is a queue id (or NOQUEUE) followed by ':'.
    var payloadStart = tokenStart
    if tokenEnd < line.count, line[tokenEnd] == ASCII.colon, looksLikeQueueID(line, tokenStart, tokenEnd) {
      var k = tokenEnd + 1
      let spaceStart = k
      while k < line.count, ASCII.isHSpace(line[k]) { k += 1 }
      if k > spaceStart { payloadStart = k }
    }
    let tag = PostfixTag(
      service: Service(line, serviceRange), serviceRange: serviceRange, pid: pid,
      queueIDRange: tokenStart..<tokenEnd, payloadStart: payloadStart)
    return .postfix(tag)
  }

  /// `NOQUEUE`, upper-case hex (short ids) or Postfix's long-id alphabet (no vowels).
  static func looksLikeQueueID(_ line: Bytes, _ start: Int, _ end: Int) -> Bool {
    if line.isExactly("NOQUEUE", from: start, to: end) { return true }
    // Both alphabets at once: what is still possible after each byte, as two bits.
    var possible: UInt8 = 3
    idAlphabets.withUnsafeBufferPointer { table in
      for k in start..<end {
        possible &= table[Int(line[k])]
        if possible == 0 { break }
      }
    }
    return possible != 0
  }

  /// Per byte value: 1 when it is an upper-case hex digit, 2 when it is a long-id character.
  private static let idAlphabets: [UInt8] = (0...255).map { b in
    let c = UInt8(b)
    return (ASCII.isUpperHex(c) ? 1 : 0) | (isLongIDChar(c) ? 2 : 0)
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
