import Testing
import TestSupport

@testable import PostfixCore

/// The daemon parsers, one table of line shapes each: the message part of real Postfix lines
/// (from Fixtures/real and Postfix 3.x's sources of the same shapes), including the shapes
/// pflogsumm ignores (they must parse to nothing, so that they are counted as noise or as
/// unprocessed, never as something else). Each event is shown as text: its case and the bytes
/// of its ranges.
@Suite("Daemon line parsers")
struct DaemonLineTests {
  /// `text`'s bytes from `range`.
  static func cut(_ text: String, _ range: Range<Int>) -> String {
    Array(text.utf8).withBytes { $0.string(range) }
  }

  static func parsed<T>(_ text: String, _ parse: (Bytes) -> T?) -> T? {
    Array(text.utf8).withBytes { parse($0) }
  }

  // MARK: warning, fatal, panic

  static let warningLines: [(String, String)] = [
    ("warning: SASL authentication failure: Password verification failed", "warning|SASL authentication failure: Password verification failed"),
    ("warning: unknown[127.0.0.103]: SASL PLAIN authentication failed: authentication failure", "warning|unknown[127.0.0.103]: SASL PLAIN authentication failed: authentication failure"),
    ("fatal: open /etc/postfix/main.cf: No such file or directory", "fatal|open /etc/postfix/main.cf: No such file or directory"),
    ("panic: myfree: corrupt or unallocated memory block", "panic|myfree: corrupt or unallocated memory block"),
    ("warning:   many spaces", "warning|many spaces"),
    // Not warnings: no text, no colon, another word with 'a' second.
    ("warning:", "-"),
    ("warning:    ", "-"),
    ("warnings: x", "-"),
    ("fatalities: x", "-"),
    ("pass: x", "-"),
    ("from=<a@example.com>, size=1", "-"),
  ]

  @Test("warning, fatal and panic lines", arguments: warningLines)
  func warning(line: String, expected: String) {
    let shown = Self.parsed(line) { WarningLine.parse($0, at: 0) }.map { w in
      "\(w.severity)|" + Self.cut(line, w.textStart..<line.utf8.count)
    }
    #expect((shown ?? "-") == expected)
  }

  // MARK: cleanup

  static let cleanupLines: [(String, String)] = [
    (
      "reject: header Subject: REJECTME content from unknown[127.0.0.26]; from=<> to=<alice@example.test> proto=ESMTP helo=<mail.gmail.test>: 5.7.1 Message content rejected",
      "reject|header|Subject: REJECTME content from unknown[127.0.0.26]; from=<> to=<alice@example.test> proto=ESMTP helo=<mail.gmail.test>: 5.7.1 Message content rejected"
    ),
    (
      "discard: header Subject: DISCARDME junk from unknown[127.0.0.117]; from=<newsletter@example.test> to=<ann300@good.test> proto=ESMTP helo=<client.home.test>: discarded by header check",
      "discard|header|Subject: DISCARDME junk from unknown[127.0.0.117]; from=<newsletter@example.test> to=<ann300@good.test> proto=ESMTP helo=<client.home.test>: discarded by header check"
    ),
    ("hold: body HOLDME from localhost[127.0.0.1]; from=<a@b> to=<c@d>", "hold|body|HOLDME from localhost[127.0.0.1]; from=<a@b> to=<c@d>"),
    ("milter-reject: END-OF-MESSAGE from x[192.0.2.1]: 5.7.1 Spam; from=<a@b> to=<c@d>", "reject|END-OF-MESSAGE|from x[192.0.2.1]: 5.7.1 Spam; from=<a@b> to=<c@d>"),
    ("removed (canceled)", "canceled"),
    // The Message-ID (who is sending's link across a content filter); pflogsumm ignores it.
    ("message-id=<20261120.1@example.test>", "id|<20261120.1@example.test>"),
    ("message-id=<hj.2.0001.15@carol-pc.example.test>  ", "id|<hj.2.0001.15@carol-pc.example.test>"),
    ("message-id=", "id|-"),
    ("message-id=<>", "id|-"),
    // pflogsumm ignores these shapes.
    ("reject: footer x", "-"),
    ("resent-message-id=<a@b>", "-"),
    ("replace: header Subject: x from y; from=<a> to=<b>: Subject: z", "-"),
    ("removed (canceled) later", "-"),
  ]

  @Test("cleanup's message fates", arguments: cleanupLines)
  func cleanup(line: String, expected: String) {
    let shown = Self.parsed(line) { CleanupLine.parse($0, at: 0) }.map { c -> String in
      switch c {
      case .canceled: "canceled"
      case .action(let a, let part, let textStart): "\(a)|\(part.rawValue)|" + Self.cut(line, textStart..<line.utf8.count)
      case .messageID(let id): "id|" + (id.map { Self.cut(line, $0) } ?? "-")
      }
    }
    #expect((shown ?? "-") == expected)
  }

  // MARK: receipts and verdicts

