#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReportModel

/// Where the archive's newest day stopped: the last log file the run read (plain, not gzip),
/// how far, and what its bytes were, so that the next run can go on reading that file from
/// there instead of reading the day again from its start.
///
/// A saved day holds its messages in flight, so by the merge law (ARCHITECTURE.md) the day as
/// saved, merged with the lines after `offset`, is the day read whole. That only holds if the
/// file given now starts with the very bytes read then: logrotate renames `mail.log` to
/// `mail.log.1` (same bytes, more lines appended before the rename), a copy elsewhere keeps
/// them too. So a file is taken for the one read when it has at least `offset` bytes and its
/// first and last 4 KiB before `offset` digest as recorded; a byte at `offset - 1` other than
/// a newline, a file shorter, or another digest means another file, read whole as before. And
/// the day's saved file must be the one this run left (`dayStamp`): a day saved since by
/// other means is read again.
///
/// Kept as `DIR/data/growing-day`, a few `key value` lines (`DayStore.growingDay`).
struct GrowingDay: Equatable {
  var day: Day
  /// The file's name as given then (for `--debug`; the file is found by its bytes).
  var file: String
  /// Bytes read: the end of a line.
  var offset: Int64
  var headDigest: String
  var tailDigest: String
  /// `DayStore.stamp(day)` when this was recorded.
  var dayStamp: String

  /// Bytes digested at the start and before `offset`.
  static let window: Int64 = 4096

  /// The record for `path` read up to `offset`, if that is the end of a line of a regular file.
  static func record(day: Day, path: String, offset: Int64, dayStamp: String) -> GrowingDay? {
    guard offset > 0, let digests = digests(path, offset: offset) else { return nil }
    return GrowingDay(day: day, file: path, offset: offset, headDigest: digests.head, tailDigest: digests.tail, dayStamp: dayStamp)
  }

  /// Whether `path` starts with the bytes read then (see the type).
  func matches(_ path: String) -> Bool {
    guard let digests = Self.digests(path, offset: offset) else { return false }
    return digests.head == headDigest && digests.tail == tailDigest
  }

  /// The digests of the first bytes and of the bytes before `offset` of a regular file at least
  /// `offset` long whose byte at `offset - 1` is a newline; nil otherwise.
  private static func digests(_ path: String, offset: Int64) -> (head: String, tail: String)? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int64(info.st_size) >= offset else { return nil }
    func bytes(from start: Int64, count: Int64) -> [UInt8]? {
      var buffer = [UInt8](repeating: 0, count: Int(count))
      let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Int(count), off_t(start)) }
      return n == Int(count) ? buffer : nil
    }
    let headCount = min(window, offset)
    guard let head = bytes(from: 0, count: headCount), let tail = bytes(from: offset - headCount, count: headCount),
      tail.last == UInt8(ascii: "\n")
    else { return nil }
    return (digest(head), digest(tail))
  }

  private static func digest(_ bytes: [UInt8]) -> String {
    var d = ContentDigest()
    d.add(bytes)
    return d.hex
  }

  // MARK: The file

  /// The lines of `DIR/data/growing-day`.
  var text: String {
    """
    day \(day.iso)
    offset \(offset)
    head \(headDigest)
    tail \(tailDigest)
    stamp \(dayStamp)
    file \(file)

    """
  }
}

// In an extension: the memberwise initialiser stays.
extension GrowingDay {
  /// What `text` wrote; nil for anything else (the next run then reads the day whole).
  init?(text: String) {
    var fields: [String: String] = [:]
    for line in text.split(separator: "\n") {
      guard let space = line.firstIndex(of: " ") else { return nil }
      fields[String(line[..<space])] = String(line[line.index(after: space)...])
    }
    guard let iso = fields["day"], let day = Day(iso: iso), let offsetText = fields["offset"], let offset = Int64(offsetText),
      offset > 0, let head = fields["head"], let tail = fields["tail"], let stamp = fields["stamp"], let file = fields["file"]
    else { return nil }
    self.init(day: day, file: file, offset: offset, headDigest: head, tailDigest: tail, dayStamp: stamp)
  }
}
