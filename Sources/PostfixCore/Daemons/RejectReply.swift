/// The parts of an smtpd or postscreen `reject:` line that say who was refused and why:
/// `reject: COMMAND from CLIENT: NNN D.D.D <ADDRESS>: REASON; from=<…> to=<RECIPIENT> …`.
/// Every part is a range of the line (empty when the line has no such part).
struct RejectReply: Equatable {
  /// `host[ip]` (smtpd) or `[ip]:port` (postscreen), as logged.
  var client: Range<Int>
  var command: Range<Int>
  /// Whether the reply was temporary (4xx) rather than permanent (5xx).
  var isTemporary: Bool
  /// The reply's text after the code, the enhanced status code and a leading `<address>: `,
  /// up to the envelope (`; from=<`): `Relay access denied`, `Client host rejected: …`.
  var reason: Range<Int>
  /// The envelope's `to=<…>` address, if logged.
  var recipient: Range<Int>?

  /// `p` is where `reject: ` starts.
  ///
  /// A reply without a code is temporary for a refused connection (postscreen's `too many
  /// connections` and `all screening ports busy` are answered 421), else permanent (Postfix's
  /// default reject code is 5xx).
  /// `parts`: `RejectRules.Parts` of `line[p...]`, when the caller has it already.
  static func parse(_ line: Bytes, at p: Int, parts known: RejectRules.Parts? = nil) -> RejectReply {
    let parts = known ?? RejectRules.Parts(UnsafeBufferPointer(rebasing: line[p...]))
    let client = (p + parts.client.lowerBound)..<(p + parts.client.upperBound)
    let command = (p + parts.command.lowerBound)..<(p + parts.command.upperBound)
    var i = p + parts.rest.lowerBound
    var code: UInt8 = 0
    if parts.rest.isEmpty {
      i = line.count
    } else if i + 3 < line.count, ASCII.isDigit(line[i]), ASCII.isDigit(line[i + 1]), ASCII.isDigit(line[i + 2]), line[i + 3] == ASCII.space {
      code = line[i]
      i += 4
      // The enhanced status code (`5.7.1`, `4.7.25`): a word starting "d.".
      if i + 1 < line.count, ASCII.isDigit(line[i]), line[i + 1] == ASCII.dot, let space = line.index(of: ASCII.space, from: i) {
        i = space + 1
      }
    }
    // `<address>: ` — the first ">: " after it closes it.
    if i < line.count, line[i] == ASCII.lt, let close = line.index(of: ">: ", from: i + 1) { i = close + 3 }
    let end = line.index(of: "; from=<", from: i) ?? line.count
    var recipient: Range<Int>?
    if end < line.count, let to = line.index(of: "to=<", from: end) {
      let s = to + 4
      let e = line.index(of: ASCII.gt, from: s) ?? line.count
      if e > s { recipient = s..<e }
    }
    let refusedConnection = line.isExactly("CONNECT", from: command.lowerBound, to: command.upperBound)
      || line.isExactly("connect", from: command.lowerBound, to: command.upperBound)
    let isTemporary = code == 0 ? refusedConnection : code == 0x34  // '4'
    return RejectReply(client: client, command: command, isTemporary: isTemporary, reason: min(i, end)..<end, recipient: recipient)
  }
}
