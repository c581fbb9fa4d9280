import ReportModel

/// The text report's number formats, trimmed of their column padding, for outputs that show
/// figures to people (HTML). Each delegates to `TextRenderer`, so a figure can never be
/// formatted one way in text and another way elsewhere.
enum FigureText {
  /// A count or byte total with pflogsumm's `k`/`m` scaling: `9`, `52286`, `700m`.
  static func count(_ v: Int) -> String { trim(TextRenderer.units(v)) }
  static func count(_ v: Int64) -> String { trim(TextRenderer.units(v)) }

  /// As in "(3 deferrals)".
  static func tight(_ v: Int) -> String { trim(TextRenderer.unitsTight(Int64(v))) }

  /// A delay: `1.3 s`, `10.0 m`, `17.5 h`.
  static func delay(_ seconds: Double) -> String { trim(TextRenderer.delay(seconds)) }

  /// A duration as `h:mm:ss`.
  static func duration(_ seconds: Int64) -> String {
    let (h, m, s) = TextRenderer.hms(Double(seconds))
    return "\(h):\(TextRenderer.zero2(m)):\(TextRenderer.zero2(s))"
  }

  /// Whole seconds with the text report's unit suffix: `3s`.
  static func seconds(_ v: Int64) -> String { "\(v)s" }

  /// A date as the text report shows it, without its column padding (`Nov 24 2026`, `Nov 3 2026`, or `2026-11-24` with `--iso-date-time`).
  static func date(_ d: Day, iso: Bool) -> String {
    iso ? d.iso : "\(Day.monthAbbreviations[d.month - 1]) \(d.day) \(d.year)"
  }

  /// An hour slot (`0800-0900`, or `08:00-09:00` with `--iso-date-time`).
  static func hour(_ h: Int, iso: Bool) -> String {
    let (a, b) = (TextRenderer.zero2(h), TextRenderer.zero2(h + 1))
    return iso ? "\(a):00-\(b):00" : "\(a)00-\(b)00"
  }

  /// A machine-readable number for `<data value=…>`: integers plainly, fractions in the
  /// shortest round-trip form (the CSV files' format).
  static func machine(_ v: Double) -> String { CSVCell.decimal(v) }

  /// `734,063,211` for a figure shown as `700m`; nil when the shown text is the value itself.
  static func exactIfScaled(shown: String, value: String) -> String? {
    guard shown.hasSuffix("k") || shown.hasSuffix("m"), Int64(value) != nil else { return nil }
    var grouped = ""
    for (i, c) in value.reversed().enumerated() {
      if i > 0 && i % 3 == 0 { grouped.append(",") }
      grouped.append(c)
    }
    return String(grouped.reversed())
  }

  private static func trim(_ s: String) -> String {
    var scalars = Substring(s).unicodeScalars[...]
    while scalars.first == " " { scalars = scalars.dropFirst() }
    while scalars.last == " " { scalars = scalars.dropLast() }
    return String(String.UnicodeScalarView(scalars))
  }
}
