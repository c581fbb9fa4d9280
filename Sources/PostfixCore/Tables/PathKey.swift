import ReportModel

/// A `CountTree` path as one byte string: its labels' UTF-8, joined by a 0 byte.
///
/// Byte order of two keys is then the order of their paths label by label (a label that is a
/// prefix of another comes first), since the separator sorts below every byte of a label. So
/// that it does, the two lowest bytes are escaped inside labels, keeping their order:
/// 0x00 → 0x01 0x01, 0x01 → 0x01 0x02. (Log text rarely has either; a NUL byte in a line can
/// reach a label.)
enum PathKey {
  static let separator: UInt8 = 0
  private static let escape: UInt8 = 1

  /// Appends the key of `path` (at least one label) to `out`.
  static func append(_ path: [String], to out: inout [UInt8]) {
    assert(!path.isEmpty, "a counted path has at least one label")
    for (i, label) in path.enumerated() {
      if i > 0 { out.append(separator) }
      var label = label
      label.withUTF8 { appendLabel($0, to: &out) }
    }
  }

  /// Appends one label's bytes (valid UTF-8), escaped; the caller writes the separators.
  static func appendLabel(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    if !bytes.contains(where: { $0 <= escape }) {
      out.append(contentsOf: bytes)
      return
    }
    for b in bytes {
      if b <= escape {
        out.append(escape)
        out.append(b + 1)
      } else {
        out.append(b)
      }
    }
  }

  /// `appendLabel` for bytes from the log, repaired first (as `String(decoding:)` repairs
  /// them) when they are not all ASCII.
  static func appendLabel(repairing bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    if !bytes.contains(where: { $0 >= 0x80 }) {
      appendLabel(bytes, to: &out)
      return
    }
    var s = String(decoding: bytes, as: UTF8.self)
    s.withUTF8 { appendLabel($0, to: &out) }
  }

  /// The end of the label that starts at `start` in `key`: its separator, or the key's end.
  @inline(__always)
  static func labelEnd(_ key: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var i = start
    while i < key.count && key[i] != separator { i += 1 }
    return i
  }

  /// The label `key[range]` as a string.
  static func label(_ key: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    String(decoding: labelBytes(key, range), as: UTF8.self)
  }

  /// The bytes of the label `key[range]`, unescaped (as appended, even when not valid UTF-8).
  static func labelBytes(_ key: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
    let bytes = UnsafeBufferPointer(rebasing: key[range])
    if !bytes.contains(escape) { return Array(bytes) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      if bytes[i] == escape && i + 1 < bytes.count {
        out.append(bytes[i + 1] - 1)
        i += 2
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return out
  }

  /// Appends the label `key[range]` (its bytes, unescaped) to `list`.
  static func appendLabel(_ key: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to list: inout AddressList) {
    let bytes = UnsafeBufferPointer(rebasing: key[range])
    if bytes.contains(escape) {
      list.append(label(key, range))
    } else {
      list.append(bytes: bytes)
    }
  }

  /// All labels of `key`.
  static func labels(_ key: UnsafeBufferPointer<UInt8>) -> [String] {
    var labels: [String] = []
    var start = 0
    while true {
      let end = labelEnd(key, from: start)
      labels.append(label(key, start..<end))
      if end == key.count { return labels }
      start = end + 1
    }
  }
}
