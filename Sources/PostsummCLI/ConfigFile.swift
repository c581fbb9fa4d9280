import Foundation
import LogInput

/// pflogsumm 1.3.0's configuration file (Config::Simple "simple INI"): `key = value` lines,
/// `#` comments, optional quotes, keys named like the long options without `--`.
///
/// Unlike pflogsumm 1.3.0 (PFLOGSUMM.md §1.4): `no`/`false`/`0` switch a boolean *off* (1.3.0
/// switches it on), `0` is a valid limit (1.3.0 rejects it), and `--config=FILE` works.
struct ConfigFile {
  /// Option → raw value (booleans as "1"/"0").
  var values: [OptionName: String] = [:]
  /// Complaints for stderr, in file order.
  var warnings: [String] = []

  enum Failure: Error {
    case unreadable(String, String)
  }

  /// Reads and parses `path`; `Failure.unreadable` carries the system's reason.
  static func load(path: String) throws -> ConfigFile {
    guard let file = fopen(path, "r") else { throw Failure.unreadable(path, SystemError.current.message) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = fread(&chunk, 1, chunk.count, file)
      bytes.append(contentsOf: chunk[..<n])
      if n < chunk.count {
        if ferror(file) != 0 { throw Failure.unreadable(path, SystemError.current.message) }
        break
      }
    }
    return parse(String(decoding: bytes, as: UTF8.self))
  }

  static func parse(_ text: String) -> ConfigFile {
    var config = ConfigFile()
    var section = "default"
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.hasSuffix("\r") { line.removeLast() }
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("["), line.hasSuffix("]") {
        section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        continue
      }
      guard let eq = line.firstIndex(of: "=") else {
        config.warnings.append("Ignoring unparsable config line: \(line)")
        continue
      }
      let key = line[..<eq].trimmingCharacters(in: .whitespaces)
      var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
        value = String(value.dropFirst().dropLast())
      }
      guard section == "default" else {
        config.warnings.append("Ignoring unsupported config section key: \(section).\(key)")
        continue
      }
      guard let spec = OptionCatalogue.spec(long: key) else {
        config.warnings.append("Ignoring unknown option in config file: \(key)")
        continue
      }
      switch spec.kind {
      case .flag:
        switch value.lowercased() {
        case "yes", "true", "1", "on": config.values[spec.name] = "1"
        case "no", "false", "0", "off": config.values[spec.name] = "0"
        default: config.warnings.append("Ignoring invalid boolean for \(key): \(value)")
        }
      case .limit:
        switch value.lowercased() {
        case "none": config.values[spec.name] = "0"
        case "all": config.values[spec.name] = "all"
        default:
          if Int(value) != nil {
            config.values[spec.name] = value
          } else {
            config.warnings.append("Ignoring invalid integer for \(key): \(value)")
          }
        }
      case .integer, .optionalInteger:
        if Int(value) != nil {
          config.values[spec.name] = value
        } else {
          config.warnings.append("Ignoring invalid integer for \(key): \(value)")
        }
      case .string:
        config.values[spec.name] = value
      }
    }
    return config
  }
}
