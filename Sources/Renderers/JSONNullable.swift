/// An optional that encodes as an explicit JSON `null` instead of leaving the key out.
///
/// Synthesized `Encodable` conformances skip `nil` properties (`encodeIfPresent`); the JSON
/// report promises that every key is always present, `null` meaning "not asked for", so that
/// consumers (and `docs/report.schema.json`) never have to guess whether a key was forgotten.
struct JSONNullable<Wrapped: Encodable>: Encodable {
  var value: Wrapped?

  init(_ value: Wrapped?) { self.value = value }

  /// `null`: not asked for.
  static var null: JSONNullable { JSONNullable(nil) }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let value {
      try container.encode(value)
    } else {
      try container.encodeNil()
    }
  }
}
