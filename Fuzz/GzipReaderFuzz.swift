// libFuzzer harness (b): the reader (LineReader on gzip and plain data, tiny chunks, pipes, byte
// ranges). The target itself is Tests/PostsummCLITests/FuzzTargets/ReaderTarget.swift (shared
// with FuzzRegressionTests). Built and run by scripts/fuzz.sh; see docs/FUZZING.md.
import Glibc

private let scratchFile: String = {
  let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
  return "\(dir)/postsumm-fuzz-reader-\(getpid())"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func gzipReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  if let failure = FuzzTargets.reader(UnsafeBufferPointer(start: data, count: size), scratchFile: scratchFile) {
    fatalError(failure)
  }
  return 0
}
