// libFuzzer harness (a): the line parser — ShardParser, ReportBuilder, text and JSON renderers,
// and split-and-merge against one pass. The target itself is
// Tests/PostsummCLITests/FuzzTargets/LineParserTarget.swift (shared with FuzzRegressionTests).
// Built and run by scripts/fuzz.sh; see docs/FUZZING.md.
@_cdecl("LLVMFuzzerTestOneInput")
public func lineParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  if let failure = FuzzTargets.lineParser(UnsafeBufferPointer(start: data, count: size)) {
    fatalError(failure)
  }
  return 0
}
