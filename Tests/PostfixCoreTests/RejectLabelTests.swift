import Foundation
import Testing

@testable import PostfixCore

/// The parser counts reject lines by the byte key `RejectRules.writeLabels` writes, and makes
/// strings from it once per distinct key: the counts must be those of the detail's strings.
@Suite("Reject labels")
struct RejectLabelTests {
  func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

  /// The key's labels for `payload`, read back.
  func labels(_ rules: RejectRules, _ payload: [UInt8]) -> [String] {
    var key: [UInt8] = []
    var scratch: [UInt8] = []
    payload.withBytes { rules.writeLabels($0, clientDomain: { HostNames.clientDomain($0) }, into: &key, scratch: &scratch) }
    return key.withBytes { RejectRules.labels($0) }
  }

  @Test("counting rule-case payloads by key gives the counts of their detail strings, with every option")
  func treeByKeyEqualsTreeByPath() {
    let payloads = RuleCaseTests.cases("detail").map(\.input) + RuleCaseTests.cases("detail-verbose").map(\.input)
    #expect(payloads.count > 400)
    let ruleSets = [
      RejectRules(), RejectRules(verbose: true), RejectRules(addFrom: true), RejectRules(addTo: true),
      RejectRules(addFrom: true, addTo: true), RejectRules(addresses: AddressRules(ignoreCase: true)),
    ]
    for rules in ruleSets {
      var byPath = CountTree()
      var byKey = CountTree()
      // One reused pair of scratch arrays, as in the parser: nothing of one line may leak into
      // the next.
      var key: [UInt8] = []
      var scratch: [UInt8] = []
      for (n, payload) in (payloads + payloads.reversed()).enumerated() {
        let d = rules.detail(payload)
        byPath.add([d.command, d.reason, d.data])
        payload.withBytes { rules.writeLabels($0, clientDomain: { HostNames.clientDomain($0) }, into: &key, scratch: &scratch) }
        key.withBytes { k in
          #expect(RejectRules.labels(k) == [d.command, d.reason, d.data], "payload \(n)")
          byKey.add(memo: k) { RejectRules.labels(k) }
        }
      }
      #expect(byKey == byPath)
    }
  }

  @Test("labels keep their bounds: a byte moved from the reason to the data is another key")
  func keysSeparateLabels() {
    var a: [UInt8] = []
    var b: [UInt8] = []
    let rules = RejectRules()
    var scratch: [UInt8] = []
    // Reason "Foo" with data "x.example" against reason "Foox" with data ".example" (the
    // client domain is given, so both keys hold the same bytes apart from the lengths).
    bytes("reject: RCPT from h[1.2.3.4]: 550 5.7.1 <u@v>: Foo; from=<a@b> to=<u@v>").withBytes {
      rules.writeLabels($0, clientDomain: { _ in "x.example" }, into: &a, scratch: &scratch)
    }
    bytes("reject: RCPT from h[1.2.3.4]: 550 5.7.1 <u@v>: Foox; from=<a@b> to=<u@v>").withBytes {
      rules.writeLabels($0, clientDomain: { _ in ".example" }, into: &b, scratch: &scratch)
    }
    #expect(a != b)
    #expect(a.withBytes { RejectRules.labels($0) } == ["RCPT", "Foo", "x.example"])
    #expect(b.withBytes { RejectRules.labels($0) } == ["RCPT", "Foox", ".example"])
  }

