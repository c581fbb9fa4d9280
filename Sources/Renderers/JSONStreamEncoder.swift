import Foundation

/// Writes an `Encodable` value as JSON, byte for byte as Foundation's `JSONEncoder` does with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` and `.convertToSnakeCase` (with
/// empty containers written `[]` and `{}`), but straight into a `TextBuffer` that hands out
/// a megabyte at a time.
///
/// Why not `JSONEncoder`: it builds the whole document as a tree, then as `Data`, and the
/// report can hold a million table rows; that took seconds and a gigabyte. Here an array's
/// elements are written as they are encoded, so only the object being written is held: a keyed
/// container keeps its members (values, not their text) until the type's `encode(to:)`
/// returns, then writes them in key order.
///
/// Foundation stays the authority on the fine print: key names (`convertToSnakeCase`, once
/// per distinct key), strings that need escaping, doubles that print with an exponent, and any
/// type Foundation encodes specially (`Date`, `Data`, `URL` …) are handed to a `JSONEncoder`
/// with the same settings. The common cases (plain strings, integers, short decimals) are
/// written directly; tests compare the result with `JSONEncoder`'s on hostile strings.
final class JSONStreamEncoder {
  private(set) var out: TextBuffer
  /// Foundation's key and `"snake_key" : ` per Swift property name.
  private var memberKeys: [String: (name: String, prefix: [UInt8])] = [:]
  private var indents: [[UInt8]] = [[]]

  init(sink: ((UnsafeRawBufferPointer) -> Bool)?) {
    out = TextBuffer(sink: sink)
  }

