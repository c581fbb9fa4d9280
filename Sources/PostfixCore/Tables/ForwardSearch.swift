/// A search that is asked again and again from positions that only move right ("the first ']'
/// at or after i", for each '[' of a line): an answer at or after the new position is still
/// the answer, so each stretch of the text is scanned once however many times it is asked
/// about. Rules that retried a full scan for every candidate position were quadratic on long
/// crafted lines (a 1 MiB line of `[` took minutes); with this they stay linear.
struct ForwardSearch {
  private var searchedFrom = Int.max
  private var found: Int?

  /// The first match at or after `i`, by `find(i)` (which must return the first match at or
  /// after its argument, or nil) or from the last answer when it still holds.
  @inline(__always)
  mutating func first(atOrAfter i: Int, _ find: (Int) -> Int?) -> Int? {
    if i >= searchedFrom, found.map({ $0 >= i }) ?? true { return found }
    searchedFrom = i
    found = find(i)
    return found
  }
}
