import Foundation
import ReportModel
import Testing

@testable import PostfixCore

/// The text-rewriting rules that reimplement pflogsumm 1.3.0's regular expressions, checked
/// against what those regular expressions do.
///
/// Each `RuleCases/<function>.tsv` line is `input TAB expected` (functions with several results
/// have one column per result). `\\`, `\t`, `\n` and `\r` are escaped in every column;
/// `<nomatch>` means the rule does not apply and `<undef>` stands for an absent capture. The
/// expected values were produced by running pflogsumm's own regular expressions and subs in
/// Perl (LANG=C) on real Postfix payloads and on thousands of mutations of them (truncations,
/// inserted or deleted brackets, colons, semicolons, spaces, `<>`, IPv6 addresses, case
/// changes, non-ASCII), keeping the inputs on which an earlier postsumm disagreed and a
/// representative sample of the rest.
///
/// Where postsumm differs on purpose, the cases are left out of the files and pinned in
/// `DeliberateDifferences` below.
@Suite("pflogsumm rule cases")
struct RuleCaseTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("RuleCases").path

  struct Case {
    var line: Int
    var input: [UInt8]
    var expected: String
  }

  static func cases(_ name: String) -> [Case] {
    guard let data = FileManager.default.contents(atPath: directory + "/" + name + ".tsv") else { return [] }
    var result: [Case] = []
    for (n, row) in Array(data).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !row.isEmpty {
      guard let tab = row.firstIndex(of: 0x09) else { continue }
      result.append(
        Case(line: n + 1, input: unescape(Array(row[..<tab])), expected: String(decoding: row[(tab + 1)...], as: UTF8.self)))
    }
    return result
  }

  static func unescape(_ b: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    while i < b.count {
      if b[i] == 0x5C, i + 1 < b.count {
        switch b[i + 1] {
        case 0x74: out.append(0x09)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        default: out.append(b[i + 1])
        }
        i += 2
      } else {
        out.append(b[i])
        i += 1
      }
    }
    return out
  }

  static func escape(_ b: [UInt8]) -> String {
    var out: [UInt8] = []
    for c in b {
      switch c {
      case 0x5C: out += [0x5C, 0x5C]
      case 0x09: out += [0x5C, 0x74]
      case 0x0A: out += [0x5C, 0x6E]
      case 0x0D: out += [0x5C, 0x72]
      default: out.append(c)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func escape(_ s: String) -> String { escape(Array(s.utf8)) }

  /// Runs every case of `name`.tsv through `rule` (which returns the escaped result columns).
  func check(_ name: String, _ rule: ([UInt8]) -> [String]) {
    let cases = Self.cases(name)
    #expect(cases.count > 20, "RuleCases/\(name).tsv is missing or nearly empty")
    for c in cases {
      let actual = rule(c.input).joined(separator: "\t")
      #expect(actual == c.expected, "\(name).tsv:\(c.line): input \(Self.escape(c.input))")
    }
  }

  func single(_ b: [UInt8]) -> [String] { [Self.escape(b)] }
  func single(_ s: String) -> [String] { [Self.escape(s)] }

  // MARK: HostNames

  @Test func clientDomain() {
    check("clientDomain") { b in single(b.withBytes { HostNames.clientDomain($0) }) }
  }

  @Test func clientDomainFQDN() {
    check("clientDomain-fqdn") { b in single(b.withBytes { HostNames.clientDomain($0, fqdn: true) }) }
  }

  @Test func foldDomain() {
    check("foldDomain") { b in single(HostNames.foldDomain(String(decoding: b, as: UTF8.self))) }
  }

  @Test func sortKey() {
    check("sortKey") { b in single(HostNames.sortKey(String(decoding: b, as: UTF8.self))) }
  }

  @Test("the report packs sortKey's keys, each after the keys before it")
  func packedSortKeys() {
    let texts = Self.cases("sortKey").map { String(decoding: $0.input, as: UTF8.self) } + [
      "1.2.3.4", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.002.3.4", "1..2.3", "", "Bob@Mail.Example.ORG",
    ]
    let packed = HostOrder.sortKeys(AddressList(["earlier keys"] + texts))
    #expect(packed.count == texts.count + 1)
    #expect(packed.first == HostNames.sortKey("earlier keys"))
    for (text, key) in zip(texts, packed.dropFirst()) {
      #expect(key == HostNames.sortKey(text), "\(text)")
    }
    #expect(HostNames.sortKey("10.0.200.7") == Array("2_0a00c807".utf8))
  }

  // MARK: RejectRules

  func detail(_ rules: RejectRules, _ b: [UInt8]) -> [String] {
    let d = rules.detail(b)
    return [Self.escape(d.command), Self.escape(d.reason), Self.escape(d.data)]
  }

  @Test func rejectDetail() {
    check("detail") { b in detail(RejectRules(), b) }
  }

  @Test func rejectDetailAddFrom() {
    check("detail-rej-add-from") { b in detail(RejectRules(addFrom: true), b) }
  }

  @Test func rejectDetailAddTo() {
    check("detail-rej-add-to") { b in detail(RejectRules(addTo: true), b) }
  }

  @Test func rejectDetailAddFromAndTo() {
    check("detail-rej-add-from-to") { b in detail(RejectRules(addFrom: true, addTo: true), b) }
  }

  @Test func rejectDetailVerbose() {
    check("detail-verbose") { b in detail(RejectRules(verbose: true), b) }
  }

  @Test func shortenRecipientStage() {
    check("shortenRecipientStage") { b in single(RejectRules.shortenRecipientStage(b)) }
  }

  @Test func shortenMailStage() {
    check("shortenMailStage") { b in single(RejectRules.shortenMailStage(b)) }
  }

  @Test func shortenOther() {
    check("shortenOther") { b in single(RejectRules.shortenOther(b)) }
  }

  @Test func recipient() {
    check("recipient") { b in single(RejectRules.recipient(b)) }
  }

  @Test func sender() {
    check("sender") { b in single(RejectRules.sender(b)) }
  }

  // MARK: Warnings, deferrals, trimming

  @Test func condenseWarnings() {
    check("condense") { b in single(WarningRules.condense(b)) }
  }

  @Test func splitDeferral() {
    check("split") { b in
      let (host, reason) = DeferralRules.split(b)
      return [Self.escape(host), Self.escape(reason)]
    }
  }

  @Test(arguments: [
    ("trim-66", 66, 80), ("trim-64-colwidth-100", 64, 100), ("trim-66-colwidth-20", 66, 20),
    ("trim-66-colwidth-1", 66, 1), ("trim-66-colwidth-0", 66, 0),
  ])
  func trim(_ name: String, _ maxLength: Int, _ columnWidth: Int) {
    check(name) { b in single(Trimming.trim(b, to: maxLength, columnWidth: columnWidth)) }
  }

  @Test(arguments: [("trimSaid", 66), ("trimSaid-20", 20)])
  func trimSaid(_ name: String, _ maxLength: Int) {
    check(name) { b in single(Trimming.trimSaid(b, to: maxLength)) }
  }

  // MARK: AddressRules

  @Test func uucpRewrite() {
    check("uucpRewrite") { b in single(AddressRules.uucpRewrite(b) ?? b) }
  }

  @Test func verpSimple() {
    check("verpSimple") { b in single(AddressRules.verpSimple(b)) }
  }

  @Test func verpAggressive() {
    check("verpAggressive") { b in single(AddressRules.verpAggressive(b)) }
  }

  @Test func verpLevelTwo() {
    check("verp-2") { b in single(AddressRules(verpMung: 2).verp(b)) }
  }

  @Test func srsDecode() {
    check("srsDecode") { b in single(AddressRules.srsDecode(b) ?? b) }
  }

  @Test func lowercasingDomain() {
    check("lowercasingDomain") { b in single(AddressRules.lowercasingDomain(b)) }
  }

  // MARK: ShardParser, postscreen

  @Test func stripEnvelope() {
    check("stripEnvelope") { b in single(CleanupLine.strippingEnvelope(b)) }
  }

  @Test func inboundTLSError() {
    check("inboundTLSError") { b in
      guard let (message, client) = b.withBytes({ SmtpdLine.inboundTLSError($0, 0) }) else { return ["<nomatch>"] }
      return [Self.escape(message), Self.escape(client)]
    }
  }

  @Test func postscreen() {
    check("postscreen") { b in
      guard let p = PostscreenLine.parse(b) else { return ["<nomatch>"] }
      return [p.action, p.ip, p.port].map { Self.escape(b[bytes: $0].string) } + [p.extra.map { Self.escape(b[bytes: $0].string) } ?? "<undef>"]
    }
  }
}

/// The shapes on which postsumm used to differ from pflogsumm, one readable case each (the TSV
/// files hold many more).
@Suite("pflogsumm rule fixes")
struct RuleFixTests {
  func client(_ s: String, fqdn: Bool = false) -> String {
    Array(s.utf8).withBytes { HostNames.clientDomain($0, fqdn: fqdn) }
  }

  @Test func oldStyleSlashAddressNeedsNoColonInItsRun() {
    // `$IPv6` only looks ahead for a colon before the next ']': in `name/ab cd:` the address
    // is "ab" (hex digits), and a later slash does not win over an earlier host.
    #expect(client("mail.example.com/200,1:db8::1") == "example.com")
    #expect(client("mail.example.com/200,1:db8::1", fqdn: true) == "mail.example.com")
    #expect(client("mail.ex/ample.com/[2001:db8::1]") == "mail.ex")
    #expect(client("mail.example.com/[20;01:db8::1]") == "example.com")
  }

  @Test func oldStyleSlashIPv4AfterIPv6HasNoEndAnchor() {
    #expect(client("mail.example.com/::ffff:1.2.3.4.5", fqdn: true) == "mail.example.com")
    #expect(client("unknown/::ffff:1.2.3.4.5") == "::ffff:1.2.3.4")
    #expect(client("unknown/[2001:db8::1]x") == "2001:db8::1")
  }

  @Test func lastDitchSlashAddressBacksOffToAColon() {
    // `/$ipLastDitch(?=$|\s|[\]\),;:])`: "2" followed by a space, with a colon further on.
    #expect(client("unknown[127.0.0.1: 15] ehlo=1 auth=0/2 qui::t=1") == "2")
    #expect(client("x /ab:cd:ef-") == "ab:cd")
  }

  @Test func addressZeroIsNoAddress() {
    // `$ipaddr = "unknown" unless($ipaddr)`
    #expect(client("unknown/0 x:") == "unknown")
  }

  @Test func foldDomainBacktracksIntoTheAngleBracket() {
    #expect(HostNames.foldDomain("<>") == "<")
    #expect(HostNames.foldDomain("  <>") == "<")
    #expect(HostNames.foldDomain("<@x.example") == "@x.example")
  }

  @Test func foldDomainOfOneLabelWithDots() {
    // `@parts[-2,-1]` of ("com") has an undefined second-level label.
    #expect(HostNames.foldDomain("com..") == ".com")
    #expect(HostNames.foldDomain("de..") == "de.")
  }

  @Test func foldDomainLowerCasesASCIIOnly() {
    #expect(HostNames.foldDomain("user@ÉXAMPLE.COM") == "Éxample.com")
  }

  @Test func sortKeyOfTextStartingWithWhiteSpaceIsEmpty() {
    // (split(/\s/, $host))[0] keeps a leading empty field.
    #expect(HostNames.sortKey(" (foo)") == Array("0_".utf8))
    #expect(HostNames.sortKey("\tfoo") == Array("0_".utf8))
  }

  @Test func sortKeyPadsIPv6BlocksByBytes() {
    // `%04s` pads to four bytes: "é" (two bytes) gets two zeros.
    #expect(HostNames.sortKey("1:é:") == Array("3_000100é000000000000000000000000".utf8))
    #expect(HostNames.sortKey("A:É::") == Array("3_000a00É000000000000000000000000".utf8))
  }

  func detail(_ s: String, addFrom: Bool = false, addTo: Bool = false) -> RejectRules.Detail {
    RejectRules(addFrom: addFrom, addTo: addTo).detail(Array(s.utf8))
  }

  @Test func rejectDataTestsPerlTruth() {
    // An empty or "0" recipient is false: no "(> to)" / "(from -> to)" part.
    let truncated = "reject: RCPT from h.example.com[1.2.3.4]: 450 4.7.1 <h>: Helo command rejected: Host not found; from=<a@b.c> to=<"
    #expect(detail(truncated, addTo: true).data == "example.com")
    #expect(detail(truncated, addFrom: true, addTo: true).data == "example.com  (< a@b.c)")
    let zero = "reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@y>: Relay access denied; from=<0> to=<0> proto=ESMTP"
    #expect(detail(zero, addTo: true).data == "192.0.2.1")
    // A "0" sender falls back to the client domain; a "0" client gives no domain at all.
    let user = "reject: RCPT from mx.example.net[1.2.3.4]: 550 5.1.1 <u@x>: Recipient address rejected: User unknown; from=<0> to=<u@x>"
    #expect(detail(user, addFrom: true).data == "u@x  (example.net)")
    let sender = "reject: RCPT from 0: 554 5.7.1 <x@y>: Sender address rejected: Access denied; from=<a@b> to=<c@d>"
    #expect(detail(sender).data == " (<a@b)")
    #expect(detail(sender, addTo: true).data == " (a@b -> c@d)")
  }

  @Test func userUnknownRecipientIsTheLeftmostCodeAndBracket() {
    #expect(RejectRules.recipient(Array("550 < 550 <x>: User unknown ".utf8)) == Array(" 550 <x".utf8))
  }

  @Test func deferralRestOfZeroIsDropped() {
    // `$reason .= $moreReason if($moreReason)`
    let (host, reason) = DeferralRules.split(Array("Name service error for name=x.example: 0".utf8))
    #expect(host == Array("x.example".utf8))
    #expect(reason == Array("Name service error ".utf8))
  }

  @Test func inboundTLSClientMayHoldSpacesInItsBrackets() {
    func tls(_ s: String) -> (String, String)? { Array(s.utf8).withBytes { SmtpdLine.inboundTLSError($0, 0) } }
    #expect(tls("SSL_accept error from mail.example.com[20  01:db8::1]: Connection reset by peer")! == ("SSL_accept error Connection reset by peer", "unknown"))
    // `\S+` is greedy: the last '[' of the client word that works.
    #expect(tls("timeout after STARTTLS from x.example.com[ter STARTTLS from unknown[1.2.3.4]")! == ("timeout after STARTTLS", "1.2.3.4"))
    // `:\s+(.+)$` with only white space left keeps the last byte of it.
    #expect(tls("SSL_accept error from unknown[1.2.3.4]:  ")! == ("SSL_accept error  ", "1.2.3.4"))
  }

  func postscreen(_ s: String) -> [String]? {
    let b = Array(s.utf8)
    return PostscreenLine.parse(b).map { m in [m.action, m.ip, m.port].map { b[bytes: $0].string } + [m.extra.map { b[bytes: $0].string } ?? "-"] }
  }

  @Test func postscreenConnectTargetMayBeAnyEarlierBracket() {
    #expect(postscreen("CONNECT from [1.2.3.4]:5 to [1.2.3.4]:6 DISCONNECT [7.7.7.7]:") == ["CONNECT", "1.2.3.4", "5", "-"])
  }

  @Test func postscreenNoqueueAndScreeningRules() {
    #expect(postscreen("x NOQUEUE: reject: CONNECT from [1.2.3.4]:5: too many connections") == ["NOQUEUE: reject: CONNECT", "1.2.3.4", "5", "too many connections"])
    #expect(postscreen("x NOQUEUE: reject: RCPT from [1.2.3.4]:5: 550 5.7.1 x") == ["NOQUEUE: reject: RCPT", "1.2.3.4", "5", "-"])
    #expect(postscreen("x reject: connect from [1.2.3.4]:5: all screening ports busy") == ["reject: connect", "1.2.3.4", "5", "all screening ports busy"])
  }

  @Test func postscreenAfterColonNeedsTextAfterSomeColon() {
    #expect(postscreen("COMMAND PIPELINING from [1.2.3.4]:5 after EHLO: x: ") == ["COMMAND PIPELINING", "1.2.3.4", "5", "-"])
  }

  @Test func trimKeepsAStrayContinuationByte() {
    // Only a cut inside a real UTF-8 sequence moves back.
    let text = Array("connect to mx.slo".utf8) + [0xA9] + Array("ééééé".utf8)
    #expect(Trimming.trimSaid(text, to: 20) == Array("connect to mx.slo...".utf8))
  }
}

/// Where postsumm differs from pflogsumm on purpose.
@Suite("Deliberate differences from pflogsumm's rules")
struct DeliberateDifferences {
  @Test func trimmingNeverSplitsAUTF8Character() {
    // pflogsumm cuts bytes: "ééé…" cut at 63 bytes ends in half a character.
    let text = Array(String(repeating: "é", count: 40).utf8)
    #expect(Trimming.trim(text, to: 66, columnWidth: 80) == Array((String(repeating: "é", count: 31) + "...").utf8))
    let said = Array(("550 5.1.1 " + String(repeating: "ü", count: 40)).utf8)
    #expect(Trimming.trimSaid(said, to: 66) == Array((String(repeating: "ü", count: 31) + "...").utf8))
  }

  @Test func moreThanEightIPv6BlocksSortAfterTheOthers() {
    // pflogsumm dies ("Invalid IPv6 address") on such a key; postsumm keeps all blocks.
    #expect(HostNames.sortKey("1:2:3:4:5:6:7:8:9") == Array("3_000100020003000400050006000700080009".utf8))
  }

  @Test func lowerCasingIsASCIIOnly() {
    // Under `use locale` in a UTF-8 locale Perl's lc turns the byte 0xC3 into 0xE3 and so
    // breaks UTF-8; postsumm, like Perl in the C locale, leaves non-ASCII bytes alone.
    #expect(AddressRules.lowercasingDomain(Array("Ülrich@ÜBER.Example".utf8)) == Array("Ülrich@Über.example".utf8))
    #expect(HostNames.foldDomain("x@MAIL.ÜBER.DE") == "mail.Über.de")
  }

  @Test func wordCharactersAreASCII() {
    // In a UTF-8 locale Perl's \w matches some bytes ≥ 0x80 (Latin-1 letters); postsumm's
    // \w, \b and [\w.] are ASCII, as in the C locale.
    let b = Array("ªBLACKLISTED [1.2.3.4]:5".utf8)
    #expect(PostscreenLine.parse(b).map { b[bytes: $0.action].string } == "BLACKLISTED")
  }
}
