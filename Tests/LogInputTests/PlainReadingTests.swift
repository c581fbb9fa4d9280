import Testing
import TestSupport

@testable import LogInput

@Suite("Plain files")
struct PlainReadingTests {
  @Test("splits lines at every chunk size", arguments: awkwardChunkSizes)
  func splitsLines(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    let text = "first line\n\nthird line\nfourth\n"
    let path = try directory.write(text, to: "mail.log")
    let result = readLines(path, chunkSize: chunkSize)
    #expect(result.strings == ["first line", "", "third line", "fourth"])
    #expect(result.outcome.lines == 4)
    #expect(result.outcome.bytes == Int64(text.utf8.count))
    #expect(result.outcome.compressedBytes == Int64(text.utf8.count))
    #expect(result.outcome.problems.isEmpty)
  }

  @Test("delivers a final line without a newline", arguments: awkwardChunkSizes)
  func finalLineWithoutNewline(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("one\ntwo\nno newline", to: "mail.log")
    let result = readLines(path, chunkSize: chunkSize)
    #expect(result.strings == ["one", "two", "no newline"])
    #expect(result.outcome.bytes == 18)
    #expect(result.outcome.problems.isEmpty)
  }

  @Test("an empty file has no lines and no problems")
  func emptyFile() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write([], to: "empty.log")
    let result = readLines(path)
    #expect(result.lines.isEmpty)
    #expect(result.outcome.lines == 0)
    #expect(result.outcome.bytes == 0)
    #expect(result.outcome.problems.isEmpty)
  }

  @Test("lone newlines are empty lines")
  func onlyNewlines() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("\n\n", to: "blank.log")
    #expect(readLines(path).lines == [[], []])
  }

  @Test("strips one trailing carriage return per line", arguments: awkwardChunkSizes)
  func stripsCarriageReturn(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("a\r\nb\r\n\r\n\r\r\nmid\rdle\r\nlast\r", to: "crlf.log")
    let result = readLines(path, chunkSize: chunkSize)
    #expect(result.strings == ["a", "b", "", "\r", "mid\rdle", "last"])
  }

  @Test("NUL bytes and invalid UTF-8 pass through untouched", arguments: [1, 3, 4096])
  func binaryPassThrough(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    let bytes: [UInt8] = [0x00, 0x41, 0xFF, 0xFE, 0x0A, 0xC3, 0x28, 0x00, 0x0A, 0xED, 0xA0, 0x80]
    let path = try directory.write(bytes, to: "binary.log")
    let result = readLines(path, chunkSize: chunkSize)
    #expect(result.lines == [[0x00, 0x41, 0xFF, 0xFE], [0xC3, 0x28, 0x00], [0xED, 0xA0, 0x80]])
  }

  @Test("matches the reference splitter on random data", arguments: [1, 5, 97, 4096])
  func matchesReference(chunkSize: Int) throws {
    var random = SeededRandomNumberGenerator(seed: 0x5EED_0001 &+ UInt64(chunkSize))
    let directory = try TemporaryDirectory()
    // Mostly newlines, carriage returns and letters, so every boundary case turns up often.
    let alphabet: [UInt8] = [0x0A, 0x0A, 0x0D, 0x61, 0x62, 0x00, 0xFF]
    let bytes = (0..<20_000).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
    let path = try directory.write(bytes, to: "random.log")
    let result = readLines(path, maxLineLength: 6, chunkSize: chunkSize)
    let expected = referenceLines(bytes, maxLineLength: 6)
    #expect(result.lines == expected.lines)
    #expect(result.outcome.overlongLines == expected.overlong)
    #expect(result.outcome.bytes == Int64(bytes.count))
  }

  @Test("a file that starts like gzip but is not is read as plain text")
  func almostGzipMagic() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write([0x1F, 0x41, 0x0A, 0x1F], to: "odd.gz")
    #expect(readLines(path).lines == [[0x1F, 0x41], [0x1F]])
  }
}
