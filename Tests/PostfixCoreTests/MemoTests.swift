import Testing
import ReportModel

@testable import PostfixCore

/// The memos on the parser's hot path (`BytesMemo`, `CountTree.add(memo:path:)`) must never
/// change a result: they only skip recomputing what was computed for the same bytes.
@Suite("Memos")
struct MemoTests {
  @Test("BytesMemo returns what the function returns, computes each key once until full, and stays bounded")
  func bytesMemo() {
    var memo = BytesMemo<String>(capacity: 100)
    var calls = 0
    func lookup(_ s: String) -> String {
      var s = s
      return s.withUTF8 { key in
        memo.value(key) { bytes in
          calls += 1
          return String(decoding: bytes, as: UTF8.self).uppercased()
        }
      }
    }
    for round in 0..<3 {
      for k in 0..<50 { #expect(lookup("host\(k).example") == "HOST\(k).EXAMPLE") }
      #expect(calls == 50, "round \(round): computed again although remembered")
    }
    // Past the capacity the memo starts over: results stay right, keys are computed again.
    for k in 50..<250 { #expect(lookup("host\(k).example") == "HOST\(k).EXAMPLE") }
    #expect(calls == 250)
    #expect(lookup("host0.example") == "HOST0.EXAMPLE")
    #expect(calls == 251)
  }

  @Test("a tree counted by raw text through the memo equals the tree counted by path, across memo folds")
  func countTreeMemo() {
    var plain = CountTree()
    var memoized = CountTree()
    var pathCalls = 0
    // More distinct texts than the memo holds, each seen several times, interleaved.
    let distinct = CountTree.memoCapacity + 1500
    for round in 0..<3 {
      for k in stride(from: round, to: distinct, by: 1 + round) {
        let text = "reason \(k % 997) from host\(k)"
        let path = ["smtp", "host\(k % 13)", "reason \(k % 997)"]
        plain.add(path)
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { b in
          memoized.add(memo: UnsafeBufferPointer(b)) {
            pathCalls += 1
            return path
          }
        }
      }
    }
    #expect(memoized == plain)
    #expect(memoized.counts == plain.counts)
    #expect(!memoized.isEmpty)
    // Memoized: fewer path computations than lines.
    let lines = (0..<3).reduce(0) { n, r in n + Array(stride(from: r, to: distinct, by: 1 + r)).count }
    #expect(pathCalls < lines)
    var merged = CountTree()
    merged.merge(memoized)
    #expect(merged.counts == plain.counts)
  }

  static func summary(_ lines: [String]) -> Summary {
    var parser = ShardParser(
      options: ParseOptions(), anchor: LogTimeAnchor(date: Day(year: 2026, month: 11, day: 25), secondOfDay: 0),
      hasPredecessor: false)
    for line in lines { Array(line.utf8).withUnsafeBufferPointer { parser.consume($0) } }
    return parser.summary
  }

  static func delivered(_ i: Int, to address: String) -> String {
    "Nov 24 08:00:\(String(format: "%02d", i)) mx1 postfix/smtp[9]: Q\(i)Z: to=<\(address)>, relay=x[192.0.2.1]:25, delay=1, dsn=2.0.0, status=sent (ok)"
  }

  @Test("a recipient's domain, remembered by recipient id, is what the address's own bytes give")
  func domainByRecipient() {
    // Recipients whose domain part has capitals take the memo by bytes, the others the one by
    // recipient id; a recipient seen both ways must count in one domain. ("x@A B" has no
    // address shape: pflogsumm lower-cases from the '@' and takes the rest as it is.)
    let s = Self.summary(
      ["x@A B", "x@a b", "x@A B", "x@a b", "Bob@Example.COM", "bob@example.com", "bob@example.com"].enumerated().map {
        Self.delivered($0.offset, to: $0.element)
      })
    let domains = Dictionary(uniqueKeysWithValues: s.domains.recipientDomains.entries().map { ($0.key, $0.value.delivered) })
    #expect(domains == ["x@a b": 4, "example.com": 3])
    let users = Dictionary(uniqueKeysWithValues: s.users.recipients.entries().map { ($0.key, $0.value.count) })
    #expect(users == ["x@a b": 4, "Bob@example.com": 1, "bob@example.com": 2])
  }

  @Test("a sender's domain is worked out once and stays right as the sender table grows")
  func domainBySender() {
    var lines: [String] = []
    for (i, sender) in ["a@one.example.com", "", "b@two.example.org", "a@one.example.com", ""].enumerated() {
      lines.append("Nov 24 08:00:0\(i) mx1 postfix/smtpd[1]: Q\(i)Z: client=host\(i).example.net[192.0.2.\(i)]")
      lines.append("Nov 24 08:00:0\(i) mx1 postfix/qmgr[2]: Q\(i)Z: from=<\(sender)>, size=100, nrcpt=1 (queue active)")
    }
    let s = Self.summary(lines)
    let domains = Dictionary(uniqueKeysWithValues: s.domains.senderDomains.entries().map { ($0.key, $0.value.count) })
    // from=<> counts under the client's domain (host1 and host4 of example.net).
    #expect(domains == ["example.com": 2, "example.org": 1, "example.net": 2])
  }
}
