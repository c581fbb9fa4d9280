import Foundation

/// A validator for the subset of JSON Schema (draft 2020-12) that `docs/report.schema.json`
/// uses, so tests need no Python: `type` (one or a list), `properties`, `required`,
/// `additionalProperties: false`, `items`, `anyOf`, `const`, `enum`, `minimum`, `maximum`,
/// `pattern`, and `$ref` to `#/$defs/…`. Annotations (`$schema`, `$id`, `title`,
/// `description`, `$defs`) are ignored.
///
/// Any other keyword makes validation fail with "unsupported keyword", so the schema cannot
/// grow a constraint that this validator would silently skip.
public struct JSONSchemaValidator {
  public let schema: JSONValue

  public init(schema: JSONValue) { self.schema = schema }

  static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]
  static let supported: Set<String> = [
    "type", "properties", "required", "additionalProperties", "items", "anyOf", "const", "enum",
    "minimum", "maximum", "pattern", "$ref",
  ]

  /// Every violation, as `path: message` (empty when the instance is valid).
  public func errors(_ instance: JSONValue) -> [String] {
    var out: [String] = []
    validate(instance, against: schema, at: "$", into: &out)
    return out
  }

  private func validate(_ v: JSONValue, against s: JSONValue, at path: String, into out: inout [String]) {
    guard case .object(let keywords) = s else {
      out.append("\(path): schema is not an object")
      return
    }
    for key in keywords.keys where !Self.annotations.contains(key) && !Self.supported.contains(key) {
      out.append("\(path): unsupported keyword \(key)")
    }
    if let ref = keywords["$ref"]?.string {
      guard let target = resolve(ref) else {
        out.append("\(path): unresolvable $ref \(ref)")
        return
      }
      validate(v, against: target, at: path, into: &out)
    }
    if let type = keywords["type"] {
      let allowed = type.array?.compactMap(\.string) ?? [type.string].compactMap { $0 }
      if !allowed.contains(where: { matches(v, type: $0) }) {
        out.append("\(path): expected \(allowed.joined(separator: " or ")), got \(describe(v))")
        return
      }
    }
    if let c = keywords["const"], c != v { out.append("\(path): expected const \(c), got \(describe(v))") }
    if let e = keywords["enum"]?.array, !e.contains(v) { out.append("\(path): \(describe(v)) not in enum") }
    if let min = keywords["minimum"]?.double, let x = v.double, x < min { out.append("\(path): \(x) < minimum \(min)") }
    if let max = keywords["maximum"]?.double, let x = v.double, x > max { out.append("\(path): \(x) > maximum \(max)") }
    if let pattern = keywords["pattern"]?.string, let s = v.string {
      if s.range(of: pattern, options: .regularExpression) == nil { out.append("\(path): '\(s)' does not match \(pattern)") }
    }
    if let anyOf = keywords["anyOf"]?.array {
      let ok = anyOf.contains { sub in
        var scratch: [String] = []
        validate(v, against: sub, at: path, into: &scratch)
        return scratch.isEmpty
      }
      if !ok {
        // Report the errors of the closest alternative (the fewest errors).
        let attempts: [[String]] = anyOf.map { sub in
          var scratch: [String] = []
          validate(v, against: sub, at: path, into: &scratch)
          return scratch
        }
        let best = attempts.min { $0.count < $1.count }
        out.append("\(path): matches no anyOf alternative")
        out += best ?? []
      }
    }
    if case .object(let members) = v {
      var properties: [String: JSONValue] = [:]
      if case .object(let p)? = keywords["properties"] { properties = p }
      for name in keywords["required"]?.array?.compactMap(\.string) ?? [] where members[name] == nil {
        out.append("\(path): missing required \(name)")
      }
      for (name, member) in members.sorted(by: { $0.key < $1.key }) {
        if let sub = properties[name] {
          validate(member, against: sub, at: "\(path).\(name)", into: &out)
        } else if keywords["additionalProperties"] == .bool(false) {
          out.append("\(path): unexpected property \(name)")
        }
      }
    }
    if case .array(let items) = v, let itemSchema = keywords["items"] {
      for (i, item) in items.enumerated() { validate(item, against: itemSchema, at: "\(path)[\(i)]", into: &out) }
    }
  }

  private func resolve(_ ref: String) -> JSONValue? {
    guard ref.hasPrefix("#/") else { return nil }
    var node: JSONValue? = schema
    for part in ref.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
    return node
  }

  private func matches(_ v: JSONValue, type: String) -> Bool {
    switch (type, v) {
    case ("null", .null), ("boolean", .bool), ("integer", .integer), ("number", .integer), ("number", .number),
      ("string", .string), ("array", .array), ("object", .object):
      return true
    case ("integer", .number(let d)):
      return d == d.rounded()
    default:
      return false
    }
  }

  private func describe(_ v: JSONValue) -> String {
    switch v {
    case .null: "null"
    case .bool(let b): "\(b)"
    case .integer(let i): "\(i)"
    case .number(let d): "\(d)"
    case .string(let s): "\"\(s.prefix(40))\""
    case .array: "an array"
    case .object: "an object"
    }
  }
}
