import ReportModel

/// Which `RejectClass` a reject is, by the first rule that fits (docs/OUTPUTS.md lists them;
/// `RejectClassTests` holds a real line for each). cleanup's rejects (header and body checks,
/// milters) are all `headerBodyCheck`; an smtpd or postscreen reject is classified by its
/// reason (`RejectReply.reason`: the reply text after the code and address, before the
/// envelope), in this order:
///
/// 1. `dnsbl`: the reason has " blocked using " (smtpd's `Client host [ip] blocked using
///    LIST`, the RHSBL forms for senders and HELO names, postscreen's DNSBL reject);
/// 2. `relayDenied`: it starts `Relay access denied`;
/// 3. `unknownUser`: it starts `Recipient address rejected: ` followed by `User unknown`,
///    `undeliverable address` or `unverified address`, or starts `User unknown`;
/// 4. `policy`: it mentions greylisting (`reylist`: postgrey and most policy daemons);
/// 5. `helo`: it starts `Helo command rejected:`;
/// 6. `sender`: it starts `Sender address rejected:` (also a sender not in the user tables);
/// 7. `client`: it starts `Client host rejected:` or `Unverified Client host rejected:`;
/// 8. `policy`: any other `Recipient address rejected:` (access maps, policy services, SPF,
///    quotas reply there);
/// 9. `size`: it has `Message size exceeds fixed limit`;
/// 10. `postscreen`: postscreen logged it (its pregreet and protocol tests, `too many
///    connections`, `all screening ports busy`);
/// 11. `other`: anything else.
///
/// Attacker-chosen text (an address, a HELO name) can only move that attacker's own reject to
/// another class: the reject is still counted once.
enum RejectClassRules {
  static func classify(_ line: Bytes, _ reply: RejectReply, byPostscreen: Bool) -> RejectClass {
    let r = reply.reason
    @inline(__always) func has(_ literal: StaticString) -> Bool { line.index(of: literal, from: r.lowerBound, to: r.upperBound) != nil }
    @inline(__always) func starts(_ literal: StaticString, at i: Int) -> Bool {
      i + literal.utf8CodeUnitCount <= r.upperBound && line.matches(literal, at: i)
    }
    @inline(__always) func starts(_ literal: StaticString) -> Bool { starts(literal, at: r.lowerBound) }
    // "blocked using " rather than " blocked using ": the search jumps from 'b' to 'b', not
    // from space to space (a word that ends in "blocked" before " using" is the same text).
    if let at = line.index(of: "blocked using ", from: r.lowerBound, to: r.upperBound), at > r.lowerBound, line[at - 1] == ASCII.space {
      return .dnsbl
    }
    if starts("Relay access denied") { return .relayDenied }
    let recipientRejected = starts("Recipient address rejected: ")
    if recipientRejected {
      let after = r.lowerBound + 28
      if starts("User unknown", at: after) || starts("undeliverable address", at: after) || starts("unverified address", at: after) {
        return .unknownUser
      }
    }
    if starts("User unknown") { return .unknownUser }
    if has("reylist") { return .policy }
    if starts("Helo command rejected:") { return .helo }
    if starts("Sender address rejected:") { return .sender }
    if starts("Client host rejected:") || starts("Unverified Client host rejected:") { return .client }
    if recipientRejected { return .policy }
    if has("Message size exceeds fixed limit") { return .size }
    if byPostscreen { return .postscreen }
    return .other
  }
}
