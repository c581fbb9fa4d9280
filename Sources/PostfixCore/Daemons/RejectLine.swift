/// An SMTP-time verdict of smtpd, postscreen or pickup: `reject: …`, `reject_warning: …`,
/// `hold: …`, `discard: …`. The detail (`RejectRules`) is read from the message's start.
struct RejectLine: Equatable {
  enum Kind: Equatable {
    case reject, rejectWarning, hold, discard
  }

  var kind: Kind

  static func parse(_ line: Bytes, at p: Int) -> RejectLine? {
    guard p < line.count else { return nil }
    switch line[p] {
    case 0x72:  // r
      if line.matches("reject: ", at: p) { return RejectLine(kind: .reject) }
      if line.matches("reject_warning: ", at: p) { return RejectLine(kind: .rejectWarning) }
    case 0x68:  // h
      if line.matches("hold: ", at: p) { return RejectLine(kind: .hold) }
    case 0x64:  // d
      if line.matches("discard: ", at: p) { return RejectLine(kind: .discard) }
    default:
      break
    }
    return nil
  }
}
