import Testing
import TestSupport

@testable import LogInput

@Suite("Overlong lines")
struct OverlongLineTests {
  @Test("a 10 MB line is skipped whole and counted, with memory bounded by the limit", arguments: [false, true])
  func tenMegabyteLine(compressed: Bool) throws {
    let directory = try TemporaryDirectory()
    var bytes = Array("first\n".utf8)
    bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: 10 << 20))
    bytes.append(contentsOf: Array("\nlast\n".utf8))
    let path = try directory.write(compressed ? GzipWriter.compress(bytes, level: 1) : bytes, to: "long.log")
    let limit = 1 << 20
    let result = readLines(path, maxLineLength: limit)

    #expect(result.strings == ["first", "last"])
    #expect(result.outcome.overlongLines == 1)
    #expect(result.outcome.bytes == Int64(bytes.count))
    #expect(result.outcome.peakLineBufferBytes <= limit + 1)
    #expect(result.outcome.problems == [
      InputProblem(source: path, kind: .overlongLines, bytesRead: 6, linesRead: 1, skippedLines: 1, lineLengthLimit: limit)
    ])
    #expect(result.problem?.description == "\(path): 1 line longer than 1048576 bytes skipped (first at line 2)")
  }

  @Test("the limit is exact, \\r excluded, in place and across chunks", arguments: [1, 2, 5, 9, 4096])
  func exactLimit(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    // limit 8: 8 bytes pass, 8 + "\r" pass, 9 fail, 9 + "\r" fail; a final 9-byte line without "\n" fails too.
    let text = "12345678\n12345678\r\n123456789\nok\n123456789\r\n\n123456789"
    let path = try directory.write(text, to: "limit.log")
    let result = readLines(path, maxLineLength: 8, chunkSize: chunkSize)
    #expect(result.strings == ["12345678", "12345678", "ok", ""])
    #expect(result.outcome.overlongLines == 3)
    #expect(result.outcome.bytes == Int64(text.utf8.count))
    #expect(result.outcome.peakLineBufferBytes <= 9)
    #expect(result.problem?.description == "\(path): 3 lines longer than 8 bytes skipped (first at line 3)")
    #expect(result.problem?.bytesRead == 19)
  }

  @Test("a limit of zero lets only empty lines through")
  func zeroLimit() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("\na\n\r\n", to: "zero.log")
    let result = readLines(path, maxLineLength: 0, chunkSize: 1)
    #expect(result.lines == [[], []])
    #expect(result.outcome.overlongLines == 1)
  }
}
