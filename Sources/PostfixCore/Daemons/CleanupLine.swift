/// cleanup's lines about a message's fate: a header/body check's action
/// (`^((?:milter-)?reject|hold|discard): (header|body|END-OF-MESSAGE) (.*)$`) or
/// `removed (canceled)`; and the Message-ID it logs for every message.
enum CleanupLine: Equatable {
  /// `reject` (also `milter-reject`), `hold` or `discard`, on a part of the message; the text
  /// (the check's log text, with the envelope after it) runs from `textStart` to the line's end.
  case action(Action, part: Part, textStart: Int)
  /// `removed (canceled)`: the sender gave up before the message was queued.
  case canceled
  /// `message-id=<…>`: the message's Message-ID as cleanup logs it (to the end of the line);
  /// nil when empty (`message-id=` or `message-id=<>`). Only who is sending reads it.
  case messageID(Range<Int>?)

  enum Action: Equatable {
    case reject, hold, discard
  }

  enum Part: String, Equatable {
    case header
    case body
    case endOfMessage = "END-OF-MESSAGE"
  }

  static func parse(_ line: Bytes, at p: Int) -> CleanupLine? {
    if line.matches("message-id=", at: p) {
      var e = line.count
      while e > p + 11, ASCII.isSpace(line[e - 1]) { e -= 1 }
      let empty = e == p + 11 || (e == p + 13 && line[p + 11] == ASCII.lt && line[p + 12] == ASCII.gt)
      return .messageID(empty ? nil : (p + 11)..<e)
    }
    if let (action, afterAction) = self.action(line, p) {
      for (word, part) in [("header ", .header), ("body ", .body), ("END-OF-MESSAGE ", .endOfMessage)] as [(StaticString, Part)]
      where line.matches(word, at: afterAction) {
        return .action(action, part: part, textStart: afterAction + word.utf8CodeUnitCount)
      }
    }
    if line.isExactly("removed (canceled)", from: p) { return .canceled }
    return nil
  }

  private static func action(_ line: Bytes, _ p: Int) -> (Action, Int)? {
    for (word, action) in [("reject: ", .reject), ("milter-reject: ", .reject), ("hold: ", .hold), ("discard: ", .discard)]
      as [(StaticString, Action)] where line.matches(word, at: p)
    {
      return (action, p + word.utf8CodeUnitCount)
    }
    return nil
  }

  /// Whether a reject's text (from `textStart`) ends in a temporary (4.x.x) reply: its last
  /// `: D.` — the reply Postfix appends after the envelope (`…: 5.7.1 Message content
  /// rejected`), or a milter's after the client. Without one, the reject was permanent
  /// (header and body checks reject with 5xx).
  static func replyIsTemporary(_ line: Bytes, from textStart: Int) -> Bool {
    var k = line.count - 4
    while k >= textStart {
      if line[k] == ASCII.colon, line[k + 1] == ASCII.space, line[k + 3] == ASCII.dot, ASCII.isDigit(line[k + 2]) {
        return line[k + 2] == 0x34  // '4'
      }
      k -= 1
    }
    return false
  }

  /// `s/( from \S+?)?; from=<.*$//`: a cleanup action's text without its envelope part.
  static func strippingEnvelope(_ t: [UInt8]) -> [UInt8] {
    guard let p = t.firstIndex(of: "; from=<") else { return t }
    var q = p
    while q > 0, !ASCII.isSpace(t[q - 1]) { q -= 1 }
    if q < p, q >= 6, t.matches(" from ", at: q - 6) { return Array(t[..<(q - 6)]) }
    return Array(t[..<p])
  }
}
