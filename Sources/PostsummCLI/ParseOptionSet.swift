import PostfixCore

/// The parse options of a run: the report's, and those of the second reading that keeps the
/// texts whole for the HTML page (nil when no second reading is needed).
struct ParseOptionSet: Sendable {
  var main: ParseOptions
  var fullText: ParseOptions?
}
