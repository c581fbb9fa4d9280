import Testing

@testable import PostfixCore

/// `matches(_:at:)` compares eight bytes at a time: it must still say what a byte-by-byte
/// comparison says, for every length, position and place of a difference.
@Suite("Byte matching")
struct ByteMatchTests {
  static let literals: [StaticString] = [
    "", "r", "SSL", "hold: ", "reject: ", "client=", "STARTTLS", "connect from ", "disconnect from ",
    "reject_warning: ", "Anonymous TLS connection", "sender non-delivery notification",
  ]

  func reference(_ line: [UInt8], _ literal: StaticString, at i: Int) -> Bool {
    let n = literal.utf8CodeUnitCount
    guard i >= 0, i + n <= line.count else { return false }
    return (0..<n).allSatisfy { line[i + $0] == literal.utf8Start[$0] }
  }

  @Test func agreesWithByteByByte() {
    for literal in Self.literals {
      let text = Array(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
      var lines: [[UInt8]] = [text, Array("xx".utf8) + text, Array("xx".utf8) + text + Array("yy".utf8), [], Array(text.dropLast())]
      // The literal with each byte changed in turn (a difference in the first word, in a
      // later word, in the tail).
      for k in text.indices {
        var changed = Array("x".utf8) + text
        changed[k + 1] ^= 0x20
        lines.append(changed)
      }
      for line in lines {
        line.withBytes { b in
          for i in -1...(line.count + 1) {
            #expect(b.matches(literal, at: i) == reference(line, literal, at: i), "\(literal) in \(line) at \(i)")
          }
        }
      }
    }
  }
}
