import ForkJoin
import ReportModel
import Testing

@testable import Renderers

/// The long user tables are formatted in blocks on two threads (`TextBuffer.countedLines`);
/// the bytes must be those of formatting row by row, across block boundaries and in both
/// the buffered and the streamed (chunked) form.
@Suite("Text tables formatted in blocks")
struct TextBlockRenderingTests {
  /// More rows than two blocks and than one streamed chunk, with values on each side of the k/m scaling thresholds.
  /// With addresses longer than the 64 KiB block rows are written in, and an empty one.
  static let rows: [UserRow] = (0..<40_011).map { i in
    let values: [Int64] = [0, 1, 999_999, 524_288, 524_289, 536_870_913, -7, Int64(i), Int64.min, Int64.max]
    let address = i % 9_999 == 5 ? String(repeating: "x", count: 70_000 + i) + "@long.example" : i == 17 ? "" : "user\(i)@host\(i % 97).example"
    return UserRow(address: address, value: values[i % values.count])
  }

  static func rowByRow() -> [UInt8] {
    var out = TextBuffer()
    for row in rows { out.countedLine(indent: 1, row.value, row.address) }
    return Array(out.text.utf8)
  }

  @Test("buffered: the same bytes as row by row")
  func buffered() {
    var out = TextBuffer()
    out.countedLines(UserRows(Self.rows))
    #expect(Array(out.text.utf8) == Self.rowByRow())
  }

  @Test("streamed in chunks: the same bytes as row by row")
  func streamed() {
    var written: [UInt8] = []
    var out = TextBuffer(sink: { chunk in
      written.append(contentsOf: chunk)
      return true
    })
    out.countedLines(UserRows(Self.rows))
    let finished = out.finish()
    #expect(finished)
    #expect(written == Self.rowByRow())
  }

  @Test("ForkJoin.both returns each result in its argument's place")
  func forkJoinOrder() {
    let (a, b) = ForkJoin.both({ (0..<1000).reduce(0, +) }, { "second" })
    #expect(a == 499_500)
    #expect(b == "second")
  }
}
