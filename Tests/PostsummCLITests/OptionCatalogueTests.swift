import ArgumentParser
import Foundation
import Testing

@testable import PostsummCLI

/// `OptionCatalogue` is the one description of every option: ArgumentParser's declarations, the
/// pflogsumm spellings, the configuration file and `--dump-config` must all agree with it.
@Suite("Option catalogue")
struct OptionCatalogueTests {
  /// One named argument as ArgumentParser describes it (`--experimental-dump-help`).
  struct DeclaredOption: Decodable {
    struct Name: Decodable {
      var kind: String
      var name: String
    }
    var kind: String
    var names: [Name]?
    var abstract: String?
    var valueName: String?
  }

  struct ToolInfo: Decodable {
    struct Command: Decodable { var arguments: [DeclaredOption] }
    var command: Command
  }

  /// The named arguments of `CommandOptions`, by long name.
  static func declaredOptions() throws -> [String: DeclaredOption] {
    var dump = ""
    do {
      _ = try CommandOptions.parse(["--experimental-dump-help"])
    } catch {
      dump = CommandOptions.fullMessage(for: error)
    }
    let info = try JSONDecoder().decode(ToolInfo.self, from: Data(dump.utf8))
    var byLong: [String: DeclaredOption] = [:]
    for argument in info.command.arguments where argument.kind != "positional" {
      let long = try #require(argument.names?.first { $0.kind == "long" }?.name, "an option without a long name")
      byLong[long] = argument
    }
    return byLong
  }

  /// The options ArgumentParser adds itself (`--help`, `--version`; `--generate-completion-script`
  /// is not in its dump) carry no help text in the catalogue.
  static let argumentParsersOwn: Set<OptionName> = [.help, .version, .generateCompletionScript]

  @Test("ArgumentParser declares exactly the catalogue's options")
  func sameOptions() throws {
    let declared = Set(try Self.declaredOptions().keys)
    let catalogued = Set(OptionCatalogue.all.map(\.long)).subtracting([OptionName.generateCompletionScript.rawValue])
    #expect(declared.subtracting(catalogued).sorted() == [], "declared in CommandOptions but not in OptionCatalogue")
    #expect(catalogued.subtracting(declared).sorted() == [], "in OptionCatalogue but not declared in CommandOptions")
  }

  @Test("each declaration has the catalogue's names, help and kind", arguments: OptionCatalogue.all)
  func declarationMatches(_ spec: OptionSpec) throws {
    guard spec.name != .generateCompletionScript else { return }
    let declared = try #require(try Self.declaredOptions()[spec.long])
    let names = (declared.names ?? []).map { ($0.kind == "short" ? "-" : "--") + $0.name }
    #expect(names == (spec.short.map { ["-\($0)"] } ?? []) + ["--\(spec.long)"])
    #expect((declared.kind == "flag") == (spec.kind == .flag), "\(spec.long): flag in one, option in the other")
    if Self.argumentParsersOwn.contains(spec.name) {
      #expect(spec.help == nil)
    } else {
      #expect(declared.abstract == spec.help)
      if spec.kind != .flag { #expect(declared.valueName == spec.valueName) }
    }
  }

  @Test("--generate-completion-script is ArgumentParser's")
  func completionScript() throws {
    let normalized = try ArgumentNormalizer.normalize(["--generate-completion-script", "bash"])
    do {
      _ = try CommandOptions.parse(normalized.arguments)
      Issue.record("no completion script")
    } catch {
      #expect(CommandOptions.exitCode(for: error) == .success)
      #expect(CommandOptions.fullMessage(for: error).contains("postsumm"))
    }
  }

  @Test("pflogsumm's spellings of every option come out as its long name", arguments: OptionCatalogue.all)
  func pflogsummSpellings(_ spec: OptionSpec) throws {
    let underscored = spec.long.uppercased().replacingOccurrences(of: "-", with: "_")
    // `--verp-mung [n]` takes its optional number into the option.
    let canonical = spec.kind == .optionalInteger ? "--\(spec.long)=1" : "--\(spec.long)"
    for spelling in ["--\(spec.long)", "-\(spec.long)", "--\(underscored)"] {
      let value = spec.kind == .flag ? [] : ["1"]
      let normalized = try ArgumentNormalizer.normalize([spelling] + value)
      #expect(normalized.arguments.first == canonical, "\(spelling)")
    }
  }

  @Test("every option is a configuration file key", arguments: OptionCatalogue.all)
  func configKey(_ spec: OptionSpec) {
    let value = spec.kind == .flag ? "yes" : spec.kind == .string ? "x" : "3"
    let config = ConfigFile.parse("\(spec.long) = \(value)\n")
    #expect(config.warnings == [])
    #expect(config.values[spec.name] == (spec.kind == .flag ? "1" : value))
  }

  @Test("--dump-config shows pflogsumm's options and no others")
  func dumpKeys() throws {
    let cli = try CommandOptions.parse([])
    let settings = try Settings.resolve(cli, config: ConfigFile(), clock: { LocalTime.parse("2026-11-23")! }, cores: 1)
    let pflogsumms = Set(OptionCatalogue.all.filter(\.pflogsumm).map(\.name)).subtracting([.dumpConfig])
    #expect(Set(settings.dumpValues.keys) == pflogsumms)
  }

  @Test("--dump-config shows bundled short switches as in effect")
  func dumpBundledSwitches() throws {
    let normalized = try ArgumentNormalizer.normalize(["-eq", "--dump-config"])
    let cli = try CommandOptions.parse(normalized.arguments)
    let settings = try Settings.resolve(cli, config: ConfigFile(), clock: { LocalTime.parse("2026-11-23")! }, cores: 1)
    #expect(settings.dumpValues[.extendedDetail] == "true")
    #expect(settings.dumpValues[.quiet] == "true")
    #expect(settings.dumpValues[.ignoreCase] == "")
  }
}
