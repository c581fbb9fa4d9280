#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the outputs write numbers for people: pflogsumm's terminal formats (PFLOGSUMM.md §2.1),
/// which the text report prints byte for byte, and the exact digit-grouped figures of the HTML
/// page. One place, so that a delay or a duration reads the same in every output that shows it.
enum NumberFormat {
  // MARK: - pflogsumm's formats (the text report)

  /// `%6d%s` after pflogsumm's binary k/m scaling above 512 Ki / 512 Mi.
  static func units(_ v: Int) -> String { units(Double(v)) }
  static func units(_ v: Int64) -> String { units(Double(v)) }
  static func units(_ value: Double) -> String {
    let (v, unit) = scaled(value)
    return pad64(v, 6) + unit
  }

  /// `%d%s` (no width), as in "(2  deferrals)".
  static func unitsTight(_ value: Int64) -> String {
    let (v, unit) = scaled(Double(value))
    return String(v) + unit
  }

  /// pflogsumm's `adj_int_units`: binary megabytes above 512 Mi, kilobytes above 512 Ki, then
  /// truncated like Perl's `%d`.
  static func scaled(_ value: Double) -> (Int64, String) {
    let (v, unit) = scaledUnit(value)
    return (v, String(UnicodeScalar(unit)))
  }

  /// `scaled`, with the unit as its byte (`m`, `k` or a space).
  @inline(__always)
  static func scaledUnit(_ value: Double) -> (Int64, UInt8) {
    if value > 536_870_912 { return (Int64((value / 1_048_576).rounded(.towardZero)), 0x6D) }
    if value > 524_288 { return (Int64((value / 1024).rounded(.towardZero)), 0x6B) }
    return (Int64(value.rounded(.towardZero)), 0x20)
  }

  /// `%5.1f %s` with seconds, minutes or hours.
  static func delay(_ seconds: Double) -> String {
    var text: [UInt8] = []
    appendDelay(seconds, to: &text)
    return String(decoding: text, as: UTF8.self)
  }

  /// Appends `delay(seconds)`.
  static func appendDelay(_ seconds: Double, to bytes: inout [UInt8]) {
    var v = seconds
    var unit: UInt8 = 0x73  // "s"
    if v > 3600 {
      v /= 3600
      unit = 0x68  // "h"
    } else if v > 60 {
      v /= 60
      unit = 0x6D  // "m"
    }
    if let tenths = Tenths.rounded(v) {
      Tenths.append(tenths, width: 5, to: &bytes)
    } else {
      bytes.append(contentsOf: cFormat("%5.1f", v).utf8)
    }
    bytes.append(0x20)
    bytes.append(unit)
  }

  /// Hours, minutes and (possibly fractional, then truncated) seconds, as pflogsumm's get_smh.
  static func hms(_ total: Double) -> (Int, Int, Int) {
    guard total != 0 else { return (0, 0, 0) }
    let h = Int((total / 3600).rounded(.towardZero))
    var rest = total - Double(h) * 3600
    let m = Int((rest / 60).rounded(.towardZero))
    rest -= Double(m) * 60
    return (h, m, Int(rest.rounded(.towardZero)))
  }

  static func pad(_ v: Int, _ width: Int) -> String { pad64(Int64(v), width) }

  static func pad64(_ v: Int64, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
  }

  static func zero2(_ v: Int) -> String { v < 10 && v >= 0 ? "0\(v)" : String(v) }

  static func cFormat(_ format: String, _ v: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let n = withVaList([v]) { vsnprintf(&buffer, buffer.count, format, $0) }
    let bytes = buffer.prefix(max(0, min(Int(n), buffer.count - 1))).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  // MARK: - Exact figures (the HTML page)

  /// The exact value with its digits in groups of three: `734,063,211`. A page is not a
  /// terminal column: pflogsumm's scaling put `1447k` next to `375486` in one column.
  static func grouped(_ v: Int64) -> String {
    let digits = String(v.magnitude)
    var out = v < 0 ? "-" : ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  static func grouped(_ v: Int) -> String { grouped(Int64(v)) }

  /// A duration as `h:mm:ss` (the text report's, without its column padding).
  static func duration(_ seconds: Int64) -> String {
    let (h, m, s) = hms(Double(seconds))
    return "\(grouped(h)):\(zero2(m)):\(zero2(s))"
  }
}
