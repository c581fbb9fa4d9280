import ArgumentParser

/// The one place an option is described: its short name, kind of value, `--help` text and
/// whether pflogsumm 1.3.0 has it (its long name, also its configuration file key, is its
/// `OptionName`; pflogsumm's other spellings follow from it). `CommandOptions` takes each declaration's names and help from here
/// (ArgumentParser needs them at the declaration); `ArgumentNormalizer` (pflogsumm's spellings:
/// any case, `_` for `-`, one dash, unique abbreviations), `ConfigFile` (the keys) and
/// `--dump-config` (pflogsumm's keys) go through `all`. A test checks that ArgumentParser's
/// options and this catalogue name the same options, with the same names and help.
///
/// A new option: a case in `OptionName`; the compiler then asks for its entry here and for its
/// `--dump-config` line in `Settings.shownInDump`; a `CommandOptions` property of the same name
/// declared with `OptionCatalogue.names`/`help` (the catalogue test fails until it is); and the
/// `Settings` step of its group reading it through `GivenOptions`.
enum OptionCatalogue {
  static let all: [OptionSpec] = OptionName.allCases.map { spec($0) }

  // swiftlint:disable:next function_body_length cyclomatic_complexity
  static func spec(_ name: OptionName) -> OptionSpec {
    func pflogsumm(_ kind: OptionSpec.Kind, short: Character? = nil, _ help: String, value: String? = nil) -> OptionSpec {
      OptionSpec(name: name, kind: kind, short: short, pflogsumm: true, help: help, valueName: value)
    }
    func postsumm(_ kind: OptionSpec.Kind, short: Character? = nil, _ help: String, value: String? = nil) -> OptionSpec {
      OptionSpec(name: name, kind: kind, short: short, pflogsumm: false, help: help, valueName: value)
    }
    func argumentParserOwn(_ kind: OptionSpec.Kind, pflogsumm: Bool) -> OptionSpec {
      OptionSpec(name: name, kind: kind, short: nil, pflogsumm: pflogsumm, help: nil, valueName: nil)
    }
    return switch name {
    case .bounceDetail: pflogsumm(.limit, "Top N bounce reasons per relay (0 = no report).", value: "n")
    case .colwidth: pflogsumm(.limit, "Widen (or narrow) trimmed texts as if the report were N columns wide; 0 = never trim. Default 80. The HTML page always shows texts whole.", value: "n")
    case .config: pflogsumm(.string, "Read options from FILE (key = value; command line wins).", value: "file")
    case .dateRange: pflogsumm(.string, short: "d", "Only this date or range: today, yesterday, 'this week', 'last week', 'this month', 'last month', YYYY-MM, YYYY-MM-DD, or 'A B' / 'A to B' / 'A - B' of those. Underscores may replace spaces.", value: "range")
    case .debug: pflogsumm(.string, short: "x", "Write a parsing trace summary to FILE.", value: "file")
    case .deferralDetail: pflogsumm(.limit, "Top N deferral reasons per host (0 = no report).", value: "n")
    case .detail: pflogsumm(.integer, "Default for every limit not given (-h, -u, --*-detail); 0 drops all detail.", value: "n")
    case .dow0mon: pflogsumm(.flag, "Weeks start on Monday (for this/last week).")
    case .dumpConfig: pflogsumm(.flag, "Print the effective options as a config file and exit.")
    case .expiredDetail: pflogsumm(.limit, "Top N in the expired-message report (0 = no report).", value: "n")
    case .extendedDetail: pflogsumm(.flag, short: "e", "Per-message detail (sender and recipients of every message).")
    case .help: argumentParserOwn(.flag, pflogsumm: true)
    case .hostCnt: pflogsumm(.limit, short: "h", "Top N in host/domain reports and the abuse tables' clients (0 = none).", value: "n")
    case .ignoreCase: pflogsumm(.flag, short: "i", "Lower-case whole addresses (normally only the domain part).")
    case .isoDateTime: pflogsumm(.flag, "Dates as YYYY-MM-DD and hours as HH:MM-HH:MM.")
    case .mailq: pflogsumm(.flag, "Append the output of mailq.")
    case .noNoMsgSize: pflogsumm(.flag, "Omit \"Messages with no size data\".")
    case .problemsFirst: pflogsumm(.flag, "Print the problem reports before the traffic reports.")
    case .pscrnDetail: pflogsumm(.limit, "Top N IPs per postscreen action (0 = no report).", value: "n")
    case .pscrnStats: pflogsumm(.flag, "postscreen connection totals in Grand Totals.")
    case .quiet: pflogsumm(.flag, short: "q", "Omit the headings of empty reports.")
    case .rejAddFrom: pflogsumm(.flag, "Add the sender to reject report lines.")
    case .rejAddTo: pflogsumm(.flag, "Add the recipient to reject report lines.")
    case .rejectDetail: pflogsumm(.limit, "Top N in reject, reject warning, hold and discard reports (0 = none).", value: "n")
    case .smtpDetail: pflogsumm(.integer, "Deprecated; no effect (SMTP exceptions are always shown).", value: "n")
    case .smtpdStats: pflogsumm(.flag, "smtpd connection statistics (per day, per hour, per client domain).")
    case .smtpdWarningDetail: pflogsumm(.integer, "Deprecated: use --warning-detail.", value: "n")
    case .srsMung: pflogsumm(.flag, "Undo SRS sender rewriting (SRS0=…=sender.example=user@… → user@sender.example).")
    case .sslTlsStats: pflogsumm(.flag, "TLS levels by relay and inbound TLS errors.")
    case .suppress: pflogsumm(.string, "Leave out reports (space-separated): host/domain, per-hour, rdns-warnings, size-detail. 'help' lists them.", value: "list")
    case .syslogName: pflogsumm(.string, "Also read lines tagged NAME/… as Postfix's (repeatable). postfix/… and postfix-INSTANCE/… are always read.", value: "name")
    case .unprocdFile: pflogsumm(.string, "Write every unrecognised Postfix line to FILE.", value: "file")
    case .useOrigTo: pflogsumm(.flag, "Count recipients by orig_to= where logged.")
    case .userCnt: pflogsumm(.limit, short: "u", "Top N in sender/recipient reports (0 = none).", value: "n")
    case .uucpMung: pflogsumm(.flag, short: "m", "Rewrite UUCP bang paths (host.dom!user@foo → foo!user@host.dom).")
    case .verboseMsgDetail: pflogsumm(.flag, "Full reasons in deferral, bounce and reject reports (no trimming).")
    case .verpMung: pflogsumm(.optionalInteger, "VERP sender munging: 1 (or no value) simple, 2 aggressive.", value: "n")
    case .version: argumentParserOwn(.flag, pflogsumm: true)
    case .warningDetail: pflogsumm(.limit, "Top N warnings per daemon (0 = no report).", value: "n")
    case .zeroFill: pflogsumm(.flag, "Show a row for every day with Postfix lines in the per-day table.")
    // postsumm's own.
    case .jobs: postsumm(.integer, short: "j", "Parse on N threads (default: all cores; 1 = sequential).", value: "n")
    case .referenceDate: postsumm(.string, "Take this as the current date (YYYY-MM-DD[THH:MM[:SS]]): for -d today/yesterday/…, and as the latest date a year-less (traditional syslog) stamp can mean, instead of each file's modification time. Makes reruns reproducible.", value: "date")
    case .format: postsumm(.string, "Format written to standard output: text (default), html, csv, json, or none (only the files asked for).", value: "format")
    case .output: postsumm(.string, short: "o", "Write a report to PATH, format from the name: .txt, .html or .json; a PATH ending in / or an existing directory gets the CSV tables (a .csv PATH is refused: CSV is a directory of tables). Repeatable.", value: "path")
    case .text: postsumm(.string, "Write the text report to PATH.", value: "path")
    case .html: postsumm(.string, "Write the HTML page to PATH.", value: "path")
    case .csv: postsumm(.string, "Write the CSV tables into directory DIR (made if missing).", value: "dir")
    case .json: postsumm(.string, "Write the JSON document to PATH.", value: "path")
    case .templateDir: postsumm(.string, "Read HTML templates from DIR instead of the built-in ones.", value: "dir")
    case .progress: postsumm(.flag, "Show progress on standard error even when it is not a terminal.")
    case .noProgress: postsumm(.flag, "Never show progress.")
    case .generatedAt: postsumm(.string, "Timestamp written into HTML and JSON (default: now; 'none' leaves it out).", value: "time")
    case .highVolume: postsumm(.integer, "Finding high-volume: a submitter with at least N recipients in one day (default 500).", value: "n")
    case .manyNetworks: postsumm(.integer, "Finding many-networks: a login used from at least N client networks (/24, /64) in one day (default 5).", value: "n")
    case .highBounceRecipients: postsumm(.integer, "Finding high-bounce: with at least N recipients (default 50) …", value: "n")
    case .highBouncePercent: postsumm(.integer, "… at least P percent of them bounced or remote-rejected (default 20).", value: "p")
    case .remoteBlocked: postsumm(.integer, "Finding remote-blocked: at least N remote replies citing a blocklist, spam or reputation (default 5).", value: "n")
    case .abuseStats: postsumm(.flag, "Who is sending, in the text report too (HTML, CSV and JSON always have it): the findings (flagged submitters and why), the submitters (SASL login, local uid, unauthenticated client; -u rows, default 100), SASL authentication failures and relay-denied rejects per client IP, and rejects by class.")
    case .saveAggregate: postsumm(.string, "Also save this run's aggregate to PATH (written whole, like the report files): everything counted, messages still in flight included, for a later run to merge. Aggregate files are accepted wherever log files are, in any order (docs/AGGREGATE.md).", value: "path")
    case .serverStats: postsumm(.flag, "Per syslog host, in the text report too (HTML, CSV and JSON always have it): Postfix lines, messages received, delivered, deferred, bounced and rejected, bytes received and delivered. For the logs of several servers read together; the hosts add up to the Grand Totals.")
    case .saveDaily: postsumm(.string, "Also save one aggregate per calendar day of the logs read: DIR/YYYY-MM-DD.psum (DIR made if missing; a day's file replaced). Messages crossing midnight are carried exactly: the days, given as inputs together, make this run's report.", value: "dir")
    case .generateCompletionScript: argumentParserOwn(.string, pflogsumm: false)
    }
  }

