import ReportModel

/// The syslog part of a line: timestamp and host, then where the program tag starts.
///
/// Accepted stamps (each may follow an RFC 5424 `<PRI>` and version):
/// - traditional `Nov  5 13:00:03` and `Nov 05 13:00:03` (English month names);
/// - RFC 3339 `2026-11-24T08:00:01[.fraction][Z|+01:00|+0100]` — the wall-clock time is used
///   as written and the offset ignored, as pflogsumm does, so per-hour tables show local hours.
/// Then a host name and one space.
struct LineHeader {
  var timestamp: LogTimestamp
  /// Index of the first byte after "host ".
  var restStart: Int
  /// The syslog host field: `hostStart ..< restStart - 1`.
  var hostStart: Int
  /// How the stamp relates to the `StampCache` given to `parse`.
  var stamp: StampSource = .uncached

  /// Whether the stamp was read or reused, and whether the cache now holds it.
  enum StampSource {
    /// Its 15 bytes are the cached stamp's (the previous traditional stamp read).
    case repeated
    /// Read, and now the cached stamp.
    case stored
    /// Read; the cache holds an earlier stamp (RFC 3339, or a traditional stamp of another length).
    case uncached
  }

  /// The last traditional stamp read and its 15 bytes: a busy log has many lines per second,
  /// and a line whose first 15 bytes are the previous stamp's has its timestamp (what
  /// `parseTraditional` makes of those bytes depends on nothing else).
  struct StampCache {
    fileprivate var head: UInt64 = 0
    fileprivate var tail: UInt64 = 0
    fileprivate var timestamp: LogTimestamp?
  }

  /// Parses the header at `start` (after any leading NUL bytes the caller skipped).
  static func parse(_ line: Bytes, from start: Int = 0) -> LineHeader? {
    var cache = StampCache()
    return parse(line, from: start, cache: &cache)
  }

  /// `parse`, reusing the previous line's stamp when the bytes are the same.
  static func parse(_ line: Bytes, from start: Int, cache: inout StampCache) -> LineHeader? {
    guard start + 15 <= line.count, let base = line.baseAddress else { return parseUncached(line, from: start) }
    let raw = UnsafeRawPointer(base + start)
    let head = raw.loadUnaligned(as: UInt64.self)
    let tail = raw.loadUnaligned(fromByteOffset: 7, as: UInt64.self)
    if let ts = cache.timestamp, head == cache.head, tail == cache.tail {
      return host(line, afterStamp: start + 15, ts, .repeated)
    }
    guard let (ts, afterStamp) = parseTraditional(line, at: start) else { return parseUncached(line, from: start) }
    guard afterStamp == start + 15 else { return host(line, afterStamp: afterStamp, ts) }
    cache = StampCache(head: head, tail: tail, timestamp: ts)
    return host(line, afterStamp: afterStamp, ts, .stored)
  }

  private static func parseUncached(_ line: Bytes, from start: Int) -> LineHeader? {
    var i = start
    // Optional "<PRI>" then either "VERSION ws+" or "ws*".
    if i < line.count, line[i] == ASCII.lt {
      var j = i + 1
      while j < line.count, j - i <= 3, ASCII.isDigit(line[j]) { j += 1 }
      if j > i + 1, j < line.count, line[j] == ASCII.gt {
        j += 1
        var k = j
        if k < line.count, line[k] >= 0x31, line[k] <= 0x39 {
          while k < line.count, ASCII.isDigit(line[k]) { k += 1 }
          if k < line.count, ASCII.isSpace(line[k]) {
            j = line.skipSpaces(from: k)
          } else {
            j = line.skipSpaces(from: j)
          }
        } else {
          j = line.skipSpaces(from: j)
        }
        i = j
      }
    }
    guard let (ts, afterStamp) = parseRFC3339(line, at: i) ?? parseTraditional(line, at: i) else {
      return nil
    }
    return host(line, afterStamp: afterStamp, ts)
  }

  /// The host after the stamp.
  @inline(__always)
  private static func host(_ line: Bytes, afterStamp: Int, _ ts: LogTimestamp, _ stamp: StampSource = .uncached) -> LineHeader? {
    // " host " — exactly one space, a non-empty run of non-space bytes, one space, then at
    // least one byte of message.
    guard afterStamp < line.count, line[afterStamp] == ASCII.space else { return nil }
    var h = afterStamp + 1
    let hostStart = h
    while h < line.count, !ASCII.isSpace(line[h]) { h += 1 }
    guard h > hostStart, h + 1 < line.count, line[h] == ASCII.space else { return nil }
    return LineHeader(timestamp: ts, restStart: h + 1, hostStart: hostStart, stamp: stamp)
  }

