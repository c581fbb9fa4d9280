import LogInput
import ReportModel
import Testing
import TestSupport

@testable import PostfixCore

/// Summaries as aggregate files (`Summary+Aggregate.swift`, docs/AGGREGATE.md): every fixture
/// saved and read back gives the same report and the same bytes again; the bytes do not depend
/// on how the input was split; the merge law holds through files; and a damaged or crafted
/// file is an error, never a trap.
@Suite("Aggregate files")
struct AggregateFileTests {
  static let fixtures = SplitMergeTests.fixtures
  static let options = SplitMergeTests.options().0.preparedForAggregates

  static func parse(_ lines: ArraySlice<[UInt8]>, hasPredecessor: Bool) -> Summary {
    var parser = ShardParser(options: options, anchor: SplitMergeTests.anchor, hasPredecessor: hasPredecessor)
    for line in lines { line.withUnsafeBufferPointer { parser.consume($0) } }
    return parser.summary
  }

  /// The report of summaries merged in order into the run's first summary.
  static func report(_ parts: [Summary]) -> Report {
    var merged = Summary.first(options: options)
    for part in parts { merged.merge(part, options: options) }
    return SplitMergeTests.report(merged)
  }

  static func decoded(_ bytes: [UInt8]) throws -> Summary {
    do {
      return try Summary(aggregateBytes: bytes)
    } catch {
      Issue.record("\(error)")
      throw error
    }
  }

  @Test("saved and read back: the same report, and the same bytes saved again", arguments: fixtures)
  func roundTrip(_ fixture: String) throws {
    let all = SplitMergeTests.lines(fixture)
    for hasPredecessor in [false, true] {
      let summary = Self.parse(all[...], hasPredecessor: hasPredecessor)
      let bytes = summary.aggregateBytes()
      #expect(Summary.isAggregate(prefix: bytes))
      let back = try Self.decoded(bytes)
      let again = back.aggregateBytes()
      #expect(again == bytes ? true : false, "\(fixture): saved again, other bytes (\(again.count) vs \(bytes.count))")
      let expected = Self.report([summary])
      let got = Self.report([back])
      #expect(got == expected, "\(fixture): \(SplitMergeTests.differingFields(got, expected))")
      let header = try AggregateHeader(prefix: bytes)
      #expect(header.period == back.input.firstTime.map { $0.date...back.input.lastTime!.date })
      #expect(header.options == AggregateOptions(Self.options))
    }
  }

  @Test("the same input gives the same bytes, however it was split and merged", arguments: fixtures)
  func bytesDoNotDependOnTheSplit(_ fixture: String) throws {
    let all = SplitMergeTests.lines(fixture)
    let whole = Self.parse(all[...], hasPredecessor: true).aggregateBytes()
    var rng = SeededRandomNumberGenerator(seed: 20261207 &+ UInt64(all.count))
    for _ in 0..<6 {
      let cuts = SplitMergeTests.randomCuts(all.count, pieces: 2...6, &rng)
      var merged = Self.parse(all[cuts[0]..<cuts[1]], hasPredecessor: true)
      for k in 1..<(cuts.count - 1) { merged.merge(Self.parse(all[cuts[k]..<cuts[k + 1]], hasPredecessor: true), options: Self.options) }
      let bytes = merged.aggregateBytes()
      #expect(bytes == whole ? true : false, "\(fixture), cuts \(cuts): other bytes (\(bytes.count) vs \(whole.count))")
      if bytes != whole { return }
    }
  }

  @Test("the parts' files merged give one pass's report (random cuts, any number of parts)", arguments: fixtures)
  func mergeLawThroughFiles(_ fixture: String) throws {
    let all = SplitMergeTests.lines(fixture)
    let sequential = SplitMergeTests.report(Self.parse(all[...], hasPredecessor: false))
    var rng = SeededRandomNumberGenerator(seed: 20261208 &+ UInt64(all.count))
    for _ in 0..<8 {
      let cuts = SplitMergeTests.randomCuts(all.count, pieces: 2...7, &rng)
      let files = (0..<(cuts.count - 1)).map { k in Self.parse(all[cuts[k]..<cuts[k + 1]], hasPredecessor: true).aggregateBytes() }
      let parts = try files.map { try Self.decoded($0) }
      let got = Self.report(parts)
      if got != sequential {
        Issue.record("\(fixture), cuts \(cuts): \(SplitMergeTests.differingFields(got, sequential))")
        return
      }
    }
  }
  /// The options of a run that reads aggregates and does not show who is sending (a text
  /// report without `--abuse-stats`).
  static var untracked: ParseOptions {
    var o = options
    o.trackSubmitters = false
    return o
  }

