// Fuzz target (a): the line parser. Shared by the libFuzzer harness (Fuzz/LineParserFuzz.swift,
// built by scripts/fuzz.sh) and by FuzzRegressionTests, which replays Fixtures/fuzz-regressions/
// through it in `make test`. No Testing here: the fuzz build compiles this file without it.
//
// Input: 4 option bytes, then log text. Every line goes through `ShardParser.consume`, the summary
// through `ReportBuilder.build`, the report through the text and JSON renderers. Checks, besides
// "no crash, no hang, no leak":
//   - the line accounting adds up (every line is classified exactly once);
//   - split and merge equals one pass: the lines cut in two at a point the input chooses, parsed
//     as two shards and merged, give the same report as one sequential pass (only when every
//     dated line carries its year — a year-less stamp's year depends on the shard's first line —
//     and no state was evicted, since which states a cap drops may depend on the split); and cut
//     in three with the last two pieces merged first, the same (merging is associative);
//   - cutting at day changes (`--save-daily`, the archive) equals one pass: the days strictly
//     increase, hold every line, and merged in order give the same report (when nothing was
//     evicted; years do not depend on the cuts, which one parser makes).
import ReportModel
import Renderers

@testable import PostfixCore

enum FuzzTargets {}

extension FuzzTargets {
  /// Runs one input; nil when every check held, else what failed.
  static func lineParser(_ input: UnsafeBufferPointer<UInt8>) -> String? {
    var bits: [UInt8] = [0, 0, 0, 0]
    for k in 0..<min(4, input.count) { bits[k] = input[k] }
    let text = UnsafeBufferPointer(rebasing: input[min(4, input.count)...])

    let (parse, report) = LineParserOptions.decode(bits)
    let anchor = LogTimeAnchor(date: Day(year: 2026, month: 11, day: 23), secondOfDay: 43_200)

    // Lines as the reader delivers them: split on "\n", one trailing "\r" stripped.
    var lines: [Range<Int>] = []
    var start = 0
    for k in 0..<text.count where text[k] == 0x0A {
      lines.append(start..<k)
      start = k + 1
    }
    if start < text.count { lines.append(start..<text.count) }
    lines = lines.map { r in
      r.count > 0 && text[r.upperBound - 1] == 0x0D ? r.lowerBound..<(r.upperBound - 1) : r
    }

    func run(_ slice: ArraySlice<Range<Int>>, hasPredecessor: Bool) -> Summary {
      var parser = ShardParser(options: parse, anchor: anchor, hasPredecessor: hasPredecessor)
      for r in slice { parser.consume(UnsafeBufferPointer(rebasing: text[r])) }
      return parser.summary
    }

    var sequential = run(lines[...], hasPredecessor: false)
    let stats = sequential.lineStatsForDebug
    let classified = stats.undated + stats.outOfRange + stats.otherPrograms + stats.postfix
    if stats.total != lines.count || classified != lines.count || stats.unprocessed > stats.postfix {
      return "line accounting: \(lines.count) lines, stats \(stats)"
    }
    sequential.finish()
    let meta = ReportMeta(version: "fuzz", generatedAt: nil)
    let built = ReportBuilder.build(sequential, options: report, meta: meta, inputs: [])
    _ = try? TextRenderer().render(built)  // The text renderer throws nothing.
    do {
      _ = try JSONRenderer().render(built).text
    } catch {
      return "JSON rendering failed: \(error)"
    }

    /// The merged summary's report, when no state was evicted on either side and it differs from
    /// the one-pass report: both reports as text, for the finding.
    func mismatch(_ merged: Summary, evictedBefore: Int) -> (evicted: Int, texts: String?) {
      var merged = merged
      let evicted = evictedBefore + merged.lineStatsForDebug.evictedMessages + merged.lineStatsForDebug.evictedConnections
      merged.finish()
      let other = ReportBuilder.build(merged, options: report, meta: meta, inputs: [])
      guard evicted == 0 && other != built else { return (evicted, nil) }
      // The text renderer throws nothing.
      let texts = [built, other].map { (try? TextRenderer().render($0).text) ?? "" }
      return (evicted, "--- one pass\n\(texts[0])\n--- merged\n\(texts[1])")
    }

    // Day cuts.
    if bits[3] & 1 != 0 {
      var parser = ShardParser(options: parse, anchor: anchor, cuttingDays: DayCutRule())
      for r in lines { parser.consume(UnsafeBufferPointer(rebasing: text[r])) }
      let days = parser.takeDays()
      let dated = days.segments.compactMap(\.day)
      if dated != dated.sorted() || Set(dated).count != dated.count { return "day cuts out of order: \(dated)" }
      let counted = days.segments.reduce(0) { $0 + ($1.summary?.lineStatsForDebug.total ?? 0) }
      if counted != lines.count { return "day cuts hold \(counted) of \(lines.count) lines" }
      let merged = Summary.merging(days.segments.compactMap(\.summary), options: parse)
      if let texts = mismatch(merged, evictedBefore: stats.evictedMessages + stats.evictedConnections).texts {
        return "cutting at day changes changes the report:\n\(texts)"
      }
    }

    // Split and merge.
    if bits[3] & 1 != 0, lines.count >= 2, allStampsCarryYears(text, lines) {
      let cut = 1 + Int(bits[2]) % (lines.count - 1)
      var merged = run(lines[..<cut], hasPredecessor: false)
      merged.merge(run(lines[cut...], hasPredecessor: true), options: parse)
      let (evicted, split) = mismatch(merged, evictedBefore: stats.evictedMessages + stats.evictedConnections)
      if let split { return "a cut before line \(cut + 1) changes the report:\n\(split)" }
      // Three pieces, the last two folded first (as a `--jobs` thread folds its run of shards
      // before the main thread merges the runs): merging must be associative.
      if lines.count >= 3, cut < lines.count - 1 {
        let cut2 = cut + 1 + Int(bits[1] ^ bits[2]) % (lines.count - 1 - cut)
        var run2 = run(lines[cut..<cut2], hasPredecessor: true)
        run2.merge(run(lines[cut2...], hasPredecessor: true), options: parse)
        var folded = run(lines[..<cut], hasPredecessor: false)
        folded.merge(run2, options: parse)
        if let grouped = mismatch(folded, evictedBefore: evicted).texts {
          return "cuts before lines \(cut + 1) and \(cut2 + 1), the last two pieces merged first, change the report:\n\(grouped)"
        }
      }
    }
    return nil
  }

