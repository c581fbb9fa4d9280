/// What postsumm knows about one option, stated once in `OptionCatalogue`.
struct OptionSpec: Sendable {
  /// What kind of value an option takes: how the Getopt-style argument rewriting, the
  /// configuration file and `--dump-config` read and show it.
  enum Kind: Equatable, Sendable {
    /// A switch.
    case flag
    /// A top-N limit (`none` = 0, `all` = unlimited in config files).
    case limit
    case integer
    case string
    /// `--verp-mung [n]`: the value may be left out.
    case optionalInteger
  }

  var name: OptionName
  var kind: Kind
  var short: Character?
  /// Part of pflogsumm 1.3.0's option set (shown by `--dump-config`).
  var pflogsumm: Bool
  /// The `--help` line; nil for ArgumentParser's own options (`--help`, `--version`,
  /// `--generate-completion-script`), which ArgumentParser declares and describes itself.
  var help: String?
  /// The value's placeholder in `--help` (`<n>`), for options that take one.
  var valueName: String?

  /// `--long-name`, without the dashes; also the configuration file key.
  var long: String { name.rawValue }
}
