#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TestSupport
import Testing

@testable import Renderers

/// `Tenths` stands in for `printf("%5.1f")` in the delay columns: it must give printf's
/// bytes for every value, exact halves and values a hair either side of them included.
@Suite struct TenthsTests {
  static func printf(_ v: Double) -> String { NumberFormat.cFormat("%5.1f", v) }

  static func tenths(_ v: Double) -> String? {
    guard let t = Tenths.rounded(v) else { return nil }
    var bytes: [UInt8] = []
    Tenths.append(t, width: 5, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  func expectPrintf(_ v: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(Self.tenths(v) == Self.printf(v), "\(v)", sourceLocation: sourceLocation)
  }

  @Test("exact halves go to the even tenth, their neighbours to the near one")
  func halves() {
    for v in [0.25, 0.75, 1.25, 2.75, 1024.25, 0.05, 0.15, 0.35, 0.45, 0.95, 9.95, 99.95, 999.95, 12.25] {
      expectPrintf(v)
      expectPrintf(v.nextUp)
      expectPrintf(v.nextDown)
    }
    #expect(Self.tenths(0.25) == "  0.2")
    #expect(Self.tenths(0.75) == "  0.8")
  }

  @Test("the delays the report shows: microsecond sums over counts, in s, m and h")
  func delays() {
    var g = SeededRandomNumberGenerator(seed: 5)
    for _ in 0..<200_000 {
      let sum = Double(g.next() % 5_000_000_000_000) / 1_000_000
      let count = Double(g.next() % 5000 + 1)
      let v = sum / count
      expectPrintf(v)
      expectPrintf(v / 60)
      expectPrintf(v / 3600)
    }
    for v in [0.0, 0.04999, 0.05, 1e-300, 9.96, 99999.9, 123456.7, 1e13 + 0.05] { expectPrintf(v) }
  }

  @Test("what it leaves to printf")
  func outside() {
    #expect(Tenths.rounded(-0.5) == nil)
    #expect(Tenths.rounded(.nan) == nil)
    #expect(Tenths.rounded(.infinity) == nil)
    #expect(Tenths.rounded(1e20) == nil)
  }
}
