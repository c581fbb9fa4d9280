import ForkJoin
import ReportModel

/// Accumulates a report's bytes and hands them to a sink about a megabyte at a time, so that
/// no output (text, HTML, JSON, CSV) of a report with hundreds of thousands of rows is ever
/// one String. Writers call `chunkDone()` where the output may be cut (after a line, a row,
/// an element), so every chunk is whole UTF-8 characters. The text report's long tables go
/// through `countedLine`, which formats without building intermediate strings.
struct TextBuffer {
  private var bytes: [UInt8] = []
  /// Where full chunks go (nil: keep everything, for `text`).
  private let sink: ((UnsafeRawBufferPointer) -> Bool)?
  private var failed = false
  private static let chunk = 1 << 20

  init(sink: ((UnsafeRawBufferPointer) -> Bool)? = nil) {
    self.sink = sink
    bytes.reserveCapacity(sink == nil ? 1 << 16 : Self.chunk + 4096)
  }

  /// Hands full chunks to a renderer's sink.
  init(sink: any ReportSink) {
    self.init(sink: { sink.write($0) })
  }

  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Hands what is buffered to the sink; false if any write failed.
  mutating func finish() -> Bool {
    flush()
    return !failed
  }

  private mutating func flush() {
    guard let sink, !bytes.isEmpty else { return }
    if !failed && !bytes.withUnsafeBytes({ sink($0) }) { failed = true }
    bytes.removeAll(keepingCapacity: true)
  }

  @inline(__always)
  private mutating func lineDone() {
    bytes.append(0x0A)
    if sink != nil && bytes.count >= Self.chunk { flush() }
  }

  mutating func line(_ s: String) {
    Self.append(s, to: &bytes)
    lineDone()
  }

  mutating func raw(_ s: String) { Self.append(s, to: &bytes) }

  /// A string's UTF-8, copied from its own storage (appending its `utf8` view goes through
  /// the generic sequence path, at about three times the cost).
  @inline(__always)
  static func append(_ s: String, to bytes: inout [UInt8]) {
    var s = s
    s.withUTF8 { bytes.append(contentsOf: $0) }
  }

  mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

  mutating func character(_ c: Character) { bytes.append(contentsOf: c.utf8) }

  mutating func byte(_ b: UInt8) { bytes.append(b) }

  /// `separator`, then `%6d%s` of `value` with pflogsumm's k/m scaling.
  mutating func units(_ value: Int64, before separator: StaticString) {
    raw(separator)
    let (v, unit) = NumberFormat.scaledUnit(Double(value))
    Self.appendPadded(v, width: 6, to: &bytes)
    bytes.append(unit)
  }

  /// `separator`, then `NumberFormat.delay(seconds)`.
  mutating func delay(_ seconds: Double, before separator: StaticString) {
    raw(separator)
    NumberFormat.appendDelay(seconds, to: &bytes)
  }

