/// What pflogsumm 1.3.0 makes of an smtpd/postscreen `reject:`, `reject_warning:`, `hold:` or
/// `discard:` line: a command (RCPT, DATA, CONNECT ...), a shortened reason, and the "data"
/// leaf (client domain, recipient, sender ...) — PFLOGSUMM.md §3.7.
struct RejectRules: Sendable {
  var verbose = false
  var addFrom = false
  var addTo = false
  var addresses = AddressRules()

  struct Detail: Equatable {
    var command: String
    var reason: String
    var data: String
  }

  /// `^(?:reject(?:_warning)?|hold|discard): (\S+) from (\S+?): (.*)$` on a payload: where the
  /// command, the client and the rest are (all empty when the payload has another shape).
  struct Parts {
    var command = 0..<0
    var client = 0..<0
    var rest = 0..<0

    init(_ payload: Bytes) {
      guard let colon = payload.index(of: ASCII.colon, from: 0), colon + 1 < payload.count, payload[colon + 1] == ASCII.space
      else { return }
      let typeStart = colon + 2
      var fromAt = typeStart
      while fromAt < payload.count, !ASCII.isSpace(payload[fromAt]) { fromAt += 1 }
      guard fromAt > typeStart, payload.matches(" from ", at: fromAt) else { return }
      // `(\S+?): `: the first ": " after the client's first byte, with no white space before it.
      let clientStart = fromAt + 6
      var k = clientStart + 1
      while true {
        guard let colon = payload.index(of: ASCII.colon, from: k), colon + 1 < payload.count else { return }
        k = colon
        if payload[colon + 1] == ASCII.space { break }
        k += 1
      }
      for c in clientStart..<k where ASCII.isSpace(payload[c]) { return }
      command = typeStart..<fromAt
      client = clientStart..<k
      rest = (k + 2)..<payload.count
    }
  }

  /// `payload` starts at the action word ("reject: RCPT from ..."); `clientDomain` is
  /// `HostNames.clientDomain` (or a memo of it). The parser's hot path uses `writeLabels`.
  func detail(_ payload: [UInt8], clientDomain: (Bytes) -> String = { HostNames.clientDomain($0) }) -> Detail {
    var key: [UInt8] = []
    var scratch: [UInt8] = []
    payload.withBytes { writeLabels($0, clientDomain: clientDomain, into: &key, scratch: &scratch) }
    let labels = key.withBytes { Self.labels($0) }
    return Detail(command: labels[0], reason: labels[1], data: labels[2])
  }