  @Test("read without who is sending: the report of one pass that does not track it, merged from any cuts", arguments: fixtures)
  func withoutWhoIsSending(_ fixture: String) throws {
    let all = SplitMergeTests.lines(fixture)
    var parser = ShardParser(options: Self.untracked, anchor: SplitMergeTests.anchor, hasPredecessor: false)
    for line in all { line.withUnsafeBufferPointer { parser.consume($0) } }
    let expected = SplitMergeTests.report(parser.summary)
    var rng = SeededRandomNumberGenerator(seed: 20261209 &+ UInt64(all.count))
    for _ in 0..<6 {
      let cuts = SplitMergeTests.randomCuts(all.count, pieces: 1...5, &rng)
      let files = (0..<(cuts.count - 1)).map { k in Self.parse(all[cuts[k]..<cuts[k + 1]], hasPredecessor: true).aggregateBytes() }
      let parts = try files.map { try Summary(aggregateBytes: $0, whoIsSending: false) }
      for part in parts {
        // Nothing of who is sending is left, and nothing names it.
        #expect(!part.submitters.isTracking && part.submitters.submitters.count == 0 && part.submitters.hops.records.isEmpty)
        #expect(part.abuse.rejects.allSatisfy { $0 == 0 } && part.recordedOptions?.incompatibility(with: Self.untracked) == nil)
        for (_, state) in part.messages.open {
          #expect((state.origin?.submitter ?? -1) < 0 && (state.origin?.client ?? -1) < 0 && !state.mayBeFilterCopy && !state.isFilterCopy)
        }
        for events in part.messages.pending.values {
          for event in events {
            switch event {
            case .handedOff: Issue.record("\(fixture): a content filter's hand-off kept")
            case .received(let origin, _, let copy): #expect(origin.submitter < 0 && origin.client < 0 && !copy)
            case .bounced(let r, let d, _, let blocked): #expect(r < 0 && d < 0 && !blocked)
            case .forwarded(let r): #expect(r < 0)
            default: continue
            }
          }
        }
      }
      var merged = Summary.first(options: Self.untracked)
      for part in parts { merged.merge(part, options: Self.untracked) }
      let got = SplitMergeTests.report(merged)
      if got != expected {
        Issue.record("\(fixture), cuts \(cuts): \(SplitMergeTests.differingFields(got, expected))")
        return
      }
    }
  }

  @Test("who is sending last: read without it, the payload ends where its length says; a length past the payload or into the parts before refused")
  func whoIsSendingLast() throws {
    let fixture = Self.fixtures.first { $0.hasSuffix("actors") } ?? Self.fixtures[0]
    let bytes = Self.parse(SplitMergeTests.lines(fixture)[...], hasPredecessor: true).aggregateBytes()
    let header = try AggregateHeader(prefix: bytes)
    let headerLength = try AggregateHeader.length(fromPrefix: bytes)
    let whole = try header.payload(of: bytes, headerLength: headerLength)
    let width = AggregateHeader.whoIsSendingLengthWidth
    let last = Int(AggregateHeader.bigEndian(whole[..<width]))
    #expect(header.deflated && last > 0 && last < whole.count - width)
    // Inflated only up to there.
    #expect(try header.payload(of: bytes, headerLength: headerLength, whoIsSending: false) == Array(whole[..<(whole.count - last)]))
    func file(lastLength: UInt64) -> [UInt8] {
      var payload = whole
      payload.replaceSubrange(0..<width, with: (0..<width).reversed().map { UInt8(truncatingIfNeeded: lastLength >> (8 * UInt64($0))) })
      var stored = header
      stored.deflated = false
      return stored.file(storedPayload: payload)
    }
    #expect(try Summary(aggregateBytes: file(lastLength: UInt64(last)), whoIsSending: false).syslogHosts == (try Self.decoded(bytes)).syslogHosts)
    for crafted in [UInt64(whole.count), UInt64(whole.count - width) + 1, UInt64(last + 1), UInt64(last - 1), 0, UInt64.max] {
      #expect(throws: AggregateError.self, "\(crafted)") { try Summary(aggregateBytes: file(lastLength: crafted)) }
      #expect(throws: AggregateError.self, "\(crafted)") { try Summary(aggregateBytes: file(lastLength: crafted), whoIsSending: false) }
    }
  }
}