  private static func twoDigits(_ line: Bytes, _ i: Int) -> Int? {
    guard i + 1 < line.count, ASCII.isDigit(line[i]), ASCII.isDigit(line[i + 1]) else { return nil }
    return Int(line[i] &- 0x30) * 10 + Int(line[i + 1] &- 0x30)
  }

  private static func clock(_ line: Bytes, _ i: Int) -> (Int, Int, Int)? {
    guard let h = twoDigits(line, i), i + 2 < line.count, line[i + 2] == ASCII.colon,
      let m = twoDigits(line, i + 3), i + 5 < line.count, line[i + 5] == ASCII.colon,
      let s = twoDigits(line, i + 6), h < 24, m < 60, s < 61
    else { return nil }
    return (h, m, s)
  }

  /// `YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH:MM|±HHMM]`
  private static func parseRFC3339(_ line: Bytes, at i: Int) -> (LogTimestamp, Int)? {
    guard i + 19 <= line.count, line[i + 4] == ASCII.dash, line[i + 7] == ASCII.dash,
      line[i + 10] == 0x54 /* T */
    else { return nil }
    guard let y1 = twoDigits(line, i), let y2 = twoDigits(line, i + 2),
      let mo = twoDigits(line, i + 5), let d = twoDigits(line, i + 8),
      let (h, m, s) = clock(line, i + 11)
    else { return nil }
    let year = y1 * 100 + y2
    guard Day.isValid(year: year, month: mo, day: d) else { return nil }
    var j = i + 19
    if j < line.count, line[j] == ASCII.dot {
      var k = j + 1
      while k < line.count, ASCII.isDigit(line[k]) { k += 1 }
      if k > j + 1 { j = k }
    }
    if j < line.count {
      let c = line[j]
      if c == 0x5A /* Z */ {
        j += 1
      } else if c == 0x2B || c == ASCII.dash {
        if twoDigits(line, j + 1) != nil {
          if j + 3 < line.count, line[j + 3] == ASCII.colon, twoDigits(line, j + 4) != nil {
            j += 6
          } else if twoDigits(line, j + 3) != nil {
            j += 5
          }
        }
      }
    }
    return (LogTimestamp(year: year, month: mo, day: d, hour: h, minute: m, second: s), j)
  }

  /// `Mon  D HH:MM:SS` or `Mon DD HH:MM:SS`.
  private static func parseTraditional(_ line: Bytes, at i: Int) -> (LogTimestamp, Int)? {
    guard i + 14 <= line.count else { return nil }
    guard let month = monthNumber(line[i], line[i + 1], line[i + 2]) else { return nil }
    var j = i + 3
    guard line[j] == ASCII.space else { return nil }
    j += 1
    if line[j] == ASCII.space { j += 1 }
    var day = 0
    var digits = 0
    while j < line.count, digits < 2, ASCII.isDigit(line[j]) {
      day = day * 10 + Int(line[j] &- 0x30)
      j += 1
      digits += 1
    }
    guard digits > 0, j < line.count, line[j] == ASCII.space, let (h, m, s) = clock(line, j + 1),
      day >= 1, day <= 31
    else { return nil }
    return (LogTimestamp(year: nil, month: month, day: day, hour: h, minute: m, second: s), j + 9)
  }

  private static func monthNumber(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
    switch (a, b, c) {
    case (0x4A, 0x61, 0x6E): 1  // Jan
    case (0x46, 0x65, 0x62): 2  // Feb
    case (0x4D, 0x61, 0x72): 3  // Mar
    case (0x41, 0x70, 0x72): 4  // Apr
    case (0x4D, 0x61, 0x79): 5  // May
    case (0x4A, 0x75, 0x6E): 6  // Jun
    case (0x4A, 0x75, 0x6C): 7  // Jul
    case (0x41, 0x75, 0x67): 8  // Aug
    case (0x53, 0x65, 0x70): 9  // Sep
    case (0x4F, 0x63, 0x74): 10  // Oct
    case (0x4E, 0x6F, 0x76): 11  // Nov
    case (0x44, 0x65, 0x63): 12  // Dec
    default: nil
    }
  }
}
