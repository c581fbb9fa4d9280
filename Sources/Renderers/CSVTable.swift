#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One CSV file: a header row and records, serialised per RFC 4180.
///
/// Conventions (documented for users in `docs/OUTPUTS.md`):
/// * UTF-8 without a byte order mark; every record, the last one included, ends with CRLF, the
///   line break RFC 4180 prescribes (spreadsheets and CSV libraries accept it everywhere, and it
///   keeps the files identical across platforms);
/// * a field is quoted only when it must be: when it contains a comma, a double quote, CR or LF;
///   a double quote inside is doubled;
/// * text cells that a spreadsheet would evaluate as a formula (first character `=`, `+`, `-`,
///   `@`, tab or CR) get a leading apostrophe (`'`), the OWASP "CSV injection" advice: log text
///   is attacker-controlled (a sender can be `=HYPERLINK(...)@example.com`). Numbers are never
///   touched: they are produced by postsumm, and are never negative.
struct CSVTable {
  /// The file name, e.g. `per_day.csv`.
  var name: String
  var header: [String]
  var records: [[CSVCell]]
  /// Records made one at a time as the file is written, after `records`: the user tables
  /// have hundreds of thousands of rows, which need not all exist as cells at once.
  var madeRecords: (count: Int, record: (Int) -> [CSVCell])?

  init(name: String, header: [String], records: [[CSVCell]] = []) {
    self.name = name
    self.header = header
    self.records = records
  }

  /// The file contents.
  var text: String {
    var out = TextBuffer()
    write(to: &out)
    return out.text
  }

  /// The file contents, record by record (`out` hands full chunks to its sink).
  func write(to out: inout TextBuffer) {
    // The header as written (no formula guard: postsumm names the columns).
    Self.write(header, to: &out)
    for record in records { Self.write(record.map(\.text), to: &out) }
    if let made = madeRecords {
      for i in 0..<made.count { Self.write(made.record(i).map(\.text), to: &out) }
    }
  }

  private static func write(_ fields: [String], to out: inout TextBuffer) {
    for (i, f) in fields.enumerated() {
      if i > 0 { out.byte(UInt8(ascii: ",")) }
      out.raw(field(f))
    }
    out.raw("\r\n")
    out.chunkDone()
  }

  /// One field, quoted when RFC 4180 requires it.
  static func field(_ s: String) -> String {
    let needsQuotes = s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 13 || $0 == 10 }
    guard needsQuotes else { return s }
    var quoted = "\""
    for c in s.unicodeScalars {
      if c == "\"" { quoted.unicodeScalars.append("\"") }
      quoted.unicodeScalars.append(c)
    }
    return quoted + "\""
  }
}

/// One cell: text (from the log, neutralised against formula evaluation) or a number.
enum CSVCell: Equatable {
  case text(String)
  case integer(Int64)
  /// Seconds of delay; written in the shortest form that reads back as the same `Double`.
  case decimal(Double)

  static func int(_ v: Int) -> CSVCell { .integer(Int64(v)) }

  /// The cell as written (before RFC 4180 quoting).
  var text: String {
    switch self {
    case .text(let s): return Self.neutralised(s)
    case .integer(let v): return String(v)
    case .decimal(let v): return Self.decimal(v)
    }
  }

  /// Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (or,
  /// for tab and CR, that some of them strip before doing so).
  static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

  static func neutralised(_ s: String) -> String {
    guard let first = s.unicodeScalars.first, formulaTriggers.contains(first) else { return s }
    return "'" + s
  }

  /// `1.25`, `63000`, `0.1`: integral values without a fraction, others in Swift's shortest
  /// round-trip form, never in exponent notation (spreadsheets read both, people prefer this).
  static func decimal(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    let shortest = "\(v)"
    if !shortest.contains("e") { return shortest }
    var buffer = [CChar](repeating: 0, count: 64)
    let n = withVaList([v]) { vsnprintf(&buffer, buffer.count, "%.6f", $0) }
    let bytes = buffer.prefix(max(0, min(Int(n), buffer.count - 1))).map { UInt8(bitPattern: $0) }
    var fixed = String(decoding: bytes, as: UTF8.self)
    while fixed.hasSuffix("0") { fixed.removeLast() }
    if fixed.hasSuffix(".") { fixed.removeLast() }
    return fixed
  }
}
