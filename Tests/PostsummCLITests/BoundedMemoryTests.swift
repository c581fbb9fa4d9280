import Foundation
import Testing
import TestSupport

/// Input whose state never completes — queue ids with a receipt and a size line but no delivery
/// or `removed`, smtpd connects without disconnects, postscreen CONNECTs without an end — streamed
/// through the real executable: its peak memory stays under a fixed bound set by the caps
/// (`StateLimits`: 250 000 queue ids, 100 000 connections of each kind), whatever the length of
/// the input, and stderr says how much was dropped. Generated here, never committed.
///
/// The bounds are for the debug build the tests run (release needs a little less): the open
/// messages at their cap are about 60 MB (a Swift dictionary of 250 000 states, sized for
/// 393 216), the connections about 30 MB, the executable and its libraries about 25 MB, the
/// rest is transient (eviction picks the oldest tenth by sorting, tables grow by doubling).
@Suite("Bounded memory", .serialized)
struct BoundedMemoryTests {
  /// Appends the lines of junk ids `first..<first + count` to `out`: every id a receipt and a
  /// size line; the first `connections` of them also an smtpd connect and a postscreen CONNECT.
  static func junk(_ first: Int, _ count: Int, connections: Int, into out: inout [UInt8]) {
    for i in first..<(first + count) {
      let t = "Nov 24 \(two(8 + i / 3600 % 16)):\(two(i / 60 % 60)):\(two(i % 60))"
      let qid = String(0x1000_0000 + i, radix: 16, uppercase: true)
      let ip = "10.\(i >> 16 & 255).\(i >> 8 & 255).\(i & 255)"
      out += Array("\(t) mx1 postfix/smtpd[\(1000 + i % 30000)]: \(qid): client=unknown[\(ip)]\n".utf8)
      out += Array("\(t) mx1 postfix/qmgr[99]: \(qid): from=<sender\(i % 7)@example.com>, size=1000, nrcpt=1 (queue active)\n".utf8)
      if i - first < connections {
        out += Array("\(t) mx1 postfix/smtpd[\(100_000 + i)]: connect from unknown[\(ip)]\n".utf8)
        out += Array("\(t) mx1 postfix/postscreen[77]: CONNECT from [\(ip)]:\(1024 + i % 60000) to [192.0.2.1]:25\n".utf8)
      }
    }
  }

  private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  static let arguments = ["--smtpd-stats", "--reference-date", "2026-11-25", "--generated-at", "none", "--no-progress", "--format", "json"]

  @Test("900 000 lines of unfinished ids and connections on standard input: under 192 MB, evictions on stderr, exit 0")
  func standardInput() throws {
    // 300 000 ids (600 000 lines) and 150 000 connections of each kind (300 000 lines), written
    // to the child's standard input in 1 MB blocks as they are generated.
    let result = try PostsummProcess.run(
      Self.arguments + ["-"],
      input: .generated { write in
        var block: [UInt8] = []
        block.reserveCapacity(1 << 20 + 4096)
        for start in stride(from: 0, to: 300_000, by: 5000) {
          Self.junk(start, 5000, connections: start < 150_000 ? 5000 : 0, into: &block)
          if block.count >= 1 << 20 || start + 5000 == 300_000 {
            if !write(block) { return }
            block.removeAll(keepingCapacity: true)
          }
        }
      }, timeout: 300)
    #expect(!result.timedOut)
    #expect(result.status == 0)
    // 300 000 ids: at 250 001 open the oldest 25 000 go, twice. 150 000 connections of each
    // kind: at 100 001 open the oldest 10 000 go, five times.
    #expect(
      result.errorLines == [
        "postsumm: 50000 unfinished message states dropped (more than 250000 queue ids in flight); their later lines count as if their history were unknown",
        "postsumm: 100000 unfinished connections dropped (more than 100000 in flight); they are left out of the connection statistics",
      ])
    let json = try JSONValue.parse(result.output)
    #expect(json["line_stats"]?["total"]?.int == 900_000)
    #expect(json["line_stats"]?["evicted_messages"]?.int == 50_000)
    #expect(json["line_stats"]?["evicted_connections"]?.int == 100_000)
    // Each receipt was confirmed by its size line before any eviction: all counted.
    #expect(json["totals"]?["received"]?.int == 300_000)
    #expect(json["totals"]?["senders"]?.int == 7)
    #expect(result.peakResidentKiB > 0)
    #expect(result.peakResidentKiB < 192 * 1024, "peak RSS \(result.peakResidentKiB / 1024) MB")
  }

  @Test("two files of unfinished ids parsed in parallel: the merged state is capped too, under 384 MB, exit 0")
  func parallelMerge() throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-memory")
    var first: [UInt8] = []
    Self.junk(0, 200_000, connections: 60_000, into: &first)
    var second: [UInt8] = []
    Self.junk(200_000, 200_000, connections: 60_000, into: &second)
    // Rotated names, so mail.log.1 is read first; the second one compressed (one shard, read
    // whole by one worker).
    let older = try dir.write(first, to: "mail.log.1")
    let newer = try dir.write(GzipWriter.compress(second, level: 1), to: "mail.log.gz")
    first = []
    second = []
    let result = try PostsummProcess.run(Self.arguments + ["--jobs", "2", older, newer], timeout: 300)
    #expect(!result.timedOut)
    #expect(result.status == 0)
    // Each file stays under the caps alone (200 000 ids, 60 000 connections of each kind); the
    // merge brings the 400 000 open ids back to 250 000 and the 120 000 connections of each kind
    // back to 100 000.
    #expect(
      result.errorLines == [
        "postsumm: 150000 unfinished message states dropped (more than 250000 queue ids in flight); their later lines count as if their history were unknown",
        "postsumm: 40000 unfinished connections dropped (more than 100000 in flight); they are left out of the connection statistics",
      ])
    let json = try JSONValue.parse(result.output)
    #expect(json["totals"]?["received"]?.int == 400_000)
    #expect(result.peakResidentKiB > 0)
    #expect(result.peakResidentKiB < 384 * 1024, "peak RSS \(result.peakResidentKiB / 1024) MB")
  }
}