  /// Writes the detail of `payload` into `key` as bytes: the command and the reason each after
  /// its length (four bytes), then the data. Equal keys are equal details, and `labels(key)`
  /// reads the labels back: the parser counts reject lines by this key, and makes strings
  /// once per distinct detail. `clientDomain` is called only when the data shows the client's
  /// domain. `scratch` holds the reason while it is shortened (the caller keeps both arrays,
  /// so that a reject line allocates nothing).
  /// `parts`: `Parts(payload)`, when the caller has it already (the reject classes read it too).
  func writeLabels(
    _ payload: Bytes, parts known: Parts? = nil, clientDomain clientDomainOf: (Bytes) -> String, into key: inout [UInt8],
    scratch reason: inout [UInt8]
  ) {
    let parts = known ?? Parts(payload)
    var command = UnsafeBufferPointer(rebasing: payload[parts.command])
    let client = UnsafeBufferPointer(rebasing: payload[parts.client])
    let rest = UnsafeBufferPointer(rebasing: payload[parts.rest])
    var clientDomain: String { clientDomainOf(client) }
    reason.removeAll(keepingCapacity: true)
    reason.append(contentsOf: rest)
    if !verbose {
      if command.isExactly("RCPT", from: 0) || command.isExactly("DATA", from: 0) || command.isExactly("CONNECT", from: 0)
        || command.isExactly("BDAT", from: 0)
      {
        Self.shortenRecipientStage(inPlace: &reason)
      } else if command.isExactly("MAIL", from: 0) {
        reason.keep(Self.mailStageRange(reason))
      } else if command.isExactly("connect", from: 0) {
        command = StaticString("CONNECT").bytes
      } else {
        reason.keep(Self.otherRange(reason))
      }
    }

    // Recipient: to=<x>, or "NNN <x>: User unknown ", or an unterminated to=<x, else "<>";
    // worked out only where the data shows it (as the sender).
    let ignoreCase = addresses.ignoreCase
    func to() -> [UInt8] {
      let t = Self.recipient(Array(rest))
      return ignoreCase ? t.lowercasedASCII() : t
    }
    func from() -> [UInt8] { addresses.rejectSender(Self.sender(Array(rest))) }

    key.removeAll(keepingCapacity: true)
    Self.appendLabel(command, to: &key)
    // pflogsumm tests `$rejFrom`, `$from` and `$to` for Perl truth: "" and "0" are false.
    let hasClient = Self.isPerlTrue(client)
    if reason.hasPrefix("Sender address rejected:") {
      Self.appendLabel(reason, to: &key)
      if hasClient { key.append(contentsOf: clientDomain.utf8) }
      if addTo {
        let t = to()
        if Self.isPerlTrue(t) { key.append(" (", from(), " -> ", t, ")") }
      } else {
        key.append(" (<", from(), ")")
      }
    } else if reason.hasPrefix("Recipient address rejected:") || Self.isUserUnknown(reason) {
      Self.appendLabel(reason, to: &key)
      key.append(contentsOf: to())
      if addFrom {
        let f = from()
        key.append("  (", Self.isPerlTrue(f) ? f : Array(clientDomain.utf8), ")")
      }
    } else if Self.condenses(reason, to: "Improper use of SMTP command pipelining") {
      Self.appendLabel(StaticString("Improper use of SMTP command pipelining").bytes, to: &key)
      key.append(contentsOf: Self.pipeliningSource(Array(payload)))
    } else {
      if Self.condenses(reason, to: "Message size exceeds fixed limit") {
        Self.appendLabel(StaticString("Message size exceeds fixed limit").bytes, to: &key)
      } else if Self.condenses(reason, to: "Server configuration error") {
        Self.appendLabel(StaticString("(Local) Server configuration error").bytes, to: &key)
      } else if Self.condenses(reason, to: "Server configuration problem") {
        Self.appendLabel(StaticString("(Local) Server configuration problem").bytes, to: &key)
      } else if reason.isExactly("Helo command rejected: Invalid name") {
        Self.appendLabel(reason, to: &key)
      } else {
        Self.appendLabel(reason, to: &key)
        key.append(contentsOf: clientDomain.utf8)
        if addFrom && addTo, case let t = to(), Self.isPerlTrue(t) {
          key.append("  (", from(), " -> ", t, ")")
        } else if addFrom {
          key.append("  (< ", from(), ")")
        } else if addTo, case let t = to(), Self.isPerlTrue(t) {
          key.append("  (> ", t, ")")
        }
        return
      }
      // Size, configuration and invalid HELO rejects: the client domain, and the sender.
      key.append(contentsOf: clientDomain.utf8)
      if addFrom { key.append("  (", from(), ")") }
    }
  }

  /// The command, reason and data that `writeLabels` wrote into `key`.
  static func labels(_ key: Bytes) -> [String] {
    var labels: [String] = []
    labels.reserveCapacity(3)
    var at = 0
    for _ in 0..<2 {
      var n = 0
      for k in 0..<4 { n |= Int(key[at + k]) << (8 * k) }
      labels.append(key.string((at + 4)..<(at + 4 + n)))
      at += 4 + n
    }
    labels.append(key.string(at..<key.count))
    return labels
  }

  /// `label`'s length (four bytes, least significant first), then its bytes.
  private static func appendLabel(_ label: Bytes, to key: inout [UInt8]) {
    let n = UInt32(truncatingIfNeeded: label.count)
    key.append(UInt8(truncatingIfNeeded: n))
    key.append(UInt8(truncatingIfNeeded: n >> 8))
    key.append(UInt8(truncatingIfNeeded: n >> 16))
    key.append(UInt8(truncatingIfNeeded: n >> 24))
    key.append(contentsOf: label)
  }

  private static func appendLabel(_ label: [UInt8], to key: inout [UInt8]) {
    label.withBytes { appendLabel($0, to: &key) }
  }

