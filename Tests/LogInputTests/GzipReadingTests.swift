import Testing
import TestSupport

@testable import LogInput

@Suite("gzip input")
struct GzipReadingTests {
  @Test("decompresses a single member at every chunk size", arguments: awkwardChunkSizes)
  func singleMember(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    let text = sampleLog(lines: 500, seed: 1)
    let gzip = GzipWriter.compress(text)
    let path = try directory.write(gzip, to: "mail.log.1.gz")
    let result = readLines(path, chunkSize: chunkSize)
    #expect(result.lines == referenceLines(text).lines)
    #expect(result.outcome.bytes == Int64(text.count))
    #expect(result.outcome.compressedBytes == Int64(gzip.count))
    #expect(result.outcome.problems.isEmpty)
  }

  @Test("concatenates members like zcat, including an empty one", arguments: [1, 2, 3, 11, 1 << 18])
  func multipleMembers(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    // A line split across members ("b" + "c") is one line, as zcat would print it.
    let members = ["a\nb", "c\n", "", "d\ne"].map { GzipWriter.compress($0) }
    let path = try directory.write(members.flatMap { $0 }, to: "multi.gz")
    let result = readLines(path, chunkSize: chunkSize)
    #expect(result.strings == ["a", "bc", "d", "e"])
    #expect(result.outcome.bytes == 8)
    #expect(result.outcome.problems.isEmpty)
  }

  @Test("reads a header with a file name field, as gzip(1) writes it")
  func headerWithFileName() throws {
    let directory = try TemporaryDirectory()
    var member = GzipWriter.compress("named\n")
    member[3] |= 0x08  // FLG.FNAME
    member.insert(contentsOf: Array("mail.log\0".utf8), at: 10)
    let path = try directory.write(member, to: "named.gz")
    let result = readLines(path)
    #expect(result.strings == ["named"])
    #expect(result.outcome.problems.isEmpty)
  }

  @Test("sniffs content, not names: gzip named .log, plain text named .gz")
  func sniffsContentNotName() throws {
    let directory = try TemporaryDirectory()
    let gzipPath = try directory.write(GzipWriter.compress("compressed\n"), to: "mail.log")
    let plainPath = try directory.write("plain\n", to: "mail.log.1.gz")
    #expect(readLines(gzipPath).strings == ["compressed"])
    #expect(readLines(plainPath).strings == ["plain"])
    #expect(try inspect(.file(gzipPath)).get().compression == .gzip)
    #expect(try inspect(.file(plainPath)).get().compression == .none)
  }

