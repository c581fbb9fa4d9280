import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// The line shapes the abuse tables read, one table each: smtpd's SASL failure warnings, the
/// parts and class of a `reject:` (`RejectReply`, `RejectClassRules`), and the reply of
/// cleanup's rejects. Lines are real Postfix 3.7 ones from Fixtures/real, and the shapes of
/// other versions and set-ups from docs/PEERS.md's catalogue (fail2ban's and
/// postfix-logwatch's corpora); each expected value is written from the line by hand.
@Suite("Abuse line shapes")
struct AbuseLineTests {
  // MARK: SASL failures

  /// The text of a warning (after `warning: `) → `client|login`, `client|-` without a
  /// login, or `-` for no attempt.
  static let saslLines: [(String, String)] = [
    // Postfix 3.7 appends the login tried.
    ("unknown[127.0.90.66]: SASL LOGIN authentication failed: authentication failure, sasl_username=admin", "unknown[127.0.90.66]|admin"),
    ("unknown[127.0.72.8]: SASL PLAIN authentication failed: authentication failure, sasl_username=bob", "unknown[127.0.72.8]|bob"),
    (
      "mail.example.net[2001:db8::25]: SASL CRAM-MD5 authentication failed: authentication failure, sasl_username=info@example.test",
      "mail.example.net[2001:db8::25]|info@example.test"
    ),
    // Older Postfix: no login; Dovecot's base64 challenge as the reason; an empty reason.
    ("unknown[192.0.2.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6", "unknown[192.0.2.7]|-"),
    ("unknown[192.0.2.7]: SASL PLAIN authentication failed: ", "unknown[192.0.2.7]|-"),
    ("unknown[192.0.2.7]: SASL LOGIN authentication failed: authentication failure, sasl_username=", "unknown[192.0.2.7]|-"),
    // A forged login is taken whole, to the end of the line, from the first marker on.
    (
      "unknown[192.0.2.8]: SASL LOGIN authentication failed: authentication failure, sasl_username=x, sasl_username=<script>",
      "unknown[192.0.2.8]|x, sasl_username=<script>"
    ),
    // Not attempts: Cyrus's line without a client; the server's failure; no mechanism tried.
    ("SASL authentication failure: Password verification failed", "-"),
    ("SASL authentication failure: cannot connect to saslauthd server: No such file or directory", "-"),
    ("unknown[192.0.2.9]: SASL LOGIN authentication failed: Connection lost to authentication server", "-"),
    ("unknown[192.0.2.9]: SASL PLAIN authentication failed: Invalid authentication mechanism", "-"),
    // Other warnings.
    ("hostname evil.example does not resolve to address 203.0.113.8: Name or service not known", "-"),
    ("unknown[192.0.2.9]: SASL LOGIN authentication aborted", "-"),
    ("[]: SASL LOGIN authentication failed: x", "-"),
    ("unknown[192.0.2.9]: SASL", "-"),
  ]

  @Test("SASL authentication failures", arguments: saslLines)
  func saslFailure(text: String, expected: String) {
    let shown = DaemonLineTests.parsed(text) { SASLFailureLine.parse($0, at: 0) }.map { f in
      DaemonLineTests.cut(text, f.client) + "|" + (f.login.map { DaemonLineTests.cut(text, $0) } ?? "-")
    }
    #expect((shown ?? "-") == expected)
  }

  // MARK: Reject classes

  struct RejectCase: Sendable, CustomStringConvertible {
    /// The message from `reject: ` on.
    var payload: String
    var byPostscreen = false
    /// `class|4xx or 5xx|client|recipient or -`
    var expected: String
    var description: String { payload }
  }