  /// Perl's truth for a string: everything but "" and "0".
  private static func isPerlTrue<C: Collection>(_ b: C) -> Bool where C.Element == UInt8 {
    !(b.isEmpty || (b.count == 1 && b.first == 0x30))
  }

  /// `^(Recipient address rejected:|User unknown( |$))`
  private static func isUserUnknown(_ r: [UInt8]) -> Bool {
    r.hasPrefix("User unknown") && (r.count == 12 || r[12] == ASCII.space)
  }

  /// Whether `s/^.*?\d{3} (PHRASE);.*$/$1/` applies: the text has "NNN PHRASE;".
  private static func condenses(_ r: [UInt8], to phrase: StaticString) -> Bool {
    let n = phrase.utf8CodeUnitCount
    return r.withBytes { b in
      var from = 0
      while let at = b.index(of: phrase, from: from) {
        from = at + 1
        if at >= 4, b[at - 1] == ASCII.space, r.hasThreeDigits(at: at - 4), at + n < b.count, b[at + n] == ASCII.semicolon {
          return true
        }
      }
      return false
    }
  }

  /// The reason of RCPT/DATA/CONNECT/BDAT rejects (PFLOGSUMM.md §3.7 steps 1–8).
  static func shortenRecipientStage(_ input: [UInt8]) -> [UInt8] {
    var r = input
    shortenRecipientStage(inPlace: &r)
    return r
  }

  /// `shortenRecipientStage`, rewriting `r` where it is (every step keeps a part of the text,
  /// replaces it with a literal or cuts a piece out: no step needs a new array).
  static func shortenRecipientStage(inPlace r: inout [UInt8]) {
    // 1. Blank out "<...>:" after the code: s/^(\d{3} (?:\d\.\d\.\d )?<).*?(>:)/$1$2/
    if r.hasThreeDigits(at: 0), r.count > 3, r[3] == ASCII.space {
      var lt = 4
      if r.hasStatusCode(at: 4), r.count > 9, r[9] == ASCII.space { lt = 10 }
      if lt < r.count, r[lt] == ASCII.lt, let close = r.firstIndex(of: ">:", from: lt + 1) {
        r.removeSubrange((lt + 1)..<close)
      } else if lt == 10, 4 < r.count, r[4] == ASCII.lt, let close = r.firstIndex(of: ">:", from: 5) {
        r.removeSubrange(5..<close)
      }
    }
    // 2. s/^(?:\d{3} \d\.\d\.\d )(Protocol error);.*$/$1/
    if r.hasThreeDigits(at: 0), r.count > 10, r[3] == ASCII.space, r.hasStatusCode(at: 4), r[9] == ASCII.space,
      r.matches("Protocol error;", at: 10)
    {
      r.replaceAll(with: "Protocol error")
    }
    // 3. s/^.*?[:;] (?:\[[^\]]+\] )?([^;,]+)[;,].*$/$1/
    if let clause = clauseRange(r) { r.keep(clause) }
    // 4. s/^((?:Sender|Recipient) address rejected: [^:]+):.*$/$1/
    for prefix: StaticString in ["Sender address rejected: ", "Recipient address rejected: "] where r.hasPrefix(prefix) {
      let start = prefix.utf8CodeUnitCount
      if let colon = r.firstIndex(from: start, where: { $0 == ASCII.colon }), colon > start {
        r.removeSubrange(colon..<r.count)
      }
    }
    // 5. s/(client|Client host|Sender address) .+? blocked/blocked/
    if let span = blockedSpan(r) { r.replaceSubrange(span, with: StaticString("blocked").bytes) }
    // 6. s/^\d{3} \d\.\d\.\d (Server configuration (?:error|problem));.+$/$1/
    if r.hasThreeDigits(at: 0), r.count > 10, r[3] == ASCII.space, r.hasStatusCode(at: 4), r[9] == ASCII.space {
      for phrase: StaticString in ["Server configuration error;", "Server configuration problem;"] where r.matches(phrase, at: 10) {
        let end = 10 + phrase.utf8CodeUnitCount
        if end < r.count { r.keep(10..<(end - 1)) }
      }
    }
    // 7. s/^Unverified (Client host rejected: Generic - Please relay via ISP).*$/$1/
    if r.hasPrefix("Unverified Client host rejected: Generic - Please relay via ISP") {
      r.replaceAll(with: "Client host rejected: Generic - Please relay via ISP")
    }
    // 8. s/^(Sender address rejected: Domain) .+ (does not accept mail \(nullMX\)).*$/$1 $2/
    if r.hasPrefix("Sender address rejected: Domain "), let at = r.lastIndex(of: " does not accept mail (nullMX)"),
      at >= 33
    {
      r.replaceAll(with: "Sender address rejected: Domain does not accept mail (nullMX)")
    }
  }

