import Dispatch
import LogInput
import PostfixCore
import ReportModel

/// An aggregate file among the inputs: its header read (the payload is read when its turn to
/// be merged comes, so that only one is in memory at a time).
struct AggregateUnit: Sendable {
  var name: String
  var source: LogSource
  var header: AggregateHeader
  /// The whole file, when it had to be read at once (standard input).
  var bytes: [UInt8]?
}

/// Aggregate files and logs together (docs/AGGREGATE.md, "Reading aggregates").
///
/// The logs of a run are one input, in rotation order as always; each aggregate file is one
/// more. They are merged in the order of the periods they cover: by their first counted line,
/// then their last (an input with no dated line first; equal periods by content, so that the
/// order on the command line never matters). Inputs may touch — one may end in the second the
/// next begins — but two that overlap and hold lines of the same syslog host would count those
/// lines twice: that is refused. Inputs that overlap with no host in common are several
/// servers' (issue 16, item 4) and are merged.
extension Pipeline {
  /// The headers of the aggregate inputs, each checked against the run's options and `-d`.
  static func aggregateHeaders(_ planned: [PlannedInput], options: ParseOptions) -> Swift.Result<[AggregateUnit], AggregateFile.Failure> {
    var units: [AggregateUnit] = []
    for input in planned {
      var unit: AggregateUnit
      if let path = input.source.path {
        switch AggregateFile.header(path: path) {
        case .failure(let failure): return .failure(failure)
        case .success(let header): unit = AggregateUnit(name: input.name, source: input.source, header: header)
        }
      } else {
        switch AggregateFile.read(input.source) {
        case .failure(let failure): return .failure(failure)
        case .success(let bytes):
          do {
            unit = AggregateUnit(name: input.name, source: input.source, header: try AggregateHeader(prefix: bytes), bytes: bytes)
          } catch {
            return .failure(AggregateFile.Failure(message: "\(input.name): \(error.description)"))
          }
        }
      }
      if let problem = unit.header.options.incompatibility(with: options) {
        return .failure(AggregateFile.Failure(message: "\(input.name): \(problem)"))
      }
      if let range = options.dateRange, let period = unit.header.period,
        period.lowerBound < range.lowerBound || period.upperBound > range.upperBound
      {
        return .failure(
          AggregateFile.Failure(
            message: "\(input.name): covers \(period.lowerBound.iso) to \(period.upperBound.iso), beyond -d \(range.lowerBound.iso) to \(range.upperBound.iso) (a saved aggregate cannot be cut by date: give the aggregates of those days)"))
      }
      units.append(unit)
    }
    return .success(units)
  }

  /// One input to merge: the logs' summary, or an aggregate file still to be read.
  private struct Part {
    var name: String
    var span: ClosedRange<Int64>?
    /// Orders inputs of equal periods by content.
    var tiebreak: [UInt8]
    var logs: Summary?
    var aggregate: AggregateUnit?
  }

