/// Why a source stopped early, before it is turned into an ``InputProblem`` (which also needs line counts that
/// only the line splitter knows).
struct SourceDamage: Sendable, Equatable {
  var kind: InputProblem.Kind
  var detail: String = ""
  /// For ``InputProblem/Kind/trailingGarbage``: how many bytes followed the gzip data.
  var garbageBytes: Int64 = 0

  /// Trailing garbage follows data that ended properly, so a final unterminated line is still a real line; after
  /// the other kinds of damage it is a fragment and is dropped.
  var keepsFinalLine: Bool { kind == .trailingGarbage }

  static func readError(_ error: SystemError) -> SourceDamage {
    SourceDamage(kind: .readError, detail: error.message)
  }
}