  /// The settings this type reproduces; also used for the cases it hands to Foundation.
  static func foundationEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    // `withoutEscapingSlashes`: paths and "host/domain" stay readable; `/` needs no escape.
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return encoder
  }

  /// Hands the rest to the sink; false if any write failed.
  func finish() -> Bool { out.finish() }

  /// The document's final line break.
  func newline() { out.byte(0x0A) }

  // MARK: - Values

  func write<T: Encodable>(_ value: T, depth: Int) throws {
    // The primitives Foundation writes itself (a synthesized `encode(to:)` passes Optional
    // and generic members through here).
    if T.self == String.self { return string(value as! String) }
    if T.self == Int.self { return integer(Int64(value as! Int)) }
    if T.self == Int64.self { return integer(value as! Int64) }
    if T.self == Bool.self { return out.raw((value as! Bool) ? "true" : "false") }
    if T.self == Double.self { return try double(value as! Double) }
    if writesSpecially(T.self) { return try foundation(value, depth: depth) }
    let container = Container()
    try value.encode(to: ValueEncoder(encoder: self, depth: depth, container: container))
    try close(container, depth: depth)
  }

  /// Whether Foundation has its own encoding for `type` (dates, data, URLs, dictionaries,
  /// the other number types); looked up once per type.
  private func writesSpecially<T>(_ type: T.Type) -> Bool {
    let id = ObjectIdentifier(type)
    if let known = specialTypes[id] { return known }
    let special =
      type == Date.self || type == Data.self || type == URL.self || type == Decimal.self || type == Float.self
      || type is any FixedWidthInteger.Type
      || "\(type)".hasPrefix("Dictionary<")
    specialTypes[id] = special
    return special
  }
  private var specialTypes: [ObjectIdentifier: Bool] = [:]

  /// One level of nesting: what `encode(to:)` asked for, and a keyed container's members.
  final class Container {
    enum Kind { case none, keyed, unkeyed, single }
    var kind = Kind.none
    /// Swift property name, Foundation's key (for sorting) and the value.
    var members: [(key: String, sortKey: String, value: Member)] = []
    var count = 0
  }

  enum Member {
    case null
    case bool(Bool)
    case string(String)
    case integer(Int64)
    case double(Double)
    case value(any Encodable)
  }

  private func close(_ c: Container, depth: Int) throws {
    switch c.kind {
    case .single: return
    case .unkeyed:
      if c.count == 0 {
        out.raw("]")
      } else {
        out.byte(0x0A)
        out.raw(indent(depth))
        out.byte(0x5D)
      }
    case .none: out.raw("{}")
    case .keyed:
      if c.members.isEmpty { return out.raw("{}") }
      let members = c.members.count == 1 ? c.members : c.members.sorted { $0.sortKey < $1.sortKey }
      out.byte(0x7B)
      for (i, m) in members.enumerated() {
        out.raw(i == 0 ? Self.newline : Self.commaNewline)
        out.raw(indent(depth + 1))
        out.raw(memberPrefix(m.key))
        try write(m.value, depth: depth + 1)
      }
      out.byte(0x0A)
      out.raw(indent(depth))
      out.byte(0x7D)
    }
  }

  private static let newline: [UInt8] = [0x0A]
  private static let commaNewline: [UInt8] = [0x2C, 0x0A]

  /// Called by an unkeyed container before each element.
  fileprivate func beginElement(_ c: Container, depth: Int) {
    out.raw(c.count == 0 ? Self.newline : Self.commaNewline)
    out.raw(indent(depth + 1))
    c.count += 1
  }

  /// An array element is done: a full chunk can go to the sink.
  fileprivate func endElement() { out.chunkDone() }

  fileprivate func write(_ m: Member, depth: Int) throws {
    switch m {
    case .null: out.raw("null")
    case .bool(let b): out.raw(b ? "true" : "false")
    case .string(let s): string(s)
    case .integer(let v): integer(v)
    case .double(let v): try double(v)
    case .value(let v): try write(v, depth: depth)
    }
  }

  private func indent(_ depth: Int) -> [UInt8] {
    while indents.count <= depth { indents.append([UInt8](repeating: 0x20, count: 2 * indents.count)) }
    return indents[depth]
  }

  private func memberPrefix(_ key: String) -> [UInt8] { memberKey(key).prefix }

  /// Foundation's name for a property (`queueID` → `queue_id`) and `"queue_id" : `.
  fileprivate func memberKey(_ key: String) -> (name: String, prefix: [UInt8]) {
    if let k = memberKeys[key] { return k }
    let quoted = Self.foundationKey(key)
    let k = (String(quoted.dropFirst().dropLast()), Array((quoted + " : ").utf8))
    memberKeys[key] = k
    return k
  }

  /// `"snake_case_key"` exactly as Foundation converts and quotes it.
  private static func foundationKey(_ key: String) -> String {
    struct OneKey: Encodable {
      var key: String
      struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
      }
      func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(0, forKey: Key(stringValue: key))
      }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let text = String(decoding: (try? encoder.encode(OneKey(key: key))) ?? Data(), as: UTF8.self)
    // `{"key":0}` → `"key"`
    guard text.hasPrefix("{"), text.hasSuffix(":0}") else { return "\"\(key)\"" }
    return String(text.dropFirst().dropLast(3))
  }

  private func string(_ s: String) {
    // Foundation escapes `"`, `\` and the C0 controls; everything else (DEL, non-ASCII,
    // U+2028 …) it writes as is. Strings needing an escape are rare and go to Foundation.
    var plain = true
    for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C {
      plain = false
      break
    }
    if plain {
      out.byte(0x22)
      out.raw(s)
      out.byte(0x22)
    } else {
      try? foundation(s, depth: 0)
    }
  }

  private func integer(_ v: Int64) {
    out.integer(v)
  }

  private func double(_ v: Double) throws {
    // Foundation prints `description` without a trailing `.0`; exponents and non-finite
    // values (an error) are left to it.
    var text = v.description
    guard v.isFinite, !text.contains("e") else { return try foundation(v, depth: 0) }
    if text.hasSuffix(".0") { text.removeLast(2) }
    out.raw(text)
  }

  /// `value` as `JSONEncoder` writes it, indented to `depth`.
  private func foundation<T: Encodable>(_ value: T, depth: Int) throws {
    let data = try Self.foundationEncoder().encode(value)
    let text = JSONRenderer.compactingEmptyContainers(String(decoding: data, as: UTF8.self))
    let pad = indent(depth)
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if i > 0 {
        out.byte(0x0A)
        out.raw(pad)
      }
      out.raw(String(line))
    }
  }
}

// MARK: - The Encoder protocols

