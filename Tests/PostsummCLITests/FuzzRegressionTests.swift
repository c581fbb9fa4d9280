import Foundation
import Testing
import TestSupport

/// Every input the fuzzers found a problem with (`Fixtures/fuzz-regressions/HARNESS/`, see the
/// README there and docs/FUZZING.md), replayed through the same targets the libFuzzer harnesses
/// run (`FuzzTargets/`), in the normal test binary: each must now pass every check of its target.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
  static func inputs(_ harness: String) -> [String] {
    FixturePaths.files(in: "fuzz-regressions/" + harness).filter { !$0.hasSuffix(".md") }
  }

  static func bytes(_ path: String) throws -> [UInt8] {
    [UInt8](try #require(FileManager.default.contents(atPath: path)))
  }

  @Test("the regression corpus is there")
  func corpusPresent() {
    #expect(!Self.inputs("lineparser").isEmpty)
  }

  @Test("line parser", .timeLimit(.minutes(1)), arguments: inputs("lineparser"))
  func lineParser(_ path: String) throws {
    let failure = try Self.bytes(path).withUnsafeBufferPointer { FuzzTargets.lineParser($0) }
    #expect(failure == nil, "\(path): \(failure ?? "")")
  }

  @Test("reader", .timeLimit(.minutes(1)), arguments: inputs("gzipreader"))
  func reader(_ path: String) throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-fuzz-reader")
    let failure = try Self.bytes(path).withUnsafeBufferPointer { FuzzTargets.reader($0, scratchFile: dir.path("input")) }
    #expect(failure == nil, "\(path): \(failure ?? "")")
  }

  @Test("aggregate reader", .timeLimit(.minutes(1)), arguments: inputs("aggregatereader"))
  func aggregateReader(_ path: String) throws {
    let failure = try Self.bytes(path).withUnsafeBufferPointer { FuzzTargets.aggregateReader($0) }
    #expect(failure == nil, "\(path): \(failure ?? "")")
  }

  @Test("whole pipeline", .timeLimit(.minutes(1)), arguments: inputs("pipeline"))
  func pipeline(_ path: String) throws {
    let dir = try TemporaryDirectory(prefix: "postsumm-fuzz-pipeline")
    let failure = try Self.bytes(path).withUnsafeBufferPointer { FuzzTargets.pipeline($0, scratch: dir.path) }
    #expect(failure == nil, "\(path): \(failure ?? "")")
  }
}
