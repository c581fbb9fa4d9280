/// Every long option postsumm understands, with what kind of value it takes: the one table
/// behind the Getopt-style argument rewriting, the configuration file and `--dump-config`.
enum OptionKind: Equatable {
  /// A switch.
  case flag
  /// A top-N limit (`none` = 0, `all` = unlimited in config files).
  case limit
  case integer
  case string
  /// `--verp-mung [n]`: the value may be left out.
  case optionalInteger
}

struct OptionSpec {
  var name: String
  var kind: OptionKind
  var short: Character?
  /// Part of pflogsumm 1.3.0's option set (shown by `--dump-config`).
  var pflogsumm: Bool
}

enum OptionTable {
  static let all: [OptionSpec] = [
    OptionSpec(name: "bounce-detail", kind: .limit, short: nil, pflogsumm: true),
    OptionSpec(name: "colwidth", kind: .limit, short: nil, pflogsumm: true),
    OptionSpec(name: "config", kind: .string, short: nil, pflogsumm: true),
    OptionSpec(name: "date-range", kind: .string, short: "d", pflogsumm: true),
    OptionSpec(name: "debug", kind: .string, short: "x", pflogsumm: true),
    OptionSpec(name: "deferral-detail", kind: .limit, short: nil, pflogsumm: true),
    OptionSpec(name: "detail", kind: .integer, short: nil, pflogsumm: true),
    OptionSpec(name: "dow0mon", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "dump-config", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "expired-detail", kind: .limit, short: nil, pflogsumm: true),
    OptionSpec(name: "extended-detail", kind: .flag, short: "e", pflogsumm: true),
    OptionSpec(name: "help", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "host-cnt", kind: .limit, short: "h", pflogsumm: true),
    OptionSpec(name: "ignore-case", kind: .flag, short: "i", pflogsumm: true),
    OptionSpec(name: "iso-date-time", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "mailq", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "no-no-msg-size", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "problems-first", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "pscrn-detail", kind: .limit, short: nil, pflogsumm: true),
    OptionSpec(name: "pscrn-stats", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "quiet", kind: .flag, short: "q", pflogsumm: true),
    OptionSpec(name: "rej-add-from", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "rej-add-to", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "reject-detail", kind: .limit, short: nil, pflogsumm: true),
    OptionSpec(name: "smtp-detail", kind: .integer, short: nil, pflogsumm: true),
    OptionSpec(name: "smtpd-stats", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "smtpd-warning-detail", kind: .integer, short: nil, pflogsumm: true),
    OptionSpec(name: "srs-mung", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "ssl-tls-stats", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "suppress", kind: .string, short: nil, pflogsumm: true),
    OptionSpec(name: "syslog-name", kind: .string, short: nil, pflogsumm: true),
    OptionSpec(name: "unprocd-file", kind: .string, short: nil, pflogsumm: true),
    OptionSpec(name: "use-orig-to", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "user-cnt", kind: .limit, short: "u", pflogsumm: true),
    OptionSpec(name: "uucp-mung", kind: .flag, short: "m", pflogsumm: true),
    OptionSpec(name: "verbose-msg-detail", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "verp-mung", kind: .optionalInteger, short: nil, pflogsumm: true),
    OptionSpec(name: "version", kind: .flag, short: nil, pflogsumm: true),
    OptionSpec(name: "warning-detail", kind: .limit, short: nil, pflogsumm: true),
    OptionSpec(name: "zero-fill", kind: .flag, short: nil, pflogsumm: true),
    // postsumm's own.
    OptionSpec(name: "jobs", kind: .integer, short: "j", pflogsumm: false),
    OptionSpec(name: "reference-date", kind: .string, short: nil, pflogsumm: false),
    OptionSpec(name: "format", kind: .string, short: nil, pflogsumm: false),
    OptionSpec(name: "output", kind: .string, short: "o", pflogsumm: false),
    OptionSpec(name: "text", kind: .string, short: nil, pflogsumm: false),
    OptionSpec(name: "html", kind: .string, short: nil, pflogsumm: false),
    OptionSpec(name: "csv", kind: .string, short: nil, pflogsumm: false),
    OptionSpec(name: "json", kind: .string, short: nil, pflogsumm: false),
    OptionSpec(name: "template-dir", kind: .string, short: nil, pflogsumm: false),
    OptionSpec(name: "progress", kind: .flag, short: nil, pflogsumm: false),
    OptionSpec(name: "no-progress", kind: .flag, short: nil, pflogsumm: false),
    OptionSpec(name: "generated-at", kind: .string, short: nil, pflogsumm: false),
    OptionSpec(name: "generate-completion-script", kind: .string, short: nil, pflogsumm: false),
  ]

  static func spec(_ name: String) -> OptionSpec? { all.first { $0.name == name } }

  /// The option a (lower-cased, dashed) name means: an exact name, else the only name it is a
  /// prefix of (Getopt::Long's unique abbreviations).
  static func resolve(_ name: String) -> Resolution {
    if let exact = spec(name) { return .found(exact) }
    let matches = all.filter { $0.name.hasPrefix(name) }
    switch matches.count {
    case 0: return .unknown
    case 1: return .found(matches[0])
    default: return .ambiguous(matches.map(\.name))
    }
  }

  enum Resolution {
    case found(OptionSpec)
    case unknown
    case ambiguous([String])
  }
}