extension JSONStreamEncoder {
  fileprivate struct ValueEncoder: Encoder {
    let encoder: JSONStreamEncoder
    let depth: Int
    let container: Container
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
      precondition(container.kind == .none || container.kind == .keyed, "one container per value")
      container.kind = .keyed
      return KeyedEncodingContainer(KeyedMembers<Key>(encoder: encoder, container: container))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
      precondition(container.kind == .none, "one container per value")
      container.kind = .unkeyed
      encoder.out.byte(0x5B)
      return Elements(encoder: encoder, depth: depth, container: container)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
      precondition(container.kind == .none, "one container per value")
      container.kind = .single
      return SingleValue(encoder: encoder, depth: depth)
    }
  }

  /// Collects the members; `close` writes them sorted once `encode(to:)` has returned.
  fileprivate struct KeyedMembers<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONStreamEncoder
    let container: Container
    var codingPath: [any CodingKey] { [] }

    private func add(_ m: Member, _ key: Key) {
      let name = key.stringValue
      container.members.append((name, encoder.memberKey(name).name, m))
    }

    mutating func encodeNil(forKey key: Key) throws { add(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { add(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { add(.string(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { add(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { add(.double(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { add(.value(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { add(.value(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { add(.value(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { add(.value(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { add(.value(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { add(.value(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { add(.value(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { add(.value(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { add(.value(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { add(.value(value), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
      -> KeyedEncodingContainer<NestedKey>
    {
      preconditionFailure("nested containers are not used by the report document")
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      preconditionFailure("nested containers are not used by the report document")
    }
    mutating func superEncoder() -> any Encoder { preconditionFailure("superEncoder is not used by the report document") }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
      preconditionFailure("superEncoder is not used by the report document")
    }
  }

  /// Writes each element as it comes: arrays are what makes the report big.
  fileprivate struct Elements: UnkeyedEncodingContainer {
    let encoder: JSONStreamEncoder
    let depth: Int
    let container: Container
    var codingPath: [any CodingKey] { [] }
    var count: Int { container.count }

    private func element(_ m: Member) throws {
      encoder.beginElement(container, depth: depth)
      try encoder.write(m, depth: depth + 1)
      encoder.endElement()
    }

    mutating func encodeNil() throws { try element(.null) }
    mutating func encode(_ value: Bool) throws { try element(.bool(value)) }
    mutating func encode(_ value: String) throws { try element(.string(value)) }
    mutating func encode(_ value: Int) throws { try element(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { try element(.integer(value)) }
    mutating func encode(_ value: Double) throws { try element(.double(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
      encoder.beginElement(container, depth: depth)
      try encoder.write(value, depth: depth + 1)
      encoder.endElement()
    }
    mutating func encode(_ value: Float) throws { try generic(value) }
    mutating func encode(_ value: Int8) throws { try generic(value) }
    mutating func encode(_ value: Int16) throws { try generic(value) }
    mutating func encode(_ value: Int32) throws { try generic(value) }
    mutating func encode(_ value: UInt) throws { try generic(value) }
    mutating func encode(_ value: UInt8) throws { try generic(value) }
    mutating func encode(_ value: UInt16) throws { try generic(value) }
    mutating func encode(_ value: UInt32) throws { try generic(value) }
    mutating func encode(_ value: UInt64) throws { try generic(value) }
    private mutating func generic<T: Encodable>(_ value: T) throws { try encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
      preconditionFailure("nested containers are not used by the report document")
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
      preconditionFailure("nested containers are not used by the report document")
    }
    mutating func superEncoder() -> any Encoder { preconditionFailure("superEncoder is not used by the report document") }
  }

  fileprivate struct SingleValue: SingleValueEncodingContainer {
    let encoder: JSONStreamEncoder
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { try encoder.write(Member.null, depth: depth) }
    mutating func encode(_ value: Bool) throws { try encoder.write(.bool(value), depth: depth) }
    mutating func encode(_ value: String) throws { try encoder.write(.string(value), depth: depth) }
    mutating func encode(_ value: Int) throws { try encoder.write(.integer(Int64(value)), depth: depth) }
    mutating func encode(_ value: Int64) throws { try encoder.write(.integer(value), depth: depth) }
    mutating func encode(_ value: Double) throws { try encoder.write(.double(value), depth: depth) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.write(value, depth: depth) }
    mutating func encode(_ value: Float) throws { try encoder.write(value, depth: depth) }
    mutating func encode(_ value: Int8) throws { try encoder.write(value, depth: depth) }
    mutating func encode(_ value: Int16) throws { try encoder.write(value, depth: depth) }
    mutating func encode(_ value: Int32) throws { try encoder.write(value, depth: depth) }
    mutating func encode(_ value: UInt) throws { try encoder.write(value, depth: depth) }
    mutating func encode(_ value: UInt8) throws { try encoder.write(value, depth: depth) }
    mutating func encode(_ value: UInt16) throws { try encoder.write(value, depth: depth) }
    mutating func encode(_ value: UInt32) throws { try encoder.write(value, depth: depth) }
    mutating func encode(_ value: UInt64) throws { try encoder.write(value, depth: depth) }
  }
}
