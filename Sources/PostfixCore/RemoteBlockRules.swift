#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a remote server's reply to a bounced recipient cites a blocklist, spam or
/// reputation: what makes a bounce `remote_blocked` for its submitter. A plain list of phrases,
/// matched without regard to case; `RemoteBlockRulesTests` holds real replies of each kind (and
/// ordinary bounces that must not match).
enum RemoteBlockRules {
  static let phrases: [[UInt8]] = [
    "blocked using", "blocklist", "block list", "blacklist", "black list", "denylist", "dnsbl", "rbl",
    "spamhaus", "spamcop", "barracuda", "sorbs", "abuseat", "listed at", "listed in", "spam", "unsolicited",
    "reputation", "junk mail", "bulk mail",
  ].map { Array($0.utf8) }

  /// Whether `reply` contains one of the phrases (ASCII letters compared without case).
  static func citesBlocking(_ reply: Bytes) -> Bool {
    let lowered = reply.map(ASCII.lower)
    return lowered.withUnsafeBufferPointer { text in
      phrases.contains { phrase in phrase.withUnsafeBufferPointer { contains(text, $0) } }
    }
  }

  /// `phrase` in `text`: candidates found by `memchr` of the first byte, then compared whole.
  private static func contains(_ text: Bytes, _ phrase: Bytes) -> Bool {
    var from = 0
    while let at = text.index(of: phrase[0], from: from) {
      if at + phrase.count > text.count { return false }
      if memcmp(text.baseAddress! + at, phrase.baseAddress!, phrase.count) == 0 { return true }  // Safe: in bounds.
      from = at + 1
    }
    return false
  }
}
