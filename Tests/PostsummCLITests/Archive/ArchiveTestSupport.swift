import Foundation
import PostfixCore
import Renderers
import ReportModel
import TestSupport

@testable import PostsummCLI

#if canImport(Glibc)
import Glibc
#endif

/// What the archive and `--save-daily` tests share: settings as the command makes them, reports
/// compared without a clock, a day store in memory, and rotated sets copied with the
/// modification times a real rotation leaves.
enum ArchiveTestSupport {
  static func settings(_ arguments: [String], now: String = "2026-11-23T12:00:00") throws -> Settings {
    let cli = try CommandOptions.parse(try ArgumentNormalizer.normalize(arguments).arguments)
    return try Settings.resolve(cli, config: ConfigFile(), clock: { LocalTime.parse(now)! }, cores: 2)
  }

  /// The report of `summary` (finished here), as every format reads it, with no clock.
  static func report(_ summary: Summary, _ settings: Settings) -> Report {
    var s = summary
    s.finish()
    return ReportBuilder.build(s, options: settings.report, meta: ReportMeta(version: "test", generatedAt: nil), inputs: [])
  }

  /// The report of days merged in order from the start of the log.
  static func report(days: [Summary], _ settings: Settings) -> Report {
    report(Summary.merging(days, options: settings.parse), settings)
  }

  /// The JSON document of a report: what tests compare when a mismatch must be readable.
  static func json(_ report: Report) -> String {
    guard case .document(let text)? = try? JSONRenderer().render(report) else { return "" }
    return text
  }

  /// The files of a fixture set copied into `directory` with the modification time of a
  /// rotation at 06:25: `mail.log.N[.gz]` (the oldest rotated on `firstRotation`) and
  /// `mail.log-YYYYMMDD[.gz]` (rotated on that day) last written then, `mail.log` at `current`;
  /// so the year of every line comes from its file, as on a server.
  static func rotatedCopy(of set: String, into directory: String, firstRotation: Day, current: String) throws -> [String] {
    var copies: [String] = []
    let files = FixturePaths.files(in: set).filter { Directories.name(of: $0).hasPrefix("mail.log") }
    let newest = files.compactMap { Int(Directories.name(of: $0).split(separator: ".").dropFirst(2).first ?? "") }.max() ?? 0
    for file in files {
      let name = Directories.name(of: file)
      let copy = "\(directory)/\(name)"
      try FileManager.default.copyItem(atPath: file, toPath: copy)
      let parts = name.split(separator: ".")
      let rotation = 6 * 3600 + 25 * 60
      let time: LocalTime
      if parts.count >= 3, let n = Int(parts[2]) {
        time = LocalTime(day: firstRotation.adding(days: newest - n), secondOfDay: rotation)
      } else if name.hasPrefix("mail.log-"), let stamp = Int(name.dropFirst(9).prefix(8)) {
        time = LocalTime(day: Day(year: stamp / 10000, month: stamp / 100 % 100, day: stamp % 100), secondOfDay: rotation)
      } else {
        guard let t = LocalTime.parse(current) else { throw POSIXError(.EINVAL) }
        time = t
      }
      try setModificationTime(copy, time)
      copies.append(copy)
    }
    return copies
  }

  /// Sets a file's modification time to a local wall-clock time.
  static func setModificationTime(_ path: String, _ time: LocalTime) throws {
    var parts = tm()
    parts.tm_year = Int32(time.day.year - 1900)
    parts.tm_mon = Int32(time.day.month - 1)
    parts.tm_mday = Int32(time.day.day)
    parts.tm_hour = Int32(time.secondOfDay / 3600)
    parts.tm_min = Int32(time.secondOfDay / 60 % 60)
    parts.tm_sec = Int32(time.secondOfDay % 60)
    parts.tm_isdst = -1
    let epoch = mktime(&parts)
    var times = [timespec(tv_sec: epoch, tv_nsec: 0), timespec(tv_sec: epoch, tv_nsec: 0)]
    guard utimensat(AT_FDCWD, path, &times, 0) == 0 else { throw POSIXError(.EIO) }
  }

  /// Every regular file under `root` with what changes when it is written: inode and
  /// modification time.
  static func fileStamps(under root: String) -> [String: String] {
    var stamps: [String: String] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root) else { return stamps }
    while let relative = walker.nextObject() as? String {
      var info = stat()
      guard stat("\(root)/\(relative)", &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
      stamps[relative] = "\(info.st_ino) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
    return stamps
  }
}

/// Days kept in memory, for testing the archive without the aggregate file format. A day's
/// data counts as unchanged when the JSON document of its report is (in-flight state aside:
/// enough for telling a day read again from one that gained lines).
final class MemoryDayStore: DayStore {
  private(set) var saved: [Day: (summary: Summary, fingerprint: String, version: Int)] = [:]
  let settings: Settings

  init(settings: Settings) {
    self.settings = settings
  }

  func days() throws(OutputFailure) -> [Day] { saved.keys.sorted() }

  func load(_ day: Day) throws(OutputFailure) -> Summary {
    guard let kept = saved[day] else { throw OutputFailure(message: "\(day.iso): not kept", status: .incompleteInput) }
    return kept.summary
  }

  /// Kept as read back from its bytes, as a file store's `load` gives it.
  func save(_ day: Day, aggregateBytes bytes: [UInt8]) throws(OutputFailure) -> Bool {
    let summary: Summary
    do {
      summary = try Summary(aggregateBytes: bytes)
    } catch {
      throw OutputFailure(message: "\(day.iso): \(error)", status: .ioError)
    }
    let fingerprint = ArchiveTestSupport.json(ArchiveTestSupport.report(days: [summary], settings))
    if saved[day]?.fingerprint == fingerprint { return false }
    saved[day] = (summary, fingerprint, (saved[day]?.version ?? 0) + 1)
    return true
  }

  func stamp(_ day: Day) -> String { "\(saved[day]?.version ?? 0)" }

  private(set) var growing: GrowingDay?
  func growingDay() -> GrowingDay? { growing }
  func setGrowingDay(_ growing: GrowingDay?) throws(OutputFailure) { self.growing = growing }
}
