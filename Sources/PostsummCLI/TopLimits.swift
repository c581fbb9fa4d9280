/// The top-N limits of the reports (`-h`, `-u`, `--*-detail`), nil meaning all: each option as
/// given, else `--detail`, else all. The deprecated `--smtpd-warning-detail`, when not 0, stands
/// for `--warning-detail`.
struct TopLimits {
  private var top: [OptionName: Int?] = [:]

  /// Computed: key paths are not `Sendable`, so they cannot be stored in a static.
  private static var options: [(OptionName, KeyPath<CommandOptions, Int?>)] {
    [
      (.bounceDetail, \.bounceDetail), (.deferralDetail, \.deferralDetail), (.expiredDetail, \.expiredDetail),
      (.hostCnt, \.hostCnt), (.pscrnDetail, \.pscrnDetail), (.rejectDetail, \.rejectDetail),
      (.warningDetail, \.warningDetail), (.userCnt, \.userCnt),
    ]
  }

  init(_ given: GivenOptions) {
    var isGiven: Set<OptionName> = []
    for (name, property) in Self.options {
      let limit = given.limit(name, property)
      top[name] = limit.top
      if limit.given { isGiven.insert(name) }
    }
    if let w = given.integer(.smtpdWarningDetail, \.smtpdWarningDetail), w != 0 {
      top[.warningDetail] = w < 0 ? nil : w
      isGiven.insert(.warningDetail)
    }
    if let detail = given.integer(.detail, \.detail) {
      for (name, _) in Self.options where !isGiven.contains(name) { top[name] = detail < 0 ? nil : detail }
    }
  }

  subscript(name: OptionName) -> Int? { top[name] ?? nil }
}