  @Test func userUnknownShowsTheRecipient() {
    let payload = bytes(
      "reject: RCPT from mx.example.net[192.0.2.7]: 550 5.1.1 <u@x.example>: Recipient address rejected: User unknown in virtual mailbox table; from=<a@b.example> to=<u@x.example> proto=ESMTP helo=<mx.example.net>"
    )
    #expect(labels(RejectRules(), payload) == ["RCPT", "Recipient address rejected: User unknown in virtual mailbox table", "u@x.example"])
    #expect(
      labels(RejectRules(addFrom: true), payload) == [
        "RCPT", "Recipient address rejected: User unknown in virtual mailbox table", "u@x.example  (a@b.example)",
      ])
    // A bare "User unknown" (no "Recipient address rejected:") is the recipient's too.
    let bare = bytes("reject: RCPT from unknown[192.0.2.7]: 550 5.1.1 <u@x>: User unknown; from=<a@b> to=<u@x>")
    #expect(labels(RejectRules(), bare) == ["RCPT", "User unknown", "u@x"])
  }

  @Test("the client domain is asked for only when the data shows it")
  func clientDomainOnlyWhenShown() {
    var asked = 0
    var key: [UInt8] = []
    var scratch: [UInt8] = []
    func write(_ rules: RejectRules, _ s: String) {
      bytes(s).withBytes {
        rules.writeLabels($0, clientDomain: { asked += 1; return HostNames.clientDomain($0) }, into: &key, scratch: &scratch)
      }
    }
    let user = "reject: RCPT from mx.example.net[192.0.2.7]: 550 5.1.1 <u@x>: Recipient address rejected: User unknown; from=<0> to=<u@x>"
    write(RejectRules(), user)
    #expect(asked == 0)
    // With the sender shown and false ("0"), the client domain stands in for it.
    write(RejectRules(addFrom: true), user)
    #expect(asked == 1)
    #expect(key.withBytes { RejectRules.labels($0) }[2] == "u@x  (example.net)")
    write(RejectRules(), "reject: RCPT from mx.example.net[192.0.2.7]: 450 4.7.1 <h>: Helo command rejected: Host not found; from=<a@b> to=<c@d>")
    #expect(asked == 2)
    #expect(key.withBytes { RejectRules.labels($0) } == ["RCPT", "Helo command rejected: Host not found", "example.net"])
  }

  @Test("a long recipient-stage reason is cut to its clause, in place, whatever came before in the scratch array")
  func longRecipientStage() {
    let tail = String(repeating: "x; ", count: 2_000)
    let payload = bytes(
      "reject: RCPT from h.example.org[192.0.2.1]: 554 5.7.1 <" + String(repeating: "a", count: 5_000)
        + "@b>: Client host rejected: cannot find your hostname, [192.0.2.1]; " + tail)
    var key: [UInt8] = []
    var scratch = [UInt8](repeating: 0x41, count: 20_000)
    payload.withBytes {
      RejectRules().writeLabels($0, clientDomain: { HostNames.clientDomain($0) }, into: &key, scratch: &scratch)
    }
    #expect(key.withBytes { RejectRules.labels($0) } == ["RCPT", "Client host rejected: cannot find your hostname", "example.org"])
    // RBL rejects: "client … blocked" becomes "blocked".
    let rbl = bytes(
      "reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.9; from=<a@b> to=<c@d>"
    )
    #expect(labels(RejectRules(), rbl) == ["RCPT", "blocked using zen.spamhaus.org", "192.0.2.9"])
  }

  @Test("invalid UTF-8 becomes U+FFFD in each label, as in the detail's strings")
  func invalidUTF8() {
    // A cut UTF-8 sequence (0xC3) at the end of the reason and inside the recipient.
    let payload =
      bytes("reject: RCPT from unknown[192.0.2.7]: 550 5.1.1 <u@x>: User unknown ") + [0xC3]
      + bytes("; from=<a@b> to=<u") + [0xC3] + bytes("@x>")
    let l = labels(RejectRules(), payload)
    #expect(l == ["RCPT", "User unknown \u{FFFD}", "u\u{FFFD}@x"])
    // A stray continuation byte (0xA9) in a reason shown with the client's address.
    let relay = bytes("reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <u@x>: Relay ") + [0xA9] + bytes("access denied; from=<a@b> to=<u@x>")
    #expect(labels(RejectRules(), relay) == ["RCPT", "Relay \u{FFFD}access denied", "192.0.2.7"])
    // In the command it is another command: not shortened as RCPT's (`(?:.*[:;] )?([^,]+)`).
    let command = bytes("reject: RC") + [0xA9] + bytes("PT from unknown[192.0.2.7]: 550 5.1.1 <u@x>: User unknown; from=<a@b> to=<u@x>")
    #expect(labels(RejectRules(), command) == ["RC\u{FFFD}PT", "from=<a@b> to=<u@x>", "192.0.2.7"])
    let d = RejectRules().detail(payload)
    #expect([d.command, d.reason, d.data] == l)
  }

  @Test("empty fields: no rest, no client, a payload of another shape")
  func emptyFields() {
    // Nothing after the client's ": ": an empty reason; the data is the client's address.
    #expect(labels(RejectRules(), bytes("reject: RCPT from h[1.2.3.4]: ")) == ["RCPT", "", "1.2.3.4"])
    // A payload without "CMD from CLIENT: ": every part empty, the client domain "unknown".
    #expect(labels(RejectRules(), bytes("reject: whatever")) == ["", "", "unknown"])
    #expect(labels(RejectRules(), []) == ["", "", "unknown"])
    // `to=<>` is no `to=<([^>]+)>`: the unterminated form `to=<(.*?)(?:[, ]|$)` takes ">".
    #expect(
      labels(RejectRules(addTo: true), bytes("reject: RCPT from h.example.com[1.2.3.4]: 554 5.7.1 <x>: Relay access denied; from=<a@b> to=<>"))
        == ["RCPT", "Relay access denied", "example.com  (> >)"])
    // No recipient at all is "<>".
    #expect(
      labels(RejectRules(addTo: true), bytes("reject: RCPT from h.example.com[1.2.3.4]: 554 5.7.1 <x>: Relay access denied; from=<a@b>"))
        == ["RCPT", "Relay access denied", "example.com  (> <>)"])
  }
}
