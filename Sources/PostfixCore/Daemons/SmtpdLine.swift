/// smtpd's lines about a connection (its receipts and verdicts are `ReceiptLine` and
/// `RejectLine`): a TLS or SSL failure (`…SSL…/…STARTTLS… from host[ip][: detail]`), and
/// `connect from` / `disconnect from` (timed with `--smtpd-stats`).
enum SmtpdLine: Equatable {
  /// The failure's text (up to the `from`, plus any detail) and the client's domain.
  case tlsError(message: String, client: String)
  case connect
  /// The client as logged (`host[ip]`, and whatever follows, as pflogsumm keeps it).
  case disconnect(client: Range<Int>)

  static func parse(_ line: Bytes, at p: Int) -> SmtpdLine? {
    if let (message, client) = inboundTLSError(line, p) { return .tlsError(message: message, client: client) }
    if line.matches("connect from ", at: p) { return .connect }
    if line.matches("disconnect from ", at: p) { return .disconnect(client: (p + 16)..<line.count) }
    return nil
  }
}

extension SmtpdLine {
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
}
