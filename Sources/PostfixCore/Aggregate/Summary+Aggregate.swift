// The seam between a run and its saved aggregate (issue 16). The signatures are fixed so that
// the archive (branch `archive`) and the aggregate format (branch `aggregate`) can be built at
// once; the bodies arrive with the format. Nothing calls them on main yet.

/// Why an aggregate file could not be read: one line for stderr, naming no file (the caller does).
public struct AggregateError: Error, Sendable, Equatable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

extension Summary {
  /// The bytes of the aggregate file of this summary: called before `finish()`, so that the
  /// messages still in flight are saved with it. The same input gives the same bytes.
  public func aggregateBytes() -> [UInt8] {
    fatalError("aggregate format: not yet built (branch aggregate)")
  }

  /// The summary saved in `bytes` (an aggregate file's whole content), ready to `merge` with
  /// summaries of logs or other aggregates, or to `finish()`.
  public init(aggregateBytes bytes: [UInt8]) throws(AggregateError) {
    throw AggregateError("aggregate format: not yet built (branch aggregate)")
  }

  /// Whether `prefix` (the first bytes of a file) starts an aggregate file, for telling them
  /// from logs by content, as gzip is told.
  public static func isAggregate(prefix: some Collection<UInt8>) -> Bool { false }
}
