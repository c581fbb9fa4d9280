import Testing

@testable import PostfixCore

/// `ByteKey`, the fixed-size key of in-flight state (queue ids, postscreen ip:port): equal exactly when the bytes
/// (up to 24 bytes) and the host are, ordered as the bytes are, and shown as they were logged.
@Suite("Byte keys")
struct ByteKeyTests {
  static func id(_ s: String) -> ByteKey { ByteKey(s) }

  /// Ids of every length up to past the inline capacity, with shared prefixes and NUL bytes.
  static let samples: [String] = {
    var out = ["", "A", "4F0A12B3C", "4F0A12B3C4", "4F0A12B3C5", "4F0A12B3C40", "4Xm2Zk3Fn7z1xyz", "4Xm2Zk3Fn7z1xyz9"]
    out += ["AB", "AB\u{0}", "AB\u{0}\u{0}", "NOQUEUE", "ABCDEFGH", "ABCDEFGHI", "ABCDEFGH\u{0}"]
    for n in [7, 8, 9, 15, 16, 17, 23, 24] { out.append(String(repeating: "F", count: n)) }
    out.append(String(repeating: "F", count: 23) + "E")
    return out
  }()

  @Test("equal exactly when the bytes are; ordered as the bytes are; shown as logged")
  func matchesBytes() {
    for a in Self.samples {
      #expect(Self.id(a).string == a)
      for b in Self.samples {
        #expect((Self.id(a) == Self.id(b)) == (a == b), "\(a.debugDescription) vs \(b.debugDescription)")
        #expect((Self.id(a) < Self.id(b)) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a.debugDescription) < \(b.debugDescription)")
      }
    }
  }

  @Test("built from a range of a line, as the parser does")
  func fromLineRange() {
    let line = Array("Nov 25 10:00:00 mx postfix/qmgr[9]: 4F0A12B3C4: removed".utf8)
    line.withUnsafeBufferPointer { b in
      #expect(ByteKey(b, 36..<46) == Self.id("4F0A12B3C4"))
      #expect(ByteKey(b, 36..<46).string == "4F0A12B3C4")
      #expect(ByteKey(b, 36..<46).fingerprint == Self.id("4F0A12B3C4").fingerprint)
    }
  }

  @Test("ip:port from the two parts of `[ip]:port`: the key of the joined text")
  func joinedParts() {
    for (ip, port) in [("192.0.2.1", "25"), ("2001:db8::1", "51234"), ("2001:db8:85a3:0:0:8a2e:370:7334", "40000"), ("1.2.3.4", "")] {
      let line = Array("PASS OLD [\(ip)]:\(port)".utf8)
      let ipRange = 10..<(10 + ip.utf8.count)
      let portRange = (ipRange.upperBound + 2)..<line.count
      line.withUnsafeBufferPointer { b in
        let key = ByteKey(b, ipRange, ASCII.colon, portRange)
        #expect(key == Self.id(ip + ":" + port))
        #expect(key.fingerprint == Self.id(ip + ":" + port).fingerprint)
      }
    }
  }

  @Test("tokens over 24 bytes: told apart by the rest of their bytes, ordered by their first 16, shown cut")
  func overlong() {
    let base = String(repeating: "B", count: 24)
    let a = Self.id(base + "CDF"), b = Self.id(base + "CDG"), a2 = Self.id(base + "CDF")
    #expect(a == a2 && a.hashValue == a2.hashValue)
    #expect(a != b)
    #expect(a != Self.id(base))
    #expect(a.string == String(repeating: "B", count: 16) + "…")
    #expect(Self.id(String(repeating: "A", count: 30)) < a && a < Self.id(String(repeating: "C", count: 25)))
    var seen: Set<ByteKey> = []
    for k in 0..<1000 { seen.insert(Self.id(base + String(k))) }
    #expect(seen.count == 1000)
  }

  @Test("the host tag: the same bytes from two hosts are two keys; from one host, one key, whatever the length")
  func hosts() {
    let tags = ["mx1", "mx2", "mail.example.org", "a-host-name-longer-than-sixteen-bytes", ""].map {
      Array($0.utf8).withBytes { ByteKey.hostTag(of: $0) }
    }
    #expect(Set(tags).count == tags.count)
    #expect(tags.allSatisfy { $0 < 1 << 48 })
    // Fixed: the same in every process and run (saved aggregates and shards rely on it).
    #expect(tags[0] == Array("mx1".utf8).withBytes { ByteKey.hostTag(of: $0) })
    for id in ["4F0A12B3C4", "4Xm2Zk3Fn7z1xyz9", String(repeating: "F", count: 24), String(repeating: "E", count: 40), "[2001:db8::1]:51234"] {
      let keys = tags.map { ByteKey(id, host: $0) }
      #expect(Set(keys).count == keys.count, "\(id)")
      #expect(Set(keys.map(\.fingerprint)).count == keys.count, "\(id)")
      for (key, tag) in zip(keys, tags) {
        #expect(key.hostTag == tag && key == ByteKey(id, host: tag) && key.string == Self.id(id).string)
      }
    }
    // Ordered by bytes first, then by host.
    #expect(ByteKey("AAAA", host: tags[1]) < ByteKey("AAAB", host: tags[0]))
    #expect(!(ByteKey("AAAB", host: tags[0]) < ByteKey("AAAA", host: tags[1])))
  }
}
