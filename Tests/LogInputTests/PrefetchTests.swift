import Testing
import TestSupport

@testable import LogInput

@Suite("Prefetching")
struct PrefetchTests {
  private struct StopReading: Error {}

  @Test("prefetch on and off deliver the same lines and outcome", arguments: [false, true])
  func sameLines(compressed: Bool) throws {
    let directory = try TemporaryDirectory()
    let text = sampleLog(lines: 60_000, seed: 7)
    let path = try directory.write(compressed ? GzipWriter.compress(text) : text, to: "big.log")
    for chunkSize in [1000, 4096, 1 << 16] {
      let direct = readLines(path, chunkSize: chunkSize, prefetch: false)
      let prefetched = readLines(path, chunkSize: chunkSize, prefetch: true)
      #expect(direct.lines.count == 60_000)
      #expect(prefetched.lines == direct.lines)
      #expect(prefetched.outcome == direct.outcome)
    }
  }

  @Test("prefetch on and off agree on damaged input")
  func sameProblems() throws {
    let directory = try TemporaryDirectory()
    let gzip = GzipWriter.compress(sampleLog(lines: 30_000, seed: 8))
    let truncated = try directory.write(Array(gzip.prefix(gzip.count * 2 / 3)), to: "cut.gz")
    let garbage = try directory.write(gzip + [UInt8](repeating: 0x42, count: 5000), to: "garbage.gz")
    for path in [truncated, garbage] {
      let direct = readLines(path, chunkSize: 2048, prefetch: false)
      let prefetched = readLines(path, chunkSize: 2048, prefetch: true)
      #expect(!direct.outcome.problems.isEmpty)
      #expect(prefetched.lines == direct.lines)
      #expect(prefetched.outcome == direct.outcome)
    }
  }

  @Test("a body that throws stops reading at once, and the producer thread exits", arguments: [false, true])
  func bodyThrows(compressed: Bool) throws {
    let directory = try TemporaryDirectory()
    let text = sampleLog(lines: 50_000, seed: 9)
    let path = try directory.write(compressed ? GzipWriter.compress(text) : text, to: "stop.log")
    for stopAfter in [0, 1, 999, 10_000] {
      var delivered = 0
      // A producer that never exits would hang the test here (join in finish), so finishing is the assertion too.
      #expect(throws: StopReading.self) {
        _ = try LineReader(source: .file(path), chunkSize: 1024, prefetch: true).forEachLine { _ in
          if delivered == stopAfter { throw StopReading() }
          delivered += 1
        }
      }
      #expect(delivered == stopAfter)
    }
  }

  @Test("ranges stop early with a prefetch thread running")
  func rangeStopsEarly() throws {
    let directory = try TemporaryDirectory()
    let text = sampleLog(lines: 40_000, seed: 10)
    let path = try directory.write(text, to: "ranges.log")
    let ranges = splitByteRanges(size: Int64(text.count), parts: 5)
    let parts = ranges.map { readLines(path, range: $0, chunkSize: 512, prefetch: true) }
    #expect(parts.flatMap(\.lines) == referenceLines(text).lines)
  }
}