  static let receiptLines: [(String, ServiceKind, String)] = [
    ("client=unknown[127.0.0.16]", .smtpd, "smtpd|unknown[127.0.0.16]|-"),
    ("client=mail.example.com[192.0.2.7], sasl_method=PLAIN, sasl_username=newsletter", .smtpd, "smtpd|mail.example.com[192.0.2.7]|newsletter"),
    (
      "client=unknown[127.0.50.9], sasl_method=LOGIN, sasl_username=carol@mail.example.test", .smtpd,
      "smtpd|unknown[127.0.50.9]|carol@mail.example.test"
    ),
    ("client=x[192.0.2.7], sasl_method=PLAIN, sasl_username=a, sasl_sender=b@c", .smtpd, "smtpd|x[192.0.2.7]|a"),
    ("client=x[192.0.2.7], sasl_method=PLAIN, sasl_username=", .smtpd, "smtpd|x[192.0.2.7]|-"),
    ("client=localhost[::1]", .smtpd, "smtpd|localhost[::1]|-"),
    ("uid=0 from=<www-data@example.test>", .pickup, "pickup|0"),
    ("uid=33 from=<www-data@example.test>", .pickup, "pickup|33"),
    ("sender=<a@example.test>", .pickup, "pickup|-"),
    // A uid line of another daemon is not a receipt; neither is smtpd's connect.
    ("uid=33 from=<x>", .smtpd, "-"),
    ("connect from unknown[127.0.0.16]", .smtpd, "-"),
  ]

  @Test("receipts: smtpd's client= (and SASL login) and pickup's uid=", arguments: receiptLines)
  func receipt(line: String, service: ServiceKind, expected: String) {
    let shown = Self.parsed(line) { ReceiptLine.parse($0, at: 0, service: service) }.map { r -> String in
      switch r {
      case .pickup(let uid): "pickup|" + (uid.map { Self.cut(line, $0) } ?? "-")
      case .smtpd(let client, let login): "smtpd|" + Self.cut(line, client) + "|" + (login.map { Self.cut(line, $0) } ?? "-")
      }
    }
    #expect((shown ?? "-") == expected)
  }

  static let rejectLines: [(String, String)] = [
    (
      "reject: RCPT from unknown[127.0.0.16]: 550 5.1.1 <nobody1@example.test>: Recipient address rejected: User unknown in local recipient table; from=<noreply33@shop.test> to=<nobody1@example.test> proto=ESMTP helo=<x>",
      "reject"
    ),
    (
      "reject_warning: RCPT from unknown[127.0.0.32]: 504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname; from=<spammer@bad.test> to=<victim2@out.test> proto=ESMTP helo=<localhost>",
      "rejectWarning"
    ),
    ("hold: RCPT from x[192.0.2.1]: <a@b>: Recipient address triggers HOLD action; from=<a@b> to=<c@d>", "hold"),
    ("discard: RCPT from x[192.0.2.1]: <a@b>: Sender address triggers DISCARD action; from=<a@b>", "discard"),
    ("rejected: x", "-"),
    ("reject:x", "-"),
  ]

  @Test("SMTP-time verdicts", arguments: rejectLines)
  func reject(line: String, expected: String) {
    let shown = Self.parsed(line) { RejectLine.parse($0, at: 0) }.map { "\($0.kind)" }
    #expect((shown ?? "-") == expected)
  }

  // MARK: smtpd

  static let smtpdLines: [(String, String)] = [
    ("connect from unknown[127.0.0.16]", "connect"),
    (
      "disconnect from unknown[127.0.0.119] ehlo=1 auth=1 mail=1 rcpt=8 data=1 quit=1 commands=13",
      "disconnect|unknown[127.0.0.119] ehlo=1 auth=1 mail=1 rcpt=8 data=1 quit=1 commands=13"
    ),
    ("SSL_accept error from mail.example.com[192.0.2.9]: -1", "tls|SSL_accept error -1|example.com"),
    ("lost connection after STARTTLS from unknown[192.0.2.10]", "tls|lost connection after STARTTLS|192.0.2.10"),
    // Shapes pflogsumm reads nowhere.
    ("lost connection after AUTH from unknown[127.0.0.103]", "-"),
    ("Anonymous TLS connection established from x[192.0.2.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)", "-"),
    ("NOQUEUE: lost connection after RCPT from x[192.0.2.1]", "-"),
  ]

  @Test("smtpd's connections and TLS failures", arguments: smtpdLines)
  func smtpd(line: String, expected: String) {
    let shown = Self.parsed(line) { SmtpdLine.parse($0, at: 0) }.map { s -> String in
      switch s {
      case .connect: "connect"
      case .disconnect(let client): "disconnect|" + Self.cut(line, client)
      case .tlsError(let message, let client): "tls|\(message)|\(client)"
      }
    }
    #expect((shown ?? "-") == expected)
  }

  // MARK: qmgr, smtp

  static let qmgrLines: [(String, String)] = [
    ("from=<newsletter@example.test>, size=118371, nrcpt=25 (queue active)", "sized|newsletter@example.test|118371"),
    ("from=<>, size=2270, nrcpt=1 (queue active)", "sized||2270"),
    ("from=<newsletter@example.test>, status=expired, returned to sender", "expired"),
    ("removed", "removed"),
    // Not summarised.
    ("from=<a@b>, size=x, nrcpt=1 (queue active)", "-"),
    ("removed later", "-"),
    ("skipped, still being delivered", "-"),
  ]