  /// The logs' summary (nil when the run reads only aggregates) and the aggregates, merged in
  /// the order of their periods; with `--save-aggregate`, saved before the report's last step.
  /// The result is ready to `finish()`; its `inputFiles` list the logs read, those the
  /// aggregates were made from included, in the same order.
  func combine(_ logs: consuming Summary?, _ aggregates: [AggregateUnit], options: ParseOptions, releasing: DispatchGroup)
    -> Swift.Result<(Summary, OutputFailure?), AggregateFile.Failure>
  {
    var parts = aggregates.map { a in
      Part(name: a.name, span: a.header.span, tiebreak: a.header.contentTag, aggregate: a)
    }
    if let logs = logs.take() {
      let names = logs.inputFiles.map(\.name)
      let name = names.count == 1 ? names[0] : "the logs (\(names.joined(separator: ", ")))"
      parts.append(Part(name: name, span: logs.span, tiebreak: [], logs: logs))
    }
    parts.sort { a, b in
      switch (a.span, b.span) {
      case (nil, nil): break
      case (nil, _): return true
      case (_, nil): return false
      case (let x?, let y?) where x != y: return (x.lowerBound, x.upperBound) < (y.lowerBound, y.upperBound)
      default: break
      }
      return a.tiebreak.lexicographicallyPrecedes(b.tiebreak)
    }
    // Saving: the parts merged as they are (the first one keeps what it could not resolve, for
    // an aggregate to come before it one day), then into the run's first summary for the
    // report. Else straight into the first summary.
    let saving = settings.saveAggregate != nil
    var merged: Summary? = saving ? nil : Summary.first(options: options)
    var seen: [(name: String, span: ClosedRange<Int64>, hosts: Set<String>)] = []
    // Each aggregate is read on another thread while the input before it is merged (two in
    // memory at most, besides the merged summary).
    var reading: [Int: Reading] = [:]
    func readAhead(_ j: Int) {
      if j < parts.count, let unit = parts[j].aggregate, reading[j] == nil {
        reading[j] = Reading(unit, whoIsSending: options.trackSubmitters)
      }
    }
    readAhead(0)
    for i in parts.indices {
      readAhead(i + 1)
      var next: Summary
      // Taken out of the list: a copy left there would make the merge copy the whole summary.
      if let logs = parts[i].logs.take() {
        next = logs
      } else if let read = reading.removeValue(forKey: i) {
        switch read.wait() {
        case .failure(let failure): return .failure(failure)
        case .success(let decoded): next = decoded
        }
      } else {
        continue
      }
      let (name, span) = (parts[i].name, parts[i].span)
      if let span {
        let hosts = Set(next.syslogHosts)
        // Sorted by their first line, an earlier input overlaps this one when it ends after this
        // one begins (ending in the very second is a rotation, unless both are that second).
        for earlier in seen where earlier.span.upperBound > span.lowerBound || earlier.span == span {
          if let host = earlier.hosts.intersection(hosts).sorted().first {
            return .failure(
              AggregateFile.Failure(
                message: "\(earlier.name) and \(name) cover the same time and both have lines of host \(host): they would be counted twice"))
          }
        }
        seen.append((name, span, hosts))
      }
      if merged == nil {
        merged = next
      } else {
        // Handed over: the merge frees some of its tables as it goes (`Summary.merge`).
        Pipeline.release(merged!.merge(consume next, options: options), in: releasing)  // Safe: set above.
      }
    }
    var result = merged.take() ?? Summary.first(options: options)
    var saveFailure: OutputFailure?
    phases?.lap("aggregates read and merged")
    if let path = settings.saveAggregate {
      saveFailure = AggregateFile.save(result, to: path)
      phases?.lap("aggregate saved")
      var first = Summary.first(options: options)
      first.merge(result, options: options)
      Pipeline.release(result, in: releasing)
      result = first
    }
    return .success((result, saveFailure))
  }

  /// An aggregate read and checked on a thread of its own.
  private final class Reading: @unchecked Sendable {
    // `result` is written by the reading thread before `done` is signalled, and read after.
    private var result: Swift.Result<Summary, AggregateFile.Failure>?
    private let done = DispatchSemaphore(value: 0)

    init(_ unit: AggregateUnit, whoIsSending: Bool) {
      DispatchQueue.global().async {
        self.result = Pipeline.decode(unit, whoIsSending: whoIsSending)
        self.done.signal()
      }
    }

    func wait() -> Swift.Result<Summary, AggregateFile.Failure> {
      done.wait()
      return result.take() ?? .failure(AggregateFile.Failure(message: "an aggregate was read twice"))
    }
  }

  /// An aggregate input's summary, read and checked; without its parts of who is sending
  /// when the run does not show it (`Summary(aggregateBytes:whoIsSending:)`).
  private static func decode(_ unit: AggregateUnit, whoIsSending: Bool) -> Swift.Result<Summary, AggregateFile.Failure> {
    let bytes: [UInt8]
    if let read = unit.bytes {
      bytes = read
    } else {
      switch AggregateFile.read(unit.source) {
      case .failure(let failure): return .failure(failure)
      case .success(let read): bytes = read
      }
    }
    do {
      let summary = try Summary(aggregateBytes: bytes, whoIsSending: whoIsSending)
      // The header read first and the file read now must be the same file.
      guard try AggregateHeader(prefix: bytes) == unit.header else {
        return .failure(AggregateFile.Failure(message: "\(unit.name): changed while it was read"))
      }
      return .success(summary)
    } catch {
      return .failure(AggregateFile.Failure(message: "\(unit.name): \(error.description)"))
    }
  }
}
