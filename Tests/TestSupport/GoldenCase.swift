import Foundation

/// One line of `Fixtures/golden/cases.tsv`: an input, a reference date and pflogsumm
/// arguments, with pflogsumm 1.3.0's output in `<id>.pflogsumm.txt` and, where postsumm is
/// right and pflogsumm is not (docs/DIFFERENCES.md), postsumm's corrected output in `<id>.txt`.
public struct GoldenCase: Sendable, CustomStringConvertible {
  public var id: String
  /// Paths relative to `Fixtures/`; a directory means all its files.
  public var inputs: [String]
  /// `YYYY-MM-DDTHH:MM:SS`, the clock pflogsumm ran under.
  public var now: String
  public var arguments: [String]

  public var description: String { id }

  public static let all: [GoldenCase] = load()

  static func load() -> [GoldenCase] {
    guard let text = FixturePaths.read("golden/cases.tsv") else { return [] }
    var cases: [GoldenCase] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      if line.hasPrefix("#") { continue }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count >= 3, !fields[0].isEmpty else { continue }
      cases.append(
        GoldenCase(
          id: fields[0], inputs: fields[1].split(separator: " ").map(String.init), now: fields[2],
          arguments: fields.count > 3 ? shellWords(fields[3]) : []))
    }
    return cases
  }

  /// Splits on spaces; single quotes group words.
  public static func shellWords(_ s: String) -> [String] {
    var words: [String] = []
    var current = ""
    var inQuote = false
    var started = false
    for c in s {
      if c == "'" {
        inQuote.toggle()
        started = true
      } else if c == " " && !inQuote {
        if started { words.append(current) }
        current = ""
        started = false
      } else {
        current.append(c)
        started = true
      }
    }
    if started { words.append(current) }
    return words
  }

  /// The input files, each directory expanded in listing order.
  public var inputFiles: [String] {
    inputs.flatMap { input -> [String] in
      var isDir: ObjCBool = false
      let p = FixturePaths.path(input)
      if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue {
        return FixturePaths.files(in: input)
      }
      return [p]
    }
  }

  /// pflogsumm's arguments with relative paths (`--config`) made absolute.
  public var resolvedArguments: [String] {
    var out: [String] = []
    var i = 0
    while i < arguments.count {
      let a = arguments[i]
      if a == "--config", i + 1 < arguments.count {
        out += [a, FixturePaths.path(arguments[i + 1])]
        i += 2
        continue
      }
      if a.hasPrefix("--config=") {
        out.append("--config=" + FixturePaths.path(String(a.dropFirst(9))))
        i += 1
        continue
      }
      out.append(a)
      i += 1
    }
    return out
  }

  public var pflogsummOutput: String? { Self.readGolden("golden/\(id).pflogsumm.txt") }
  /// postsumm's own golden where it differs from pflogsumm.
  public var correctedOutput: String? { Self.readGolden("golden/\(id).txt") }

  /// Goldens are stored gzipped (`NAME.gz`) to keep the repository small.
  static func readGolden(_ relative: String) -> String? {
    guard let data = FileManager.default.contents(atPath: FixturePaths.path(relative + ".gz")),
      let bytes = Gunzip.decompress(Array(data))
    else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }
  public var expectedOutput: String? { correctedOutput ?? pflogsummOutput }
}
