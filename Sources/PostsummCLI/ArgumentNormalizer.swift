/// Rewrites a pflogsumm-style command line into the canonical spelling the argument parser
/// knows, so that every spelling in pflogsumm's documentation and in Debian's cron examples
/// works: `--problems_first` (with pflogsumm 1.3.0's deprecation notice in the report),
/// `-problems-first` and `-help` (one dash), unique abbreviations (`--host 2`), any case
/// (`--ISO`, `-H 3`), `--opt=value`, and `--verp-mung` with or without a number.
struct ArgumentNormalizer {
  struct Result {
    var arguments: [String]
    /// `Option "--problems_first" deprecated, use "--problems-first" instead`, in order.
    var notices: [String]
  }

  enum Failure: Error, Equatable {
    case ambiguous(String, [String])
    /// An option no spelling names, with the closest one when it is close (`--jsno` →
    /// `--json`; `--bogus` has none).
    case unknown(String, suggestion: String?)
  }

  static func normalize(_ args: [String]) throws -> Result {
    var out: [String] = []
    var notices: [String] = []
    var seenUnderscore: Set<String> = []
    var i = 0
    while i < args.count {
      let arg = args[i]
      i += 1
      if arg == "--" {
        out.append(contentsOf: args[(i - 1)...])
        break
      }
      guard arg.hasPrefix("-"), arg.count > 1, arg != "-" else {
        out.append(arg)
        continue
      }
      let doubleDash = arg.hasPrefix("--")
      let body = String(arg.dropFirst(doubleDash ? 2 : 1))
      var name = body
      var value: String?
      if let eq = body.firstIndex(of: "=") {
        name = String(body[..<eq])
        value = String(body[body.index(after: eq)...])
      }
      // Single letters stay short options (case-folded: Getopt::Long ignores case).
      if !doubleDash && name.count == 1 {
        let lower = name.lowercased()
        if OptionCatalogue.all.contains(where: { $0.short.map(String.init) == lower }) {
          out.append("-" + lower + (value.map { "=" + $0 } ?? ""))
        } else {
          out.append(arg)
        }
        continue
      }
      // One dash and several letters: a long option if it names one, else leave it to the
      // parser (combined short flags like -eq).
      var dashed = name.lowercased().replacingOccurrences(of: "_", with: "-")
      switch OptionCatalogue.resolve(dashed) {
      case .found(let spec):
        dashed = spec.long
        // pflogsumm 1.3.0 prints this notice in the report for "--" spellings with underscores.
        if doubleDash && name.contains("_") && !seenUnderscore.contains(name) {
          seenUnderscore.insert(name)
          let typed = name.replacingOccurrences(of: "_", with: "-")
          notices.append("Option \"\(arg)\" deprecated, use \"--\(typed)\(value != nil ? "=" : "")\" instead")
        }
        if spec.kind == .optionalInteger && value == nil {
          if i < args.count, Int(args[i]) != nil {
            value = args[i]
            i += 1
          } else {
            // Getopt's `:i` gives 0 when the number is left out; any defined value turns
            // munging on, and only values above 1 make it aggressive.
            value = "0"
          }
        }
        out.append("--" + dashed + (value.map { "=" + $0 } ?? ""))
      case .ambiguous(let names):
        if doubleDash { throw Failure.ambiguous(arg, names) }
        out.append(arg)
      case .unknown:
        // One dash and a first letter that is no short option: a long option with one dash
        // (pflogsumm's `-problems-first`) that does not exist. Else short flags (`-eq`).
        let isShortFlags = !doubleDash && OptionCatalogue.all.contains { $0.short.map(String.init) == String(dashed.prefix(1)) }
        if isShortFlags {
          out.append(arg)
        } else {
          throw Failure.unknown(doubleDash ? "--" + name : "-" + name, suggestion: OptionCatalogue.closest(to: dashed).map { "--" + $0.long })
        }
      }
    }
    return Result(arguments: out, notices: notices)
  }
}
