// libFuzzer harness (c): the whole program on small inputs (PostsummCommand.run, two files, every
// format, --jobs 1 against --jobs 2). The target itself is
// Tests/PostsummCLITests/FuzzTargets/PipelineTarget.swift (shared with FuzzRegressionTests).
// Built and run by scripts/fuzz.sh; see docs/FUZZING.md.
import Glibc

private let scratch: String = {
  let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
  let path = "\(dir)/postsumm-fuzz-pipeline-\(getpid())"
  mkdir(path, 0o700)
  return path
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func pipelineFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  if let failure = FuzzTargets.pipeline(UnsafeBufferPointer(start: data, count: size), scratch: scratch) {
    fatalError(failure)
  }
  return 0
}
