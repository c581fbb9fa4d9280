/// Values worked out once per table id — a sender's or a delivered recipient's domain id — in
/// an array indexed by the dense ids of a `KeyedTable`, filled as ids are first asked for. Ids
/// only grow (also in a merge), so a value once stored stays true.
struct IDMemo: Sendable {
  private var values: [Int32] = []
  /// Not stored yet (no value is this).
  private static let unknown = Int32.min

  /// What was stored for `id`, if anything.
  @inline(__always)
  func value(_ id: Int32) -> Int32? {
    let i = Int(id)
    guard i < values.count, values[i] != Self.unknown else { return nil }
    return values[i]
  }

  @inline(__always)
  mutating func store(_ value: Int32, for id: Int32) {
    let i = Int(id)
    if i >= values.count { values.append(contentsOf: repeatElement(Self.unknown, count: i + 1 - values.count)) }
    values[i] = value
  }
}