  /// Step 3: the clause after the first "`: `" or "`; `" (skipping a bracketed client), up to
  /// the next `;` or `,`.
  private static func clauseRange(_ text: [UInt8]) -> Range<Int>? {
    text.withBytes { r in
      // The next ']' and the next ';' or ',' are looked up through `ForwardSearch`: scanning to
      // them again for every "; " was quadratic on a long crafted reason.
      var closes = ForwardSearch()
      var ends = ForwardSearch()
      func clauseEnd(_ from: Int) -> Int? {
        let semicolon = r.index(of: ASCII.semicolon, from: from)
        guard let comma = r.index(of: ASCII.comma, from: from, to: semicolon ?? r.count) else { return semicolon }
        return comma
      }
      var i = 0
      while i + 1 < r.count {
        if (r[i] == ASCII.colon || r[i] == ASCII.semicolon) && r[i + 1] == ASCII.space {
          let j = i + 2
          // `[^;,]+[;,]`: a non-empty run up to a ';' or ',', after the bracketed part first.
          if j < r.count, r[j] == ASCII.lbracket,
            let close = closes.first(atOrAfter: j + 1, { r.index(of: ASCII.rbracket, from: $0) }),
            close > j + 1, close + 1 < r.count, r[close + 1] == ASCII.space,
            let end = ends.first(atOrAfter: close + 2, clauseEnd), end > close + 2
          {
            return (close + 2)..<end
          }
          if let end = ends.first(atOrAfter: j, clauseEnd), end > j { return j..<end }
        }
        i += 1
      }
      return nil
    }
  }

  /// Step 5: RBL rejects read "blocked using zen.spamhaus.org" — the span that becomes
  /// "blocked".
  private static func blockedSpan(_ r: [UInt8]) -> Range<Int>? {
    // Most reasons have no " blocked" at all: then no word needs to be looked for.
    guard r.firstIndex(of: " blocked") != nil else { return nil }
    var blockedSearch = ForwardSearch()  // one scan for " blocked", not one per "client "
    for p in 0..<r.count where r[p] == 0x63 || r[p] == 0x43 || r[p] == 0x53 {  // c C S: the words' first bytes
      for word: StaticString in ["client", "Client host", "Sender address"] where r.matches(word, at: p) {
        let afterWord = p + word.utf8CodeUnitCount
        guard afterWord < r.count, r[afterWord] == ASCII.space else { continue }
        if let blocked = blockedSearch.first(atOrAfter: afterWord + 2, { r.firstIndex(of: " blocked", from: $0) }) {
          return p..<(blocked + 8)
        }
      }
    }
    return nil
  }

  /// MAIL: `s/^\d{3} (?:<.+>: )?([^;:]+)[;:]?.*$/$1/`
  static func shortenMailStage(_ r: [UInt8]) -> [UInt8] { Array(r[mailStageRange(r)]) }

  /// `shortenMailStage`, as the part of `r` it keeps.
  static func mailStageRange(_ r: [UInt8]) -> Range<Int> {
    guard r.hasThreeDigits(at: 0), r.count > 4, r[3] == ASCII.space else { return 0..<r.count }
    // Greedy "<.+>: ": the last ">: " first, then earlier ones, then no "<.+>: " at all.
    var to = r.count
    var more = r[4] == ASCII.lt
    while true {
      var s = 4
      if more, let at = r.lastIndex(of: ">: ", to: to), at > 5 {
        s = at + 3
        to = at + 2
      } else {
        more = false
      }
      let n = r.run(from: s) { $0 != ASCII.semicolon && $0 != ASCII.colon }
      if n > 0 { return s..<(s + n) }
      if !more { return 0..<r.count }
    }
  }

