// libFuzzer harness (d): the aggregate reader — a saved file or a bare payload read, saved again,
// merged, reported and rendered. The target itself is
// Tests/PostsummCLITests/FuzzTargets/AggregateReaderTarget.swift (shared with FuzzRegressionTests).
// Built and run by scripts/fuzz.sh; see docs/FUZZING.md.
@_cdecl("LLVMFuzzerTestOneInput")
public func aggregateReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  if let failure = FuzzTargets.aggregateReader(UnsafeBufferPointer(start: data, count: size)) {
    fatalError(failure)
  }
  return 0
}
