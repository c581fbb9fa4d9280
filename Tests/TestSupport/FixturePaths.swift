import Foundation

/// Where the repository's `Fixtures/` directory is, found from this file's own path so tests
/// work from any working directory.
public enum FixturePaths {
  public static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    // Tests/TestSupport/FixturePaths.swift → repository root
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  public static let fixtures = root + "/Fixtures"

  public static func path(_ relative: String) -> String { fixtures + "/" + relative }

  /// The files of a fixture directory in directory-listing order (never rotation order: the
  /// tool must sort them itself).
  public static func files(in relative: String) -> [String] {
    let dir = path(relative)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
  }

  public static func read(_ relative: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path(relative)) else { return nil }
    return String(decoding: data, as: UTF8.self)
  }
}