  /// The option with this exact long name (a configuration file key).
  static func spec(long: String) -> OptionSpec? { OptionName(rawValue: long).map(spec) }

  /// The option a (lower-cased, dashed) name means: an exact name, else the only name it is a
  /// prefix of (Getopt::Long's unique abbreviations).
  static func resolve(_ name: String) -> Resolution {
    if let exact = spec(long: name) { return .found(exact) }
    let matches = all.filter { $0.long.hasPrefix(name) }
    switch matches.count {
    case 0: return .unknown
    case 1: return .found(matches[0])
    default: return .ambiguous(matches.map(\.long))
    }
  }

  /// The option `name` (lower-cased, dashed) was most likely meant to be: one typo away (a
  /// letter wrong, missing, extra, or two swapped; two for names of eight letters or more),
  /// else nil. A wider net catches unrelated names: `bogus` is three edits from `jobs`.
  static func closest(to name: String) -> OptionSpec? {
    let allowed = name.count >= 8 ? 2 : 1
    let scored = all.map { ($0, editDistance(name, $0.long)) }.filter { $0.1 <= allowed }
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

  // MARK: For the declarations in CommandOptions

  /// `-h, --host-cnt`: the short name first, as `--help` lists them.
  static func names(_ name: OptionName) -> NameSpecification {
    let spec = spec(name)
    var names: [NameSpecification.Element] = []
    if let short = spec.short { names.append(.customShort(short)) }
    names.append(.customLong(spec.long))
    return NameSpecification(names)
  }

  static func help(_ name: OptionName) -> ArgumentHelp {
    let spec = spec(name)
    return ArgumentHelp(spec.help ?? "", valueName: spec.valueName)
  }
}