  mutating func raw(_ s: StaticString) {
    s.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  /// `separator`, then `AbuseTitles.moment(t, iso: iso, padded: true)` written byte by byte
  /// (an abuse table has two a row); a date out of the ordinary (a year not of four digits)
  /// goes through that function.
  mutating func moment(_ t: WallClockTime, iso: Bool, before separator: StaticString) {
    raw(separator)
    let d = t.day
    guard (1000...9999).contains(d.year), (1...12).contains(d.month), (0...99).contains(d.day),
      (0..<86_400).contains(t.secondOfDay)
    else { return raw(AbuseTitles.moment(t, iso: iso, padded: true)) }
    func digits(_ v: Int, _ count: Int, zero: Bool = true) {
      var divisor = 1
      for _ in 1..<count { divisor *= 10 }
      while divisor > 0 {
        bytes.append(v < divisor && divisor > 1 && !zero ? 0x20 : UInt8(v / divisor % 10) + 0x30)
        divisor /= 10
      }
    }
    if iso {
      digits(d.year, 4)
      bytes.append(0x2D)
      digits(d.month, 2)
      bytes.append(0x2D)
      digits(d.day, 2)
    } else {
      Self.append(Day.monthAbbreviations[d.month - 1], to: &bytes)
      bytes.append(0x20)
      digits(d.day, 2, zero: false)
      bytes.append(0x20)
      digits(d.year, 4)
    }
    bytes.append(0x20)
    digits(t.secondOfDay / 3600, 2)
    bytes.append(0x3A)
    digits(t.secondOfDay / 60 % 60, 2)
    bytes.append(0x3A)
    digits(t.secondOfDay % 60, 2)
  }

  /// `separator`, then `AbuseTitles.client(row)` and the line's end, without making a string
  /// a row.
  mutating func client(_ row: AbuseClientRow, before separator: StaticString) {
    raw(separator)
    guard !row.host.isEmpty else { return line(row.client) }
    raw(row.host)
    byte(0x5B)
    raw(row.client)
    line("]")
  }

  /// A decimal integer, without building a String.
  mutating func integer(_ v: Int64) { Self.appendPadded(v, width: 0, to: &bytes) }

  /// For writers that append piece by piece (HTML rows, JSON elements): at a boundary where
  /// the output may be cut, hands a full chunk to the sink.
  mutating func chunkDone() {
    if sink != nil && bytes.count >= Self.chunk { flush() }
  }

  /// `indent` spaces, `%6d%s` of `value` with pflogsumm's k/m scaling, two spaces, `label`.
  mutating func countedLine(indent: Int, _ value: Int64, _ label: String) {
    Self.appendCountedLine(indent: indent, value, label, to: &bytes)
    lineDone()
  }

  /// A user table's rows (`countedLine` with one space of indent), formatted on two threads:
  /// these tables are most of the report (hundreds of thousands of recipients, twice). Rows
  /// go in blocks, two at a time, each into its own buffer; the buffers are appended in row
  /// order, so the bytes never depend on the threads' timing, and at most two blocks (about
  /// a megabyte) are held besides the stream's own chunk.
  mutating func countedLines(_ rows: UserRows) {
    let block = 8192
    var first: [UInt8] = []
    var second: [UInt8] = []
    var start = 0
    while start < rows.count {
      let middle = min(start + block, rows.count)
      let end = min(middle + block, rows.count)
      first.removeAll(keepingCapacity: true)
      second.removeAll(keepingCapacity: true)
      _ = ForkJoin.both(
        { Self.appendRows(rows, start..<middle, to: &first) },
        { Self.appendRows(rows, middle..<end, to: &second) })
      appendBlock(first)
      appendBlock(second)
      start = end
    }
  }

  private mutating func appendBlock(_ block: [UInt8]) {
    bytes.append(contentsOf: block)
    if sink != nil && bytes.count >= Self.chunk { flush() }
  }

  /// Rows `range` of a user table, each `countedLine(indent: 1, …)`. They are written with
  /// plain stores into a scratch block that is appended to `out` whole when full: appending
  /// piece by piece costs an array capacity check per piece, and a row's address goes from
  /// the table's address buffer straight into the block.
  private static func appendRows(_ rows: UserRows, _ range: Range<Int>, to out: inout [UInt8]) {
    let size = 1 << 16
    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    defer { scratch.deallocate() }
    var used = 0
    for i in range {
      let value = rows.value(at: i)
      rows.withAddressBytes(at: i) { address in
        // A row is at most the indent, 20 digits and a sign, the unit, two spaces, the
        // address and a newline.
        let room = address.count + 26
        if used + room > size {
          out.append(contentsOf: UnsafeBufferPointer(start: scratch, count: used))
          used = 0
        }
        if room > size {
          // An address longer than the block: appended piece by piece.
          appendCount(indent: 1, value, to: &out)
          out.append(contentsOf: address)
          out.append(0x0A)
          return
        }
        var p = scratch + used
        p.pointee = 0x20
        p += 1
        let (v, unit) = NumberFormat.scaledUnit(Double(value))
        p += writePadded(v, width: 6, to: p)
        p[0] = unit
        p[1] = 0x20
        p[2] = 0x20
        p += 3
        if let base = address.baseAddress { p.update(from: base, count: address.count) }
        p += address.count
        p.pointee = 0x0A
        used = p + 1 - scratch
      }
    }
    out.append(contentsOf: UnsafeBufferPointer(start: scratch, count: used))
  }

  /// Writes `value` right-aligned in `width` columns (`%*d`) at `p` (room for `width` or 21
  /// bytes, whichever is more); returns how many bytes it wrote.
  @inline(__always)
  static func writePadded(_ value: Int64, width: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
    var n = 0
    var v = value.magnitude
    repeat {
      n += 1
      v /= 10
    } while v > 0
    let total = n + (value < 0 ? 1 : 0)
    let pad = max(0, width - total)
    for k in 0..<pad { p[k] = 0x20 }
    if value < 0 { p[pad] = 0x2D }
    var at = pad + total - 1
    v = value.magnitude
    repeat {
      p[at] = UInt8(v % 10) + 0x30
      v /= 10
      at -= 1
    } while v > 0
    return pad + total
  }

  @inline(__always)
  private static func appendCountedLine(indent: Int, _ value: Int64, _ label: String, to bytes: inout [UInt8]) {
    appendCount(indent: indent, value, to: &bytes)
    append(label, to: &bytes)
  }

  /// `indent` spaces, `%6d%s` of `value` with pflogsumm's k/m scaling, two spaces.
  @inline(__always)
  private static func appendCount(indent: Int, _ value: Int64, to bytes: inout [UInt8]) {
    for _ in 0..<indent { bytes.append(0x20) }
    let (v, unit) = NumberFormat.scaledUnit(Double(value))
    appendPadded(v, width: 6, to: &bytes)
    bytes.append(unit)
    bytes.append(0x20)
    bytes.append(0x20)
  }

  /// A non-negative or negative integer right-aligned in `width` columns (`%*d`).
  static func appendPadded(_ value: Int64, width: Int, to bytes: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(width, 21)) { room in
      let n = writePadded(value, width: width, to: room.baseAddress!)  // Safe: capacity at least 21.
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: room[..<n]))
    }
  }
}
