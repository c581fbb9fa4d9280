#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogInput
import PostfixCore
import ReportModel

/// Where the days of an archive (and of `--save-daily`) are kept: one saved aggregate per
/// calendar day. The archive reads and writes its days only through this protocol:
/// `FileDayStore` keeps them as aggregate files, a test may keep them in memory.
protocol DayStore: AnyObject {
  /// The days kept, oldest first.
  func days() throws(OutputFailure) -> [Day]
  /// The summary kept for `day`, as saved (not finished: messages in flight included).
  func load(_ day: Day) throws(OutputFailure) -> Summary
  /// Keeps a summary (not finished) as `day`'s, given as its aggregate bytes
  /// (`Summary.aggregateBytes()`, `DaySegments.Segment.aggregateBytes()`); false when the day
  /// held the same data already (then nothing is written).
  func save(_ day: Day, aggregateBytes bytes: [UInt8]) throws(OutputFailure) -> Bool
  /// A value that changes whenever `day`'s data changes: the pages made from it are kept while
  /// it does not.
  func stamp(_ day: Day) -> String
  /// Where the newest day's reading stopped (`GrowingDay`), if the last run said; nil when not
  /// (or unreadable: the day is then read whole).
  func growingDay() -> GrowingDay?
  /// Records (or, nil, forgets) where the newest day's reading stopped.
  func setGrowingDay(_ growing: GrowingDay?) throws(OutputFailure)
}

/// Days kept as aggregate files `DIR/YYYY-MM-DD.psum` (docs/AGGREGATE.md), written whole or not
/// at all (`AtomicFile`). A day saved with the bytes it already has is not written again, so
/// its modification time, and the pages made from it, stay as they were.
final class FileDayStore: DayStore {
  let directory: String

  static let suffix = ".psum"

  init(directory: String) {
    self.directory = Directories.trimmingTrailingSlashes(directory)
  }

  func path(_ day: Day) -> String { "\(directory)/\(day.iso)\(Self.suffix)" }

  func days() throws(OutputFailure) -> [Day] {
    switch WholeFile.names(in: directory) {
    case .failure(let error) where error.code == ENOENT:
      return []
    case .failure(let error):
      throw OutputFailure(message: "\(directory): \(error.message)", status: .incompleteInput)
    case .success(let names):
      return names.compactMap { name in
        guard name.hasSuffix(Self.suffix) else { return nil }
        return Day(iso: String(name.dropLast(Self.suffix.count)))
      }.sorted()
    }
  }

  func load(_ day: Day) throws(OutputFailure) -> Summary {
    let path = path(day)
    switch WholeFile.read(path) {
    case .failure(let error):
      throw OutputFailure(message: "\(path): \(error.message)", status: .incompleteInput)
    case .success(let bytes):
      do {
        return try Summary(aggregateBytes: bytes)
      } catch {
        throw OutputFailure(message: "\(path): \(error.description)", status: .incompleteInput)
      }
    }
  }

  func save(_ day: Day, aggregateBytes bytes: [UInt8]) throws(OutputFailure) -> Bool {
    try Directories.create(directory)
    let path = path(day)
    if case .success(let existing) = WholeFile.read(path, limit: Int64(bytes.count)), existing == bytes { return false }
    if let failure = WholeFile.write(bytes, to: path) { throw failure }
    return true
  }

  var growingDayPath: String { "\(directory)/growing-day" }

  func growingDay() -> GrowingDay? {
    guard case .success(let bytes) = WholeFile.read(growingDayPath, limit: 1 << 16) else { return nil }
    return GrowingDay(text: String(decoding: bytes, as: UTF8.self))
  }

  func setGrowingDay(_ growing: GrowingDay?) throws(OutputFailure) {
    guard let growing else {
      if unlink(growingDayPath) != 0 && errno != ENOENT {
        throw OutputFailure(message: "\(growingDayPath): \(SystemError.current.message)", status: .ioError)
      }
      return
    }
    try Directories.create(directory)
    if let failure = WholeFile.write(Array(growing.text.utf8), to: growingDayPath) { throw failure }
  }

  /// The file's content stamp (`AggregateFile.contentStamp`); a file that is no readable
  /// aggregate by its inode and modification time, so that replacing it still counts.
  func stamp(_ day: Day) -> String {
    AggregateFile.contentStamp(path: path(day)) ?? WholeFile.stamp(path(day)).map { "unreadable \($0)" } ?? "missing"
  }
}

/// `--save-daily DIR`: each day saved as soon as it is complete; what failed is told at the end
/// of the run, with the other outputs' failures.
final class DailySaver {
  let store: FileDayStore
  private(set) var failures: [OutputFailure] = []

  init(directory: String) {
    store = FileDayStore(directory: directory)
  }

  func save(_ day: Day, _ segment: DaySegments.Segment) {
    guard let bytes = segment.aggregateBytes() else { return }
    do {
      _ = try store.save(day, aggregateBytes: bytes)
    } catch {
      failures.append(error)
    }
  }

  /// The pipeline's day output for this directory.
  var output: Pipeline.DayOutput { Pipeline.DayOutput(complete: { [self] in save($0, $1) }) }
}
