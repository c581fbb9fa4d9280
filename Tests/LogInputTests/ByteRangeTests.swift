import Testing
import TestSupport

@testable import LogInput

@Suite("Byte ranges")
struct ByteRangeTests {
  @Test("a range owns exactly the lines that start inside it")
  func ownership() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("aa\nbb\ncc\n", to: "r.log")  // lines start at 0, 3, 6
    func lines(_ lower: Int64, _ upper: Int64) -> [String] {
      readLines(path, range: ByteRange(lowerBound: lower, upperBound: upper), chunkSize: 2).strings
    }
    #expect(lines(0, 3) == ["aa"])
    #expect(lines(1, 3) == [])
    #expect(lines(1, 4) == ["bb"])
    #expect(lines(0, 4) == ["aa", "bb"])
    #expect(lines(3, 6) == ["bb"])
    #expect(lines(4, 6) == [])
    #expect(lines(2, 4) == ["bb"])
    #expect(lines(6, 9) == ["cc"])
    #expect(lines(7, 9) == [])
    #expect(lines(9, 20) == [])
    #expect(lines(3, 3) == [])
  }

  @Test("counts the bytes of owned lines only")
  func ownedBytes() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("aa\nbb\ncc\n", to: "r.log")
    #expect(readLines(path, range: ByteRange(lowerBound: 1, upperBound: 4)).outcome.bytes == 3)
    #expect(readLines(path, range: ByteRange(lowerBound: 0, upperBound: 4)).outcome.bytes == 6)
  }

  @Test("property: consecutive ranges deliver the whole file's lines exactly once")
  func concatenationMatchesWholeRead() throws {
    var random = SeededRandomNumberGenerator(seed: 20_261_126)
    let directory = try TemporaryDirectory()
    for trial in 0..<60 {
      let bytes = randomFile(&random)
      let path = try directory.write(bytes, to: "trial\(trial).log")
      let limit = 40
      let chunkSize = [1, 3, 7, 64, 4096][Int.random(in: 0..<5, using: &random)]
      let whole = readLines(path, maxLineLength: limit, chunkSize: chunkSize)

      let ranges: [ByteRange]
      if Bool.random(using: &random) {
        ranges = splitByteRanges(size: Int64(bytes.count), parts: Int.random(in: 1...9, using: &random))
      } else {
        let cuts = (0..<Int.random(in: 0...6, using: &random)).map { _ in
          Int64.random(in: 0...Int64(bytes.count), using: &random)
        }
        let bounds = [0] + cuts.sorted() + [Int64(bytes.count)]
        ranges = zip(bounds, bounds.dropFirst()).map { ByteRange(lowerBound: $0, upperBound: $1) }
      }
      let parts = ranges.map {
        readLines(path, range: $0, maxLineLength: limit, chunkSize: chunkSize, prefetch: Bool.random(using: &random))
      }
      let combined = ReadOutcome.concatenating(parts.map(\.outcome))
      let context = Comment(rawValue: "trial \(trial): \(bytes.count) bytes, chunk \(chunkSize), ranges \(ranges)")

      #expect(whole.lines == referenceLines(bytes, maxLineLength: limit).lines, context)
      #expect(parts.flatMap(\.lines) == whole.lines, context)
      #expect(combined.lines == whole.outcome.lines, context)
      #expect(combined.bytes == Int64(bytes.count), context)
      #expect(combined.overlongLines == whole.outcome.overlongLines, context)
      #expect(combined.problems == whole.outcome.problems, context)
    }
  }

  /// Lines of assorted lengths (often empty, sometimes longer than the limit), some with "\r\n", and maybe no final
  /// newline.
  private func randomFile(_ random: inout SeededRandomNumberGenerator) -> [UInt8] {
    var bytes: [UInt8] = []
    for _ in 0..<Int.random(in: 0...120, using: &random) {
      let length: Int
      switch Int.random(in: 0..<10, using: &random) {
      case 0...1: length = 0
      case 2: length = Int.random(in: 41...300, using: &random)
      default: length = Int.random(in: 1...40, using: &random)
      }
      bytes.append(contentsOf: (0..<length).map { _ in UInt8.random(in: 0x20...0x7E, using: &random) })
      if Int.random(in: 0..<5, using: &random) == 0 { bytes.append(0x0D) }
      bytes.append(0x0A)
    }
    if Bool.random(using: &random) {
      bytes.append(contentsOf: (0..<Int.random(in: 1...50, using: &random)).map { _ in UInt8(ascii: "t") })
    }
    return bytes
  }

  @Test("a gzip file cannot be split: the range at 0 reads it all, other ranges nothing")
  func gzipIgnoresRanges() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(GzipWriter.compress("one\ntwo\nthree\n"), to: "r.gz")
    #expect(readLines(path, range: ByteRange(lowerBound: 0, upperBound: 5)).strings == ["one", "two", "three"])
    #expect(readLines(path, range: ByteRange(lowerBound: 5, upperBound: 40)).lines.isEmpty)
  }

  @Test("splitByteRanges covers [0, size) with near-equal, non-empty, consecutive ranges")
  func splitting() {
    for (size, parts) in [(0, 4), (1, 4), (3, 4), (10, 3), (1_000_003, 8), (7, 0), (100, 1)] as [(Int64, Int)] {
      let ranges = splitByteRanges(size: size, parts: parts)
      #expect(ranges.first?.lowerBound == 0)
      #expect(ranges.last?.upperBound == size)
      #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
      #expect(ranges.count == max(1, min(parts, Int(size))))
      let sizes = ranges.map(\.count)
      #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
      #expect(size == 0 || sizes.allSatisfy { $0 > 0 })
    }
  }
}