  @Test("the queue manager's message lines", arguments: qmgrLines)
  func qmgr(line: String, expected: String) {
    let shown = Self.parsed(line) { QmgrLine.parse($0, at: 0) }.map { q -> String in
      switch q {
      case .sized(let sender, let size): "sized|" + Self.cut(line, sender) + "|\(size)"
      case .expired: "expired"
      case .removed: "removed"
      }
    }
    #expect((shown ?? "-") == expected)
  }

  static let smtpLines: [(String, String)] = [
    ("connect to 127.0.0.1[127.0.0.1]:2599: Connection refused", "Connection refused|127.0.0.1[127.0.0.1]"),
    ("connect to mx.example.com[192.0.2.25]:25: Connection timed out", "Connection timed out|mx.example.com[192.0.2.25]"),
    ("connect to mx.example.com[192.0.2.25]: No route to host (port 25)", "No route to host|mx.example.com[192.0.2.25]"),
    ("connect to mx.example.com[192.0.2.25]:25:", "-"),
    ("conversation with mx.example.com[192.0.2.25] timed out while receiving the initial server greeting", "-"),
  ]

  @Test("smtp's failed connections (SMTP Exceptions)", arguments: smtpLines)
  func smtp(line: String, expected: String) {
    let shown = Self.parsed(line) { SmtpLine.parse($0, at: 0) }.map { "\($0.message)|" + Self.cut(line, $0.destination) }
    #expect((shown ?? "-") == expected)
  }

  // MARK: delivery agents

  static let deliveryLines: [(String, String)] = [
    (
      "to=<alice@example.test>, relay=local, delay=0.01, delays=0/0.01/0/0, dsn=2.0.0, status=sent (delivered to mailbox)",
      "sent|alice@example.test|-|local|0.01|-|fwd=false"
    ),
    (
      "to=<ext@example.test>, orig_to=<ext>, relay=local, delay=0.09, delays=0.05/0.01/0/0.03, dsn=2.0.0, status=sent (forwarded as 8C45CFA22A)",
      "sent|ext@example.test|ext|local|0.09|-|fwd=true"
    ),
    (
      "to=<lee187@dead.test>, relay=none, delay=12, delays=12/0/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:2599: Connection refused)",
      "deferred|lee187@dead.test|-|none|12|-|fwd=false"
    ),
    (
      "to=<newsletter@example.test>, relay=local, delay=0.05, delays=0.03/0.01/0/0.01, dsn=5.1.1, status=bounced (unknown user: \"newsletter\")",
      "bounced|newsletter@example.test|-|local|0.05|-|fwd=false"
    ),
    (
      "to=<bob@example.org>, relay=mx.example.org[192.0.2.25]:25, conn_use=2, delay=1.2, delays=0.1/0/0.5/0.6, tls=Verified/TLSv1.3, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4ABC)",
      "sent|bob@example.org|-|mx.example.org[192.0.2.25]|1.2|Verified/TLSv1.3|fwd=false"
    ),
    (
      "to=<x@example.org>, relay=none, delay=432000, delays=432000/0/0/0, dsn=4.4.1, status=expired (delivery temporarily suspended)",
      "other|x@example.org|-|none|432000|-|fwd=false"
    ),
    // Not delivery lines.
    ("to=<a@b>, status=sent (x)", "-"),
    ("to=<a@b>, relay=local, delay=1, status=", "-"),
  ]

  @Test("delivery status lines", arguments: deliveryLines)
  func delivery(line: String, expected: String) {
    let shown = Self.parsed(line) { b -> String? in
      guard let d = DeliveryLine.parse(b, at: 0) else { return nil }
      let fields = [
        "\(d.outcome)", b.string(d.to), d.origTo.map { b.string($0) } ?? "-", b.string(d.relayHost(b)), b.string(d.delay),
        d.tls.map { b.string($0) } ?? "-", "fwd=\(d.isForwarded(b))",
      ]
      return fields.joined(separator: "|")
    }
    #expect((shown ?? "-") == expected)
  }

  // MARK: noise

  static let noiseLines: [(String, Bool)] = [
    ("message-id=<20261120103000.1@example.test>", true),
    ("statistics: max connection rate 1/60s for (smtp:127.0.0.16) at Nov 20 10:00:00", true),
    ("lost connection after AUTH from unknown[127.0.0.103]", true),
    ("Anonymous TLS connection established from x[192.0.2.1]: TLSv1.3", true),
    ("daemon started -- version 3.7.11, configuration /etc/postfix", true),
    ("something postsumm has never seen", false),
    ("", false),
  ]

  @Test("known lines without news are told from unknown ones", arguments: noiseLines)
  func noise(line: String, known: Bool) {
    #expect(Self.parsed(line) { KnownNoise.matches($0, at: 0) } == known)
  }
}
