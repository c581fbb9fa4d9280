/// An RFC 4180 reader for tests: reads back what `CSVRenderer` writes, strictly.
///
/// Records end with CRLF (a bare LF or CR outside quotes is an error, since postsumm promises
/// CRLF); fields may be quoted, with `""` for a quote inside; a quoted field may hold commas,
/// CR and LF. Every record must have as many fields as the header.
public enum CSVReader {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The records, header first.
  public static func records(_ text: String) throws -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var scalars = Array(text.unicodeScalars)[...]
    var atFieldStart = true
    while let c = scalars.first {
      scalars = scalars.dropFirst()
      if atFieldStart && c == "\"" {
        // Quoted field: up to the closing quote.
        while true {
          guard let q = scalars.first else { throw Failure(description: "unterminated quoted field") }
          scalars = scalars.dropFirst()
          if q == "\"" {
            if scalars.first == "\"" {
              field.unicodeScalars.append("\"")
              scalars = scalars.dropFirst()
            } else {
              break
            }
          } else {
            field.unicodeScalars.append(q)
          }
        }
        atFieldStart = false
        guard let next = scalars.first, next == "," || next == "\r" else {
          throw Failure(description: "text after a closing quote in record \(records.count + 1)")
        }
        continue
      }
      switch c {
      case ",":
        record.append(field)
        field = ""
        atFieldStart = true
      case "\r":
        guard scalars.first == "\n" else { throw Failure(description: "CR without LF in record \(records.count + 1)") }
        scalars = scalars.dropFirst()
        record.append(field)
        records.append(record)
        record = []
        field = ""
        atFieldStart = true
      case "\n":
        throw Failure(description: "bare LF in record \(records.count + 1)")
      case "\"":
        throw Failure(description: "quote inside an unquoted field in record \(records.count + 1)")
      default:
        field.unicodeScalars.append(c)
        atFieldStart = false
      }
    }
    guard record.isEmpty && field.isEmpty else { throw Failure(description: "last record does not end with CRLF") }
    if let width = records.first?.count, let bad = records.firstIndex(where: { $0.count != width }) {
      throw Failure(description: "record \(bad + 1) has \(records[bad].count) fields, header has \(width)")
    }
    return records
  }

  /// The records as dictionaries keyed by the header's names.
  public static func rows(_ text: String) throws -> [[String: String]] {
    let all = try records(text)
    guard let header = all.first else { throw Failure(description: "no header") }
    return all.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
  }

  /// Undoes `CSVRenderer`'s formula neutralisation: the leading `'` before `= + - @ TAB CR`.
  public static func unneutralised(_ cell: String) -> String {
    let s = cell.unicodeScalars
    guard s.first == "'", let second = s.dropFirst().first, "=+-@\t\r".unicodeScalars.contains(second) else { return cell }
    return String(cell.dropFirst())
  }
}