  static let rejects: [RejectCase] = [
    // Fixtures/real (Postfix 3.7 smtpd and postscreen).
    RejectCase(
      payload:
        "reject: RCPT from unknown[127.0.91.13]: 554 5.7.1 <info@qq.test>: Relay access denied; from=<check@prober.test> to=<info@qq.test> proto=ESMTP helo=<mail.prober.test>",
      expected: "relay_denied|5xx|unknown[127.0.91.13]|info@qq.test"),
    RejectCase(
      payload:
        "reject: RCPT from mail.friends.test[127.0.81.9]: 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in local recipient table; from=<eva355@friends.test> to=<nobody@example.test> proto=ESMTP helo=<mail.friends.test>",
      expected: "unknown_user|5xx|mail.friends.test[127.0.81.9]|nobody@example.test"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[127.0.0.9]: 501 5.5.2 <bad_helo!>: Helo command rejected: Invalid name; from=<a@good.test> to=<b@example.test> proto=ESMTP helo=<bad_helo!>",
      expected: "helo|5xx|unknown[127.0.0.9]|b@example.test"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[127.0.0.9]: 450 4.7.1 <mx.nowhere.test>: Helo command rejected: Host not found; from=<a@good.test> to=<b@example.test> proto=ESMTP helo=<mx.nowhere.test>",
      expected: "helo|4xx|unknown[127.0.0.9]|b@example.test"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[127.0.0.77]: 554 5.7.1 <b@example.test>: Client host rejected: Blocked by local policy; from=<a@bad.test> to=<b@example.test> proto=ESMTP helo=<x.bad.test>",
      expected: "client|5xx|unknown[127.0.0.77]|b@example.test"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[127.0.0.5]: 554 5.7.1 <spam@blacklisted.test>: Sender address rejected: Sender blacklisted; from=<spam@blacklisted.test> to=<b@example.test> proto=ESMTP helo=<x>",
      expected: "sender|5xx|unknown[127.0.0.5]|b@example.test"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[127.0.0.5]: 450 4.1.8 <a@nxdomain.test>: Sender address rejected: Domain not found; from=<a@nxdomain.test> to=<b@example.test> proto=ESMTP helo=<x>",
      expected: "sender|4xx|unknown[127.0.0.5]|b@example.test"),
    RejectCase(
      payload:
        "reject: MAIL from unknown[127.0.0.5]: 552 5.3.4 Message size exceeds fixed limit; proto=ESMTP helo=<client.home.test>",
      expected: "size|5xx|unknown[127.0.0.5]|-"),
    RejectCase(
      payload:
        "reject: RCPT from mail.sender.example.com[198.51.100.23]: 554 5.7.1 Service unavailable; Client host [198.51.100.23] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.23; from=<x@sender.example.com> to=<bob@example.org> proto=ESMTP helo=<mail.sender.example.com>",
      expected: "dnsbl|5xx|mail.sender.example.com[198.51.100.23]|bob@example.org"),
    RejectCase(
      payload:
        "reject: RCPT from [198.51.100.200]:51234: 550 5.7.1 Service unavailable; client [198.51.100.200] blocked using zen.spamhaus.org; from=<a@b.example>, to=<bob@example.org>, proto=ESMTP, helo=<spam.example>",
      byPostscreen: true, expected: "dnsbl|5xx|[198.51.100.200]:51234|bob@example.org"),
    // Other versions and set-ups (PEERS.md §3): RHSBL, greylisting, policy services, SPF,
    // verification, postscreen's own, and the rest.
    RejectCase(
      payload:
        "reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@spam.test>: Sender address rejected: rejected by dbl.spamhaus.org; Sender address [spam.test] blocked using dbl.spamhaus.org; from=<x@spam.test> to=<b@example.org> proto=ESMTP helo=<h>",
      expected: "dnsbl|5xx|unknown[192.0.2.1]|b@example.org"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[192.0.2.1]: 450 4.2.0 <b@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html; from=<a@x.test> to=<b@example.org> proto=ESMTP helo=<h>",
      expected: "policy|4xx|unknown[192.0.2.1]|b@example.org"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[192.0.2.1]: 550 5.7.23 <b@example.org>: Recipient address rejected: Message rejected due to: SPF fail - not authorized; from=<a@x.test> to=<b@example.org> proto=ESMTP helo=<h>",
      expected: "policy|5xx|unknown[192.0.2.1]|b@example.org"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[192.0.2.1]: 450 4.1.1 <b@example.org>: Recipient address rejected: undeliverable address: host mx.example.org[192.0.2.2] said: 550 5.1.1 no such user; from=<a@x.test> to=<b@example.org> proto=ESMTP helo=<h>",
      expected: "unknown_user|4xx|unknown[192.0.2.1]|b@example.org"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[192.0.2.1]: 550 5.1.1 <b@example.org>: Recipient address rejected: User unknown in virtual mailbox table; from=<a@x.test> to=<b@example.org> proto=ESMTP helo=<h>",
      expected: "unknown_user|5xx|unknown[192.0.2.1]|b@example.org"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[192.0.2.1]: 450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]; from=<a@x.test> to=<b@example.org> proto=ESMTP helo=<h>",
      expected: "client|4xx|unknown[192.0.2.1]|b@example.org"),
    RejectCase(
      payload:
        "reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <b@example.org>: Recipient address rejected: Access denied; from=<a@x.test> to=<b@example.org> proto=ESMTP helo=<h>",
      expected: "policy|5xx|unknown[192.0.2.1]|b@example.org"),
    RejectCase(
      payload: "reject: DATA from unknown[192.0.2.1]: 550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce; from=<> proto=ESMTP helo=<h>",
      expected: "other|5xx|unknown[192.0.2.1]|-"),
    RejectCase(
      payload: "reject: CONNECT from [192.0.2.1]:4711: too many connections", byPostscreen: true,
      expected: "postscreen|4xx|[192.0.2.1]:4711|-"),
    RejectCase(
      payload: "reject: connect from [192.0.2.1]:4711: all screening ports busy", byPostscreen: true,
      expected: "postscreen|4xx|[192.0.2.1]:4711|-"),
    RejectCase(
      payload:
        "reject: RCPT from [192.0.2.1]:4711: 550 5.5.1 Protocol error; from=<a@x.test>, to=<b@example.org>, proto=SMTP, helo=<h>",
      byPostscreen: true, expected: "postscreen|5xx|[192.0.2.1]:4711|b@example.org"),
    // Hostile: an address that names another class cannot make its reject two; the text that
    // Postfix wrote first decides.
    RejectCase(
      payload:
        "reject: RCPT from unknown[203.0.113.6]: 554 5.7.1 <Relay access denied>: Recipient address rejected: </style><script>alert(1)</script>; from=<x@evil.example> to=<a@example.org> proto=ESMTP helo=<x>",
      expected: "policy|5xx|unknown[203.0.113.6]|a@example.org"),
    RejectCase(payload: "reject: RCPT from", expected: "other|5xx||-"),
  ]

  @Test("reject classes, reply codes, clients and recipients", arguments: rejects)
  func rejectClass(_ c: RejectCase) {
    let shown = DaemonLineTests.parsed(c.payload) { line -> String in
      let reply = RejectReply.parse(line, at: 0)
      let rejectClass = RejectClassRules.classify(line, reply, byPostscreen: c.byPostscreen)
      let recipient = reply.recipient.map { line.string($0) } ?? "-"
      return "\(rejectClass.rawValue)|\(reply.isTemporary ? "4xx" : "5xx")|\(line.string(reply.client))|\(recipient)"
    }
    #expect(shown == c.expected)
  }

  // MARK: cleanup's replies

  static let cleanupReplies: [(String, Bool)] = [
    ("header Subject: REJECTME content from unknown[127.0.0.26]; from=<> to=<alice@example.test> proto=ESMTP helo=<mail.gmail.test>: 5.7.1 Message content rejected", false),
    ("END-OF-MESSAGE from x[192.0.2.1]: 4.7.1 Try again later; from=<a@b> to=<c@d>", true),
    ("END-OF-MESSAGE from x[192.0.2.1]: 5.7.1 Spam; from=<a@b> to=<c@d>", false),
    ("body HOLDME from localhost[127.0.0.1]; from=<a@b> to=<c@d>", false),
    // The header text comes first: Postfix's own reply, last, decides.
    ("header Subject: 4.0.0 x from local; from=<a@b> to=<c@d>: 5.7.1 Message content rejected", false),
  ]

  @Test("cleanup's reject replies: temporary only with a 4.x.x reply", arguments: cleanupReplies)
  func cleanupReply(text: String, temporary: Bool) {
    #expect(DaemonLineTests.parsed(text) { CleanupLine.replyIsTemporary($0, from: 0) } == temporary)
  }
}
