import ReportModel
import TestSupport
import Testing

@testable import PostfixCore

/// `HostOrder` sorts eight key bytes at a time; these check it against the order it stands
/// for, a plain comparison sort on (host sort key, raw bytes), where the shortcuts could go
/// wrong: keys that tie for many steps, keys that end inside a step, NUL bytes (read like
/// the padding past a key's end), keys that differ only in case (equal host keys), and
/// duplicates.
@Suite struct HostOrderTests {
  /// The order `HostOrder` must give, by comparisons.
  static func reference(_ strings: [String]) -> [Int32] {
    let keys = strings.map(HostNames.sortKey)
    return (0..<Int32(strings.count)).sorted { a, b in
      let (ka, kb) = (keys[Int(a)], keys[Int(b)])
      if ka != kb { return ka.lexicographicallyPrecedes(kb) }
      if strings[Int(a)] != strings[Int(b)] { return strings[Int(a)].utf8.lexicographicallyPrecedes(strings[Int(b)].utf8) }
      return a < b
    }
  }

  /// Equal strings may come in either order; compare the strings, not the indices.
  func expectSameOrder(_ strings: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let got = HostOrder.indices(strings).map { strings[Int($0)] }
    let want = Self.reference(strings).map { strings[Int($0)] }
    let mismatch = got.indices.first { $0 >= want.count || got[$0] != want[$0] }
    #expect(got.count == want.count && mismatch == nil, "first difference at \(mismatch.map { "\($0): \(got[$0].debugDescription) where \(want[$0].debugDescription) belongs" } ?? "the end")", sourceLocation: sourceLocation)
    #expect(Set(HostOrder.indices(strings)).count == strings.count, sourceLocation: sourceLocation)
  }

  @Test func emptyAndSingle() {
    #expect(HostOrder.indices([]) == [])
    #expect(HostOrder.indices(["a@b.example"]) == [0])
  }

  @Test("addresses at a few domains, with case twins, IPs and duplicates")
  func mixedAddresses() {
    var g = SeededRandomNumberGenerator(seed: 7)
    let domains = ["gmail.com", "Mail.Example.ORG", "example.com", "a.b.c.d.e.f.g.h.example.net", "x.co.uk", "[10.0.0.1]"]
    var strings: [String] = []
    for _ in 0..<3000 {
      let user = ["info", "INFO", "root", "a", "ab", "abcdefghijklmnopq", "user" + String(g.next() % 50)][Int(g.next() % 7)]
      strings.append(user + "@" + domains[Int(g.next() % UInt64(domains.count))])
    }
    strings += ["10.0.0.1", "10.0.0.10", "9.255.255.255", "2001:db8::1", "2001:DB8::1", "fe80::", "", "", "host"]
    expectSameOrder(strings)
  }

  @Test("keys that tie for many eight-byte steps and end inside one")
  func longSharedPrefixes() {
    var g = SeededRandomNumberGenerator(seed: 11)
    let stem = String(repeating: "label.", count: 9)
    var strings: [String] = []
    for _ in 0..<2000 {
      let tailLength = Int(g.next() % 12)
      let tail = String((0..<tailLength).map { _ in Character(Unicode.Scalar(UInt8(0x61 + g.next() % 3))) })
      strings.append("u@" + tail + stem + "example")
    }
    expectSameOrder(strings)
  }

  @Test("NUL bytes and non-ASCII, against keys that end where they start")
  func nulAndBinary() {
    var g = SeededRandomNumberGenerator(seed: 13)
    var strings: [String] = []
    for _ in 0..<1500 {
      let length = Int(g.next() % 20)
      let bytes = (0..<length).map { _ in [0x00, 0x41, 0x61, 0x2E, 0x40, 0xC3, 0xA9, 0x20, 0x3A][Int(g.next() % 9)] as UInt8 }
      strings.append(String(decoding: bytes, as: UTF8.self))
    }
    strings += ["abcdefgh", "abcdefgh\u{0}", "abcdefgh\u{0}\u{0}", "abcdefg", "ABCDEFGH"]
    expectSameOrder(strings)
  }

  @Test("the keys it writes are the rule-by-rule keys (slowSortKey), around every case and class boundary")
  func keysAreSortKeys() {
    var g = SeededRandomNumberGenerator(seed: 17)
    // '@' 'A' 'Z' '[' '`' 'a' 'z' '{' '.', digits, ':' and space (the slow path), non-ASCII.
    let alphabet: [String] = ["@", "A", "Z", "[", "`", "a", "z", "{", ".", "0", "9", ":", " ", "\u{E9}", "\u{C9}", "M", "q"]
    var strings = ["1.2.3.4", "255.255.255.255", "256.1.1.1", "1.2.3", "01.002.3.4", "..", "@", "", "a@b", "ABCDEFGHIJKLMNOPQRSTUVWXYZ@EXAMPLE.ORG"]
    for _ in 0..<5000 {
      let length = Int(g.next() % 40)
      strings.append((0..<length).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }.joined())
    }
    let keys = HostOrder.sortKeys(AddressList(strings))
    for (s, key) in zip(strings, keys) {
      #expect(key == HostNames.slowSortKey(s), "\(s.debugDescription)")
    }
  }
}
