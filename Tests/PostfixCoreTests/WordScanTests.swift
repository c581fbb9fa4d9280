import Testing

@testable import PostfixCore

/// `WordScan`'s tests against the bytes one by one: every byte value in every lane, among
/// neighbours of every kind, and random words.
@Suite("Word scan")
struct WordScanTests {
  static var checks: [(String, (UInt64) -> UInt64, (UInt8) -> Bool)] { [
    ("high", WordScan.hasHighByte, { $0 >= 0x80 }),
    ("zero", WordScan.hasZero, { $0 == 0 }),
    ("@", { WordScan.has($0, 0x40) }, { $0 == 0x40 }),
    ("below 0x21", { WordScan.hasBelow($0, 0x21) }, { $0 < 0x21 }),
    ("capital", WordScan.hasCapital, { $0 >= 0x41 && $0 <= 0x5A }),
    ("between 0x2F and 0x3A", { WordScan.hasBetween($0, 0x2F, 0x3A) }, { $0 > 0x2F && $0 < 0x3A }),
  ] }

  static func word(_ bytes: [UInt8]) -> UInt64 {
    bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
  }

  @Test("exact as a yes or no: every byte in every lane, beside every neighbour")
  func everyByteEveryLane() {
    for (name, has, truth) in Self.checks {
      for lane in 0..<8 {
        for v in 0...255 {
          for neighbour: UInt8 in [0x00, 0x01, 0x20, 0x40, 0x41, 0x5A, 0x5B, 0x7F, 0x80, 0xFF, 0x61] {
            var bytes = [UInt8](repeating: neighbour, count: 8)
            bytes[lane] = UInt8(v)
            let expected = bytes.contains(where: truth)
            #expect((has(Self.word(bytes)) != 0) == expected, "\(name): \(bytes)")
          }
        }
      }
    }
  }

  @Test("exact on random words")
  func randomWords() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<200_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let w = state
      let bytes = (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * UInt64($0))) }
      for (name, has, truth) in Self.checks where (has(w) != 0) != bytes.contains(where: truth) {
        Issue.record("\(name): \(bytes)")
      }
    }
  }

  @Test("zeroBytes and bytes(equalTo:) flag exactly the matching bytes, lane by lane")
  func exactPerByte() {
    var state: UInt64 = 12345
    for round in 0..<100_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      // Half the words with dots and zeros sprinkled in, so that runs of matches occur.
      var bytes = (0..<8).map { UInt8(truncatingIfNeeded: state >> (8 * UInt64($0))) }
      if round % 2 == 0 { for k in 0..<8 where bytes[k] % 3 == 0 { bytes[k] = k % 2 == 0 ? 0x2E : 0 } }
      let w = Self.word(bytes)
      let dots = WordScan.bytes(w, equalTo: 0x2E)
      let zeros = WordScan.zeroBytes(w)
      for k in 0..<8 {
        #expect((dots >> (8 * UInt64(k) + 7)) & 1 == (bytes[k] == 0x2E ? 1 : 0), "\(bytes) lane \(k)")
        #expect((zeros >> (8 * UInt64(k) + 7)) & 1 == (bytes[k] == 0 ? 1 : 0), "\(bytes) lane \(k)")
      }
      #expect(dots & ~0x8080_8080_8080_8080 == 0 && zeros & ~0x8080_8080_8080_8080 == 0)
    }
  }

  @Test("skip stops at the first word with a flagged byte, or where fewer than eight bytes are left")
  func skipStops() {
    let text = Array("abcdefghijklmnop@example.com".utf8)
    text.withUnsafeBufferPointer { b in
      #expect(WordScan.skip(b, from: 0) { WordScan.has($0, 0x40) } == 16)
      #expect(WordScan.skip(b, from: 3) { WordScan.has($0, 0x40) } == 11)
      #expect(WordScan.skip(b, from: 17) { WordScan.has($0, 0x40) } == 25)
      #expect(WordScan.skip(b, from: 0) { WordScan.hasCapital($0) } == 24)
    }
  }
}

/// The per-address loops that scan eight bytes at a time (`HostNames.fastFoldDomainRange`,
/// `registeredDomainRange`, `AddressRules.domainHasCapitals`) against the rules byte by byte,
/// on random addresses made of the bytes that matter to them, at every length around the words.
@Suite("Address scans, eight bytes at a time")
struct AddressWordScanTests {
  static let alphabet: [UInt8] = Array("abzAMZ09.-_@<> \t".utf8) + [0x80, 0xC3, 0xFF, 0x00, 0x1F, 0x7F]

  static func addresses() -> [[UInt8]] {
    var state: UInt64 = 77
    var out: [[UInt8]] = []
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33)
    }
    for _ in 0..<60_000 {
      let n = next() % 40
      // Mostly plain letters, so that whole words of them occur; the rest from the alphabet.
      out.append((0..<n).map { _ in next() % 4 == 0 ? alphabet[next() % alphabet.count] : UInt8(0x61 + next() % 26) })
    }
    return out
  }

  @Test("the domain fold: the fast path agrees with the rule wherever it answers")
  func foldAgrees() {
    var answered = 0
    for a in Self.addresses() {
      let text = String(decoding: a, as: UTF8.self)
      guard Array(text.utf8) == a else { continue }  // the rule reads a String
      guard let fast = a.withUnsafeBufferPointer({ HostNames.fastFoldDomain($0) }) else { continue }
      answered += 1
      #expect(fast == HostNames.foldDomainExactly(text), "\(a)")
    }
    #expect(answered > 5_000, "the fast path answered \(answered) times")
  }

  @Test("capitals in the domain: the same answer as byte by byte")
  func capitalsAgree() {
    for a in Self.addresses() {
      let truth: Bool = {
        guard let at = a.firstIndex(of: 0x40), at + 1 < a.count else { return false }
        return a[(at + 1)...].contains { $0 >= 0x41 && $0 <= 0x5A }
      }()
      #expect(a.withUnsafeBufferPointer { AddressRules.domainHasCapitals($0) } == truth, "\(a)")
    }
  }
}
