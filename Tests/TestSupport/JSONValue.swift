import Foundation

/// A parsed JSON value that keeps integers, fractions and booleans apart (JSONSerialization's
/// `NSNumber` does not, on Linux), for schema validation and for reading reports back in tests.
public enum JSONValue: Equatable, Sendable, Decodable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// Parses a JSON document.
  public static func parse(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let i = try? c.decode(Int64.self) {
      self = .integer(i)
    } else if let d = try? c.decode(Double.self) {
      self = .number(d)
    } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else if let a = try? c.decode([JSONValue].self) {
      self = .array(a)
    } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }

  /// `object[key]`, nil for other values or a missing key.
  public subscript(key: String) -> JSONValue? {
    if case .object(let o) = self { return o[key] }
    return nil
  }

  public var isNull: Bool { self == .null }
  public var int: Int64? { if case .integer(let i) = self { i } else { nil } }
  public var double: Double? {
    switch self {
    case .integer(let i): Double(i)
    case .number(let d): d
    default: nil
    }
  }
  public var string: String? { if case .string(let s) = self { s } else { nil } }
  public var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
  public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
}