  /// Other commands: `s/^(?:.*[:;] )?([^,]+).*$/$1/`
  static func shortenOther(_ r: [UInt8]) -> [UInt8] { Array(r[otherRange(r)]) }

  /// `shortenOther`, as the part of `r` it keeps.
  static func otherRange(_ r: [UInt8]) -> Range<Int> {
    var i = r.count - 2
    while i >= 0 {
      if (r[i] == ASCII.colon || r[i] == ASCII.semicolon) && r[i + 1] == ASCII.space {
        let n = r.run(from: i + 2) { $0 != ASCII.comma }
        if n > 0 { return (i + 2)..<(i + 2 + n) }
      }
      i -= 1
    }
    let n = r.run(from: 0) { $0 != ASCII.comma }
    return n > 0 ? 0..<n : 0..<r.count
  }

  /// `to=<([^>]+)>` / `\d{3} <([^>]+)>: User unknown ` / `to=<(.*?)(?:[, ]|$)` / "<>".
  static func recipient(_ r: [UInt8]) -> [UInt8] {
    // The next '>' is looked up through `ForwardSearch` (a scan per "to=<" was quadratic).
    var gts = ForwardSearch()
    let nextGT = { (i: Int) in firstGT(r, from: i) }
    var from = 0
    while let at = r.firstIndex(of: "to=<", from: from) {
      from = at + 1
      let s = at + 4
      if let gt = gts.first(atOrAfter: s, nextGT), gt > s { return Array(r[s..<gt]) }
    }
    // The leftmost "NNN <"; `[^>]+` runs to the next '>', which must start ">: User unknown ".
    var search = 4
    gts = ForwardSearch()
    while let l = r.firstIndex(from: search, where: { $0 == ASCII.lt }) {
      search = l + 1
      guard r[l - 1] == ASCII.space, r.hasThreeDigits(at: l - 4) else { continue }
      if let gt = gts.first(atOrAfter: l + 1, nextGT), gt > l + 1, r.matches(">: User unknown ", at: gt) {
        return Array(r[(l + 1)..<gt])
      }
    }
    if let at = r.firstIndex(of: "to=<") {
      let s = at + 4
      let e = r.firstIndex(from: s, where: { $0 == ASCII.comma || $0 == ASCII.space }) ?? r.count
      return Array(r[s..<e])
    }
    return Array("<>")
  }

  /// The first '>' at or after `i`.
  private static func firstGT(_ r: [UInt8], from i: Int) -> Int? {
    r.withBytes { $0.index(of: ASCII.gt, from: i) }
  }

  /// `from=<([^>]+)>` or "<>".
  static func sender(_ r: [UInt8]) -> [UInt8] {
    var gts = ForwardSearch()  // as in `recipient`
    var from = 0
    while let at = r.firstIndex(of: "from=<", from: from) {
      from = at + 1
      let s = at + 6
      if let gt = gts.first(atOrAfter: s, { firstGT(r, from: $0) }), gt > s {
        return Array(r[s..<gt])
      }
    }
    return Array("<>")
  }

  /// For pipelining rejects: `^.+? from (\S+?):.*$` on the whole payload.
  static func pipeliningSource(_ payload: [UInt8]) -> [UInt8] {
    var from = 1
    while let at = payload.firstIndex(of: " from ", from: from) {
      from = at + 1
      let s = at + 6
      var k = s
      while k < payload.count, !ASCII.isSpace(payload[k]), payload[k] != ASCII.colon { k += 1 }
      if k < payload.count, k > s, payload[k] == ASCII.colon { return Array(payload[s..<k]) }
    }
    return []
  }
}

extension Array where Element == UInt8 {
  /// Last index of `byte` in `from..<to`.
  func lastIndex(of byte: UInt8, from: Int, to: Int) -> Int? {
    var i = Swift.min(to, count) - 1
    while i >= from {
      if self[i] == byte { return i }
      i -= 1
    }
    return nil
  }
}
