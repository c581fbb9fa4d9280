/// How addresses become table keys: case folding, UUCP bang paths, VERP and SRS munging.
struct AddressRules: Sendable {
  var ignoreCase = false
  var uucpMung = false
  /// nil = off; 1 = simple; >1 = aggressive.
  var verpMung: Int?
  var srsMung = false

  /// Whether a recipient's key is the address with only its domain lower-cased.
  var recipientsArePlain: Bool { !ignoreCase && !uucpMung }

  /// Whether a sender's key is the address with only its domain lower-cased.
  var sendersArePlain: Bool { !ignoreCase && !uucpMung && verpMung == nil && !srsMung }

  /// Recipients of delivery lines: UUCP, then the domain part (or, with `-i`, all) lower-cased.
  func recipient(_ address: [UInt8]) -> [UInt8] {
    var a = address
    if uucpMung, let m = Self.uucpRewrite(a) { a = m }
    return ignoreCase ? a.lowercasedASCII() : Self.lowercasingDomain(a)
  }

  /// Senders of queue manager lines: as recipients, then VERP and SRS munging.
  func sender(_ address: [UInt8]) -> [UInt8] {
    srs(verp(recipient(address)))
  }

  /// Sender of reject lines: VERP, SRS, then `-i` lower-casing (no domain folding).
  func rejectSender(_ address: [UInt8]) -> [UInt8] {
    let a = srs(verp(address))
    return ignoreCase ? a.lowercasedASCII() : a
  }

  /// Whether `lowercasingDomain` would change the address: a capital after its first '@' (the
  /// hot path asks first, and copies the line's bytes only then).
  static func domainHasCapitals(_ a: Bytes) -> Bool {
    guard let at = a.index(of: ASCII.at, from: 0), at + 1 < a.count else { return false }
    return WordScan.hasCapital(a, from: at + 1)
  }

  /// `s/(@.+)/\L$1/`: lower-case from the first '@' (when something follows it).
  static func lowercasingDomain(_ a: [UInt8]) -> [UInt8] {
    guard let at = a.firstIndex(of: ASCII.at), at + 1 < a.count else { return a }
    var out = a
    for k in at..<a.count { out[k] = ASCII.lower(a[k]) }
    return out
  }

  /// `somehost.dom!user@foo` → `foo!user@somehost.dom` (any leading bang path is kept after
  /// the new first hop). The last part must have no dot.
  static func uucpRewrite(_ a: [UInt8]) -> [UInt8]? {
    // Candidate ends of the leading "(.*!)*" prefix: after each '!', longest first, then none.
    var prefixEnds: [Int] = []
    for (k, c) in a.enumerated().reversed() where c == ASCII.bang { prefixEnds.append(k + 1) }
    prefixEnds.append(0)
    let lastDot = a.lastIndex(of: ASCII.dot)
    for p in prefixEnds {
      // ([^!]+)!([^!@]+)@([^.]+)$
      guard let bang = a.firstIndex(from: p, where: { $0 == ASCII.bang }), bang > p else { continue }
      let userStart = bang + 1
      guard let at = a.firstIndex(from: userStart, where: { $0 == ASCII.bang || $0 == ASCII.at }),
        at > userStart, a[at] == ASCII.at, at + 1 < a.count
      else { continue }
      // No '.' after the '@' (one look at the last '.', not a scan per candidate).
      if let dot = lastDot, dot > at { continue }
      let last = a[(at + 1)...]
      return Array(last) + [ASCII.bang] + Array(a[..<p]) + Array(a[userStart..<at]) + [ASCII.at] + Array(a[p..<bang])
    }
    return nil
  }

  /// VERP: `list-return-36-someuser=x@lists.example` → `list-return-ID-someuser=x@...`;
  /// aggressive: → `list-return-ID@lists.example`.
  func verp(_ a: [UInt8]) -> [UInt8] {
    guard let level = verpMung else { return a }
    var out = Self.verpSimple(a)
    if level > 1 { out = Self.verpAggressive(out) }
    return out
  }

  private static let verpKeywords: [[UInt8]] = [
    Array("bounced"), Array("bounces"), Array("bounce"), Array("nolist"), Array("noreply"),
    Array("noresponse"), Array("return"), Array("sentto"),
  ]

  /// `s/((?:bounce[ds]?|no(?:list|reply|response)|return|sentto|\d+).*?)(?:[\+_\.\*-]\d+\b)+/$1-ID/i`
  static func verpSimple(_ a: [UInt8]) -> [UInt8] {
    // The regex's backtracking tries every start, every keyword end and every later position
    // for the number run: cubic on a long run of digits. Two tables make each try constant:
    // the length of the digit run at each position, and the first position at or after each
    // one where a number run `[+_.*-]\d+\b` starts (n: none).
    let n = a.count
    guard n > 0 else { return a }
    var digitRun = [Int32](repeating: 0, count: n + 1)
    var nextRun = [Int32](repeating: Int32(n), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      if ASCII.isDigit(a[i]) { digitRun[i] = digitRun[i + 1] + 1 }
      nextRun[i] = nextRun[i + 1]
      let c = a[i]
      if c == 0x2B || c == ASCII.underscore || c == ASCII.dot || c == 0x2A || c == ASCII.dash {
        let e = i + 1 + Int(digitRun[i + 1])
        if e > i + 1 && (e == n || !ASCII.isWord(a[e])) { nextRun[i] = Int32(i) }
      }
    }
    func replaced(after q: Int) -> [UInt8]? {
      let g = Int(nextRun[q])
      guard g < n, let end = verpNumberRun(a, at: g) else { return nil }
      return Array(a[..<g]) + "-ID" + Array(a[end...])
    }
    for p in 0..<n {
      for k in verpKeywords where p + k.count <= n {
        var same = true
        for (i, b) in k.enumerated() where ASCII.lower(a[p + i]) != b {
          same = false
          break
        }
        if same, let out = replaced(after: p + k.count) { return out }
      }
      // `\d+` from the longest run down: a shorter one ends inside the digits, where no number
      // run starts, so its next run is the same.
      if digitRun[p] > 0, let out = replaced(after: p + Int(digitRun[p])) { return out }
    }
    return a
  }

