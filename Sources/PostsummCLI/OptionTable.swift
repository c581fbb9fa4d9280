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

  /// The option `name` (lower-cased, dashed) was most likely meant to be: one typo away (a
  /// letter wrong, missing, extra, or two swapped; two for names of eight letters or more),
  /// else nil. A wider net catches unrelated names: `bogus` is three edits from `jobs`.
  static func closest(to name: String) -> OptionSpec? {
    let allowed = name.count >= 8 ? 2 : 1
    let scored = all.map { ($0, editDistance(name, $0.name)) }.filter { $0.1 <= allowed }
    return scored.min { $0.1 < $1.1 }?.0
  }

  /// Edits (insert, delete, replace, swap two neighbours) from `a` to `b` (Damerau–Levenshtein,
  /// optimal string alignment).
  static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
    var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
    for i in 0...x.count { d[i][0] = i }
    for j in 0...y.count { d[0][j] = j }
    for i in 1...x.count {
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[x.count][y.count]
  }

  enum Resolution {
    case found(OptionSpec)
    case unknown
    case ambiguous([String])
  }
}
