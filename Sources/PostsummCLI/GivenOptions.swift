/// The options as given: each one's value on the command line, else in the configuration file
/// (`ConfigFile` has checked its values: booleans as "1"/"0", numbers, or "all" for a limit).
/// Settings reads every option through this, by its `OptionName` and its `CommandOptions`
/// property.
struct GivenOptions {
  var commandLine: CommandOptions
  var config: [OptionName: String]

  func flag(_ name: OptionName, _ property: KeyPath<CommandOptions, Bool>) -> Bool {
    commandLine[keyPath: property] || config[name] == "1"
  }

  func string(_ name: OptionName, _ property: KeyPath<CommandOptions, String?>) -> String? {
    commandLine[keyPath: property] ?? config[name]
  }

  func integer(_ name: OptionName, _ property: KeyPath<CommandOptions, Int?>) -> Int? {
    commandLine[keyPath: property] ?? config[name].flatMap { Int($0) }
  }

  /// A top-N limit: `given` false when neither gives it; `top` nil for all (`all`, or negative).
  func limit(_ name: OptionName, _ property: KeyPath<CommandOptions, Int?>) -> (top: Int?, given: Bool) {
    if let value = commandLine[keyPath: property] { return (value < 0 ? nil : value, true) }
    if let raw = config[name] { return (raw == "all" ? nil : Int(raw).map { $0 < 0 ? nil : $0 } ?? nil, true) }
    return (nil, false)
  }
}
