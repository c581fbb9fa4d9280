/// What a reject was for, in the few classes an admin asks about ("how much did the DNSBL
/// stop? how many relay probes?"). Postfix's reject texts are classified by a documented rule
/// list (`PostfixCore`'s `RejectClassRules`, docs/OUTPUTS.md); the raw value is the class's
/// name in JSON and CSV.
public enum RejectClass: String, CaseIterable, Sendable, Codable {
  /// `… blocked using LIST` (client, sender, HELO or reverse-client lists, smtpd or postscreen).
  case dnsbl
  /// `Relay access denied`.
  case relayDenied = "relay_denied"
  /// `Recipient address rejected: User unknown …` and unverifiable recipients.
  case unknownUser = "unknown_user"
  /// `Helo command rejected: …`
  case helo
  /// `Sender address rejected: …`
  case sender
  /// `Client host rejected: …` (access maps, no reverse DNS …).
  case client
  /// Other recipient restrictions: policy services, greylisting, SPF, quotas, access maps.
  case policy
  /// cleanup's header and body checks, and milters.
  case headerBodyCheck = "header_body_check"
  /// `Message size exceeds fixed limit`.
  case size
  /// postscreen's own rejects (not its DNSBL's): pregreet and protocol tests, too many
  /// connections, ports busy.
  case postscreen
  /// Everything else (pipelining, protocol errors, configuration and lookup failures …).
  case other

  /// The name the text report and the page show.
  public var label: String {
    switch self {
    case .dnsbl: "DNSBL"
    case .relayDenied: "relay denied"
    case .unknownUser: "unknown user"
    case .helo: "HELO"
    case .sender: "sender"
    case .client: "client"
    case .policy: "policy/greylist"
    case .headerBodyCheck: "header/body check"
    case .size: "size"
    case .postscreen: "postscreen"
    case .other: "other"
    }
  }
}
