import ReportModel

/// How the HTML page writes figures. A page is not a terminal: counts and bytes are exact,
/// with digit grouping (`734,063,211`), where the text report scales them to fit its columns
/// (`700m`, and `1447k` next to `375486` in one column); delays and durations read as in the
/// text report (`1.3 s`, `0:00:33`). The formats themselves are `NumberFormat`'s and
/// `DayText`'s, shared with the text report.
enum FigureText {
  /// A count or byte total: `9`, `52,286`, `734,063,211`.
  static func count(_ v: Int) -> String { NumberFormat.grouped(v) }
  static func count(_ v: Int64) -> String { NumberFormat.grouped(v) }

  /// A delay: `1.3 s`, `10.0 m`, `17.5 h`.
  static func delay(_ seconds: Double) -> String {
    String(NumberFormat.delay(seconds).drop { $0 == " " })
  }

  /// A duration as `h:mm:ss`.
  static func duration(_ seconds: Int64) -> String { NumberFormat.duration(seconds) }

  /// Whole seconds with the text report's unit suffix: `3s`.
  static func seconds(_ v: Int64) -> String { NumberFormat.grouped(v) + "s" }

  /// A date as the text report shows it, without its column padding (`Nov 24 2026`, `Nov 3 2026`, or `2026-11-24` with `--iso-date-time`).
  static func date(_ d: Day, iso: Bool) -> String { DayText.short(d, iso: iso) }

  /// An hour slot (`0800-0900`, or `08:00-09:00` with `--iso-date-time`).
  static func hour(_ h: Int, iso: Bool) -> String { DayText.hour(h, iso: iso) }

  /// A machine-readable number for `<data value=…>`: integers plainly, fractions in the
  /// shortest round-trip form (the CSV files' format).
  static func machine(_ v: Double) -> String { CSVCell.decimal(v) }
}