  /// `(?:[\+_\.\*-]\d+\b)+` at i: end of the run, or nil.
  private static func verpNumberRun(_ a: [UInt8], at i: Int) -> Int? {
    var j = i
    var matched = false
    while j < a.count {
      let c = a[j]
      guard c == 0x2B || c == ASCII.underscore || c == ASCII.dot || c == 0x2A || c == ASCII.dash else { break }
      let n = a.run(from: j + 1, ASCII.isDigit)
      guard n > 0 else { break }
      let e = j + 1 + n
      // \b after the digits: end of text or a non-word byte.
      guard e == a.count || !ASCII.isWord(a[e]) else { break }
      j = e
      matched = true
    }
    return matched ? j : nil
  }

  /// `s/[\*-](\d+[\*-])?[^=\*-]+[=\*][^\@]+\@/\@/`
  static func verpAggressive(_ a: [UInt8]) -> [UInt8] {
    func isStarDash(_ c: UInt8) -> Bool { c == 0x2A || c == ASCII.dash }
    // The first '@' at or after a position, by binary search in the list of them (a scan per
    // candidate was quadratic on text with many '-' and no '@').
    let ats = a.indices.filter { a[$0] == ASCII.at }
    func firstAt(from i: Int) -> Int? {
      var lo = 0
      var hi = ats.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if ats[mid] < i { lo = mid + 1 } else { hi = mid }
      }
      return lo < ats.count ? ats[lo] : nil
    }
    for p in 0..<a.count where isStarDash(a[p]) {
      var starts: [Int] = []
      let d = a.run(from: p + 1, ASCII.isDigit)
      if d > 0, p + 1 + d < a.count, isStarDash(a[p + 1 + d]) { starts.append(p + 2 + d) }
      starts.append(p + 1)
      for s in starts {
        let n = a.run(from: s) { $0 != ASCII.equals && !isStarDash($0) }
        guard n > 0 else { continue }
        let e = s + n
        guard e < a.count, a[e] == ASCII.equals || a[e] == 0x2A else { continue }
        guard let at = firstAt(from: e + 1), at > e + 1 else { continue }
        return Array(a[..<p]) + [ASCII.at] + Array(a[(at + 1)...])
      }
    }
    return a
  }

  /// `SRS0=HHH=TT=orig.example=user@srs.example` → `user@orig.example` (SRS1 chains too).
  func srs(_ a: [UInt8]) -> [UInt8] {
    guard srsMung else { return a }
    return Self.srsDecode(a) ?? a
  }

  static func srsDecode(_ a: [UInt8]) -> [UInt8]? {
    func isWordDot(_ c: UInt8) -> Bool { ASCII.isWord(c) || c == ASCII.dot }
    guard a.count > 5, ASCII.lower(a[0]) == 0x73, ASCII.lower(a[1]) == 0x72, ASCII.lower(a[2]) == 0x73,
      a[3] == 0x30 || a[3] == 0x31, a[4] == ASCII.equals || a[4] == 0x2B || a[4] == ASCII.dash
    else { return nil }
    guard let at = a.lastIndex(of: ASCII.at), at + 1 < a.count, a[(at + 1)...].allSatisfy(isWordDot) else {
      return nil
    }
    let fields = a[5..<at].split(separator: ASCII.equals, omittingEmptySubsequences: false).map(Array.init)
    // (?:[^=]+=[\w.]+==)* (?:[^=]+=[^=]+=) ([\w.]+) = (.+)
    // How many leading triples fit `[^=]+=[\w.]+==` (counted once: checking them again for every
    // k was quadratic in the number of '=').
    var fitting = 0
    while 3 * fitting + 2 < fields.count, !fields[3 * fitting].isEmpty, !fields[3 * fitting + 1].isEmpty,
      fields[3 * fitting + 1].allSatisfy(isWordDot), fields[3 * fitting + 2].isEmpty
    {
      fitting += 1
    }
    var k = (fields.count - 3) / 3
    while k >= 0 {
      defer { k -= 1 }
      guard k <= fitting, fields.count >= 3 * k + 4 else { continue }
      let c = fields[3 * k]
      let d = fields[3 * k + 1]
      let e = fields[3 * k + 2]
      guard !c.isEmpty, !d.isEmpty, !e.isEmpty, e.allSatisfy(isWordDot) else { continue }
      let rest = Array(fields[(3 * k + 3)...].joined(separator: [ASCII.equals]))
      guard !rest.isEmpty else { continue }
      return rest + [ASCII.at] + e
    }
    return nil
  }
}