  @Test("an empty gzip member is zero lines and no problem")
  func emptyMember() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(GzipWriter.compress([UInt8]()), to: "empty.gz")
    let result = readLines(path)
    #expect(result.lines.isEmpty)
    #expect(result.outcome.bytes == 0)
    #expect(result.outcome.problems.isEmpty)
  }

  @Test(
    "a stream cut mid-member delivers the complete lines before the cut",
    arguments: [(3, false), (4096, true), (1 << 18, true)])
  func truncatedMidMember(chunkSize: Int, prefetch: Bool) throws {
    let directory = try TemporaryDirectory()
    let text = sampleLog(lines: 8_000, seed: 2)
    let gzip = GzipWriter.compress(text)
    let path = try directory.write(Array(gzip.prefix(gzip.count / 2)), to: "mail.log.2.gz")
    let result = readLines(path, chunkSize: chunkSize, prefetch: prefetch)
    let expected = referenceLines(text).lines

    #expect(result.lines.count > 500)
    #expect(result.lines.count < expected.count)
    #expect(result.lines == Array(expected.prefix(result.lines.count)))
    let problem = try #require(result.problem)
    let deliveredBytes = Int64(result.lines.reduce(0) { $0 + $1.count + 1 })
    #expect(problem.kind == .truncatedGzip)
    #expect(problem.linesRead == result.lines.count)
    #expect(problem.bytesRead == deliveredBytes)
    #expect(result.outcome.bytes == deliveredBytes)
    // The dropped tail is a piece of the next line, never more than it (plus its "\n" can't be there).
    #expect(problem.ignoredBytes <= Int64(expected[result.lines.count].count))
    #expect(
      problem.description.hasPrefix(
        "\(path): truncated gzip data (stopped after \(deliveredBytes) bytes of log, \(result.lines.count) lines"))
  }

  @Test("a stream cut inside its trailer delivers every line but is still reported")
  func truncatedTrailer() throws {
    let directory = try TemporaryDirectory()
    let gzip = GzipWriter.compress("one\ntwo\n")
    let path = try directory.write(Array(gzip.dropLast(3)), to: "cut.gz")
    let result = readLines(path)
    #expect(result.strings == ["one", "two"])
    #expect(result.outcome.problems == [
      InputProblem(source: path, kind: .truncatedGzip, bytesRead: 8, linesRead: 2)
    ])
    #expect(result.problem?.description == "\(path): truncated gzip data (stopped after 8 bytes of log, 2 lines)")
  }

  @Test("a truncated stream drops its incomplete last line and says so")
  func truncatedDropsPartialLine() throws {
    let directory = try TemporaryDirectory()
    // Stored blocks (level 0) make the cut position predictable: header (10) + block header (5) + data.
    let gzip = GzipWriter.compress("complete\npartial line", level: 0)
    let path = try directory.write(Array(gzip.prefix(10 + 5 + 16)), to: "cut.gz")
    let result = readLines(path)
    #expect(result.strings == ["complete"])
    let problem = try #require(result.problem)
    #expect(problem.kind == .truncatedGzip)
    #expect(problem.ignoredBytes == 7)
    #expect(
      problem.description
        == "\(path): truncated gzip data (stopped after 9 bytes of log, 1 line; dropped an incomplete last line of 7 bytes)")
  }

  // The trailer is checked by GzipChunkProducer, not zlib: its eight bytes may arrive in pieces, so these tests
  // read at chunk sizes that cut it everywhere (an input buffer of the chunk size).
  @Test("a bad CRC trailer is corruption, reported after every line", arguments: awkwardChunkSizes)
  func badChecksum(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    var gzip = GzipWriter.compress("one\ntwo\n")
    gzip[gzip.count - 8] ^= 0xFF  // first CRC-32 byte
    let path = try directory.write(gzip, to: "crc.gz")
    let result = readLines(path, chunkSize: chunkSize)
    #expect(result.strings == ["one", "two"])
    #expect(result.outcome.problems == [
      InputProblem(source: path, kind: .corruptGzip, detail: "incorrect data check", bytesRead: 8, linesRead: 2)
    ])
    #expect(result.problem?.description == "\(path): corrupt gzip data: incorrect data check (after 8 bytes of log, 2 lines)")
  }

  @Test("a bad length trailer is corruption", arguments: awkwardChunkSizes)
  func badLength(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    var gzip = GzipWriter.compress("one\n")
    gzip[gzip.count - 1] ^= 0x80  // the length's last byte: a length 2^31 off, with the right CRC
    let result = readLines(try directory.write(gzip, to: "length.gz"), chunkSize: chunkSize)
    #expect(result.strings == ["one"])
    #expect(result.problem?.kind == .corruptGzip)
    #expect(result.problem?.detail == "incorrect length check")
  }

  @Test("every trailer byte is checked, in every member, wherever the reads cut it", arguments: [1, 5, 9, 64])
  func everyTrailerByte(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    // Long enough members that the CRC is folded, not only table-driven; the second member's trailer is damaged.
    let first = GzipWriter.compress(sampleLog(lines: 40, seed: 2))
    let secondText = sampleLog(lines: 30, seed: 3)
    let second = GzipWriter.compress(secondText)
    let third = GzipWriter.compress("after\n")
    let clean = readLines(try directory.write(first + second + third, to: "clean.gz"), chunkSize: chunkSize)
    #expect(clean.outcome.problems.isEmpty)
    for k in 0..<8 {
      var damaged = second
      damaged[damaged.count - 8 + k] ^= 0x10
      let result = readLines(try directory.write(first + damaged + third, to: "bad\(k).gz"), chunkSize: chunkSize)
      #expect(result.problem?.kind == .corruptGzip)
      #expect(result.problem?.detail == (k < 4 ? "incorrect data check" : "incorrect length check"))
      // Everything up to the damaged trailer was delivered; the member after it was not read.
      #expect(result.outcome.bytes == clean.outcome.bytes - 6)
    }
  }

  @Test("a member with a header CRC is checked by zlib: its header and its data")
  func headerChecksum() throws {
    let directory = try TemporaryDirectory()
    // FLG.FHCRC: the low 16 bits of the CRC-32 of the header's bytes follow the header.
    func withHeaderCRC(_ text: String, headerCRCDelta: UInt8 = 0) -> [UInt8] {
      var member = GzipWriter.compress(text)
      member[3] |= 0x02
      let crc = member.withUnsafeBytes { CRC32.update(0, UnsafeRawBufferPointer(rebasing: $0[..<10]), folding: false) }
      member.insert(contentsOf: [UInt8(truncatingIfNeeded: crc) ^ headerCRCDelta, UInt8(truncatingIfNeeded: crc >> 8)], at: 10)
      return member
    }
    let good = readLines(try directory.write(withHeaderCRC("one\n"), to: "hcrc.gz"))
    #expect(good.strings == ["one"])
    #expect(good.outcome.problems.isEmpty)
    let badHeader = readLines(try directory.write(withHeaderCRC("one\n", headerCRCDelta: 1), to: "badhcrc.gz"))
    #expect(badHeader.problem?.detail == "header crc mismatch")
    var badData = withHeaderCRC("one\n")
    badData[badData.count - 8] ^= 0xFF
    let result = readLines(try directory.write(badData, to: "hcrcdata.gz"))
    #expect(result.strings == ["one"])
    #expect(result.problem?.detail == "incorrect data check")
  }

  @Test("flipped bytes in the data stop reading with zlib's message; earlier members stay delivered")
  func corruptData() throws {
    let directory = try TemporaryDirectory()
    let good = GzipWriter.compress("first member\nhalf")
    var bad = GzipWriter.compress(sampleLog(lines: 100, seed: 3))
    bad[10] |= 0x06  // the first block's BTYPE bits become 11, which deflate reserves
    var storedBad = GzipWriter.compress("x\n", level: 0)
    storedBad[13] ^= 0xFF  // NLEN no longer complements LEN

    let path = try directory.write(good + bad, to: "bad.gz")
    let result = readLines(path)
    #expect(result.strings == ["first member"])
    let problem = try #require(result.problem)
    #expect(problem.kind == .corruptGzip)
    #expect(problem.detail == "invalid block type")
    #expect(problem.ignoredBytes == 4)  // "half", cut off by the damage
    #expect(
      problem.description
        == "\(path): corrupt gzip data: invalid block type (after 13 bytes of log, 1 line; dropped an incomplete last line of 4 bytes)")

    let storedResult = readLines(try directory.write(storedBad, to: "stored.gz"))
    #expect(storedResult.lines.isEmpty)
    #expect(storedResult.problem?.detail == "invalid stored block lengths")
  }

  @Test("an unknown compression method in the header is corruption")
  func unknownMethod() throws {
    let directory = try TemporaryDirectory()
    var gzip = GzipWriter.compress("data\n")
    gzip[2] = 7
    let result = readLines(try directory.write(gzip, to: "method.gz"))
    #expect(result.lines.isEmpty)
    #expect(result.problem?.kind == .corruptGzip)
    #expect(result.problem?.detail == "unknown compression method")
  }

  @Test("garbage after a member is reported and ignored; the data before it is whole", arguments: [1, 4096])
  func trailingGarbage(chunkSize: Int) throws {
    let directory = try TemporaryDirectory()
    let gzip = GzipWriter.compress("one\nlast without newline")
    let path = try directory.write(gzip + Array("garbage!".utf8), to: "garbage.gz")
    let result = readLines(path, chunkSize: chunkSize)
    #expect(result.strings == ["one", "last without newline"])
    #expect(result.outcome.compressedBytes == Int64(gzip.count + 8))
    #expect(result.outcome.problems == [
      InputProblem(source: path, kind: .trailingGarbage, bytesRead: 24, linesRead: 2, ignoredBytes: 8)
    ])
    #expect(result.problem?.description == "\(path): trailing garbage after gzip data (ignored 8 bytes)")
  }

  @Test("a single stray byte or zero padding after the data is trailing garbage too")
  func strayBytes() throws {
    let directory = try TemporaryDirectory()
    let gzip = GzipWriter.compress("one\n")
    let stray = readLines(try directory.write(gzip + [0x1F], to: "stray.gz"))
    #expect(stray.strings == ["one"])
    #expect(stray.problem?.kind == .trailingGarbage)
    #expect(stray.problem?.description.hasSuffix("(ignored 1 byte)") == true)

    let padded = readLines(try directory.write(gzip + [UInt8](repeating: 0, count: 1000), to: "padded.gz"))
    #expect(padded.strings == ["one"])
    #expect(padded.problem?.kind == .trailingGarbage)
    #expect(padded.problem?.ignoredBytes == 1000)
  }
}
