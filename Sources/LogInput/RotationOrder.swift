/// Orders command-line inputs the way logs must be read: oldest first, whatever order the shell or the user gave.
///
/// Rotated logs come in sets sharing a base path B (the path with its rotation suffix removed). A rotation suffix is
/// one of
/// - a number: `B.0`, `B.1`, `B.2`, … (Debian/savelog and logrotate without `dateext`; a higher number is older),
/// - a date: `B-YYYYMMDD` or `B-YYYYMMDDHH` (logrotate `dateext`; an earlier date is older),
///
/// optionally followed by a compression suffix `.gz`, `.bz2`, `.xz` or `.zst` (recognized in names only; reading
/// decompresses gzip alone, and sniffs it from the content). The rules:
/// 1. The members of B's set are the arguments equal to B or to B plus a rotation suffix. B itself is the live log.
/// 2. A set is ordered: dated members by date ascending (a date without an hour counts as hour 00), then numbered
///    members by number descending, then B itself last. Members that tie (e.g. `B.1` and `B.1.gz`) keep their order.
/// 3. A set is emitted, ordered, at the position of its first member in the argument list.
/// 4. Arguments in no set keep their position and order: other files, "-" (standard input), and a base given
///    without any rotated member.
///
/// Paths are compared as strings: `./mail.log` and `mail.log.1` are not one set.
public enum RotationOrder {
  /// Whether every path is a member of one set (the same base B): one server's rotated log.
  public static func isOneSet(_ paths: [String]) -> Bool {
    Set(paths.map { RotatedName(parsing: $0).base }).count == 1
  }

  /// The arguments reordered by the rules above; the result is a permutation of `arguments`.
  public static func sorted(_ arguments: [String]) -> [String] {
    let names = arguments.map(RotatedName.init(parsing:))
    var members: [String: [Int]] = [:]
    for (index, name) in names.enumerated() {
      members[name.base, default: []].append(index)
    }
    var emitted = Set<String>()
    var result: [String] = []
    result.reserveCapacity(arguments.count)
    for (index, name) in names.enumerated() {
      guard let set = members[name.base], set.contains(where: { names[$0].age != .live }) else {
        result.append(arguments[index])
        continue
      }
      guard emitted.insert(name.base).inserted else { continue }
      // Stable: `sorted(by:)` is not guaranteed stable, so ties are broken by argument position.
      let ordered = set.sorted { lhs, rhs in
        let (left, right) = (names[lhs].age, names[rhs].age)
        return left == right ? lhs < rhs : left.isOlder(than: right)
      }
      result.append(contentsOf: ordered.map { arguments[$0] })
    }
    return result
  }
}
