// Fuzz target (d): the aggregate reader. Shared by the libFuzzer harness
// (Fuzz/AggregateReaderFuzz.swift, built by scripts/fuzz.sh) and by FuzzRegressionTests and
// AggregateCommandTests. No Testing here: the fuzz build compiles this file without it.
//
// Input: a control byte, then bytes. Control bit 0 clear: the bytes are a whole aggregate file,
// read as the command reads one (`Summary(aggregateBytes:)`, then its options checked against
// the run's). Bit 0 set: the bytes are a payload (what a file holds after its header), decoded
// on its own and, when that works, put in a file with a header made for it (the fuzzer cannot
// make checksums; this way it reaches every section's decoder). Bit 1: the report trims texts
// at 80 columns (else keeps them whole). Bit 2: the file is read as a run that does not show
// who is sending reads it (`whoIsSending: false`: those parts passed over), and merged and
// reported with that run's options. Checks, besides "no crash, no hang, no leak":
//   - a summary read from a file is saved again, read back and saved once more: the same bytes
//     (the format is canonical);
//   - a payload that decodes on its own also decodes in a file made for it;
//   - read, it merges (into a run's first summary, twice over), finishes, builds a report, and
//     the text and JSON renderers render it.
import ReportModel
import Renderers

@testable import PostfixCore

extension FuzzTargets {
  /// The options of a run that reads aggregates (`ParseOptions.preparedForAggregates`).
  static let aggregateOptions = ParseOptions().preparedForAggregates

  /// A file holding `payload`, with a header made for it (stored, not deflated; the period
  /// the payload's, the options `aggregateOptions`).
  static func aggregateFile(payload: [UInt8], of summary: Summary) -> [UInt8] {
    AggregateHeader(
      options: AggregateOptions(aggregateOptions), firstTime: summary.input.firstTime, lastTime: summary.input.lastTime,
      payloadLength: payload.count, deflated: false
    ).file(storedPayload: payload)
  }

  /// Runs one input; nil when every check held, else what failed.
  static func aggregateReader(_ input: UnsafeBufferPointer<UInt8>) -> String? {
    guard let control = input.first else { return nil }
    let bytes = Array(input.dropFirst())
    let whoIsSending = control & 4 == 0
    var options = aggregateOptions
    options.trackSubmitters = whoIsSending
    var summary: Summary
    if control & 1 == 0 {
      guard let read = try? Summary(aggregateBytes: bytes, whoIsSending: whoIsSending),
        read.recordedOptions?.incompatibility(with: options) == nil
      else { return nil }
      summary = read
    } else {
      guard let alone = try? Summary(aggregatePayload: bytes) else { return nil }
      // Refused in a file by design: texts kept at another width than the header's, and who is
      // sending not tracked (a run that reads aggregates tracks it; the header says so).
      if !alone.details.isEmptyOfTexts && alone.details.keptWidth != 0 { return nil }
      if !alone.submitters.isTracking { return nil }
      do {
        summary = try Summary(aggregateBytes: aggregateFile(payload: bytes, of: alone), whoIsSending: whoIsSending)
      } catch {
        return "a payload read on its own is refused in a file made for it: \(error)"
      }
    }

    // Canonical: saved, read back, saved again, the same bytes.
    let saved = summary.aggregateBytes()
    let back: Summary
    do {
      back = try Summary(aggregateBytes: saved)
    } catch {
      return "a summary read from a file, saved again, cannot be read back: \(error)"
    }
    if back.aggregateBytes() != saved { return "saved, read back and saved again: other bytes" }

    // Merged, finished, reported, rendered.
    var merged = Summary.first(options: options)
    merged.merge(summary, options: options)
    merged.merge(back, options: options)
    merged.finish()
    var report = ReportOptions()
    report.columnWidth = control & 2 != 0 ? 80 : 0
    report.smtpdStats = true
    report.postscreenStats = true
    report.tlsStats = true
    report.abuseStats = true
    report.extendedDetail = true
    let built = ReportBuilder.build(merged, options: report, meta: ReportMeta(version: "fuzz", generatedAt: nil), inputs: merged.inputFiles)
    _ = try? TextRenderer().render(built)  // The text renderer throws nothing.
    do {
      _ = try JSONRenderer().render(built).text
    } catch {
      return "JSON rendering failed: \(error)"
    }
    return nil
  }
}
