/// The count in a cut table's title, shared by the text report and the page: `(top 100 of
/// 6874)` when `-h`/`-u` (`limit`) left rows out, else `(6874)`. A limit of 0 shows no rows,
/// and the title then says only how many there were.
enum TopCount {
  static func title(_ limit: Int?, _ total: Int) -> String {
    if let limit, limit > 0, total > limit { return "(top \(limit) of \(total))" }
    return "(\(total))"
  }
}