  /// Whether every line that has a timestamp has an RFC 3339 one (with its year).
  private static func allStampsCarryYears(_ text: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>]) -> Bool {
    for r in lines {
      let line = UnsafeBufferPointer(rebasing: text[r])
      var s = 0
      while s < line.count, line[s] == 0 { s += 1 }
      if let header = LineHeader.parse(line, from: s), header.timestamp.year == nil { return false }
    }
    return true
  }
}

/// Parse and report options from four bytes, so the fuzzer explores the option space too.
enum LineParserOptions {
  static func decode(_ b: [UInt8]) -> (ParseOptions, ReportOptions) {
    var p = ParseOptions()
    var r = ReportOptions()
    p.ignoreCase = b[0] & 0x01 != 0
    p.uucpMung = b[0] & 0x02 != 0
    switch (b[0] >> 2) & 3 {
    case 0: p.verpMung = nil
    case let n: p.verpMung = Int(n)
    }
    p.srsMung = b[0] & 0x10 != 0
    p.useOrigTo = b[0] & 0x20 != 0
    p.verbose = b[0] & 0x40 != 0
    p.extendedDetail = b[0] & 0x80 != 0
    r.extendedDetail = p.extendedDetail
    p.rejectAddFrom = b[1] & 0x01 != 0
    p.rejectAddTo = b[1] & 0x02 != 0
    p.suppressRDNSWarnings = b[1] & 0x04 != 0
    p.noMessageSizeReport = b[1] & 0x08 != 0
    r.noMessageSizeReport = p.noMessageSizeReport
    p.smtpdStats = b[1] & 0x10 != 0
    r.smtpdStats = p.smtpdStats
    p.postscreen = b[1] & 0x20 == 0
    r.postscreenStats = p.postscreen
    p.postscreenDetail = b[1] & 0x40 == 0
    if b[1] & 0x80 != 0 {
      // Tiny caps: exercise eviction on small inputs.
      p.limits = StateLimits(
        messages: 3 + Int(b[2] & 7), pendingMessages: 2 + Int(b[2] >> 3 & 7), connections: 2 + Int(b[2] >> 6))
    }
    switch b[2] {
    case 0: r.columnWidth = 80
    case 1: r.columnWidth = 0
    default: r.columnWidth = Int(b[2])
    }
    if p.verbose { r.columnWidth = 0 }
    let limits: [Int?] = [nil, 0, 1, 3, 10, nil, 2, nil]
    let n = limits[Int(b[3] >> 1) & 7]
    r.hostCount = n
    r.userCount = n
    r.bounceDetail = n
    r.deferralDetail = n
    r.rejectDetail = n
    r.warningDetail = n
    r.postscreenDetail = n
    r.expiredDetail = n
    r.zeroFill = b[3] & 0x10 != 0
    r.isoDateTime = b[3] & 0x20 != 0
    r.problemsFirst = b[3] & 0x40 != 0
    r.quiet = b[3] & 0x40 != 0
    r.tlsStats = b[3] & 0x80 != 0
    if b[3] & 0x80 != 0 {
      p.syslogNames = ["mta2", "postfix-out"]
      p.dateRange = Day(year: 2026, month: 11, day: 20)...Day(year: 2026, month: 11, day: 24)
    }
    return (p, r)
  }
}
