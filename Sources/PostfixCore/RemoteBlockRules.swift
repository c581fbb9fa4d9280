/// Whether a remote server's reply to a bounced recipient cites a blocklist, spam or
/// reputation: what makes a bounce `remote_blocked` for its submitter. A plain list of phrases,
/// matched without regard to case; `RemoteBlockRulesTests` holds real replies of each kind (and
/// ordinary bounces that must not match).
enum RemoteBlockRules {
  static let phrases: [[UInt8]] = [
    "blocked using", "blocklist", "block list", "blacklist", "black list", "denylist", "dnsbl", "rbl",
    "spamhaus", "spamcop", "barracuda", "sorbs", "abuseat", "listed at", "listed in", "spam", "unsolicited",
    "reputation", "junk mail", "bulk mail",
  ].map { Array($0.utf8) }  // at most 32 (a mask each), of three bytes or more

  /// Whether `reply` contains one of the phrases (ASCII letters compared without case).
  static func citesBlocking(_ reply: Bytes) -> Bool {
    // One pass (every bounce asks): at each byte, the phrases whose first two letters are this
    // byte and the next, as a mask of phrase numbers from two small tables; nearly every
    // position has none, and those it has are compared in place.
    let (first, second) = (firstLetter, secondLetter)
    return first.withUnsafeBufferPointer { first in
      second.withUnsafeBufferPointer { second in
        var i = 0
        while i + 1 < reply.count {
          var candidates = first[Int(reply[i])] & second[Int(reply[i + 1])]
          while candidates != 0 {
            if matches(reply, at: i, phrases[candidates.trailingZeroBitCount]) { return true }
            candidates &= candidates - 1
          }
          i += 1
        }
        return false
      }
    }
  }

  /// Per byte, the phrases whose first (second) letter it is, either case: bit k for phrase k.
  private static let firstLetter = letterMasks(at: 0)
  private static let secondLetter = letterMasks(at: 1)

  private static func letterMasks(at k: Int) -> [UInt32] {
    (0..<256).map { b in
      var mask: UInt32 = 0
      for (n, phrase) in phrases.enumerated() where phrase[k] == ASCII.lower(UInt8(b)) { mask |= 1 << n }
      return mask
    }
  }

  /// Whether `phrase` (lower case) is at `at` in `text`, ASCII letters compared without case.
  @inline(__always)
  private static func matches(_ text: Bytes, at: Int, _ phrase: [UInt8]) -> Bool {
    guard at + phrase.count <= text.count else { return false }
    for k in 2..<phrase.count where ASCII.lower(text[at + k]) != phrase[k] { return false }
    return true
  }
}
