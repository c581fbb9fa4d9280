import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@testable import LogInput

@Suite("Opening and inspecting sources")
struct SourceTests {
  @Test("a gzip file's expected log bytes come from its trailer; a plain file's from its size")
  func expectedLogBytes() throws {
    let directory = try TemporaryDirectory()
    let text = String(repeating: "Nov 24 10:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n", count: 2000)
    let gz = try directory.write(GzipWriter.compress(text), to: "mail.log.2.gz")
    let plain = try directory.write(Array(text.utf8), to: "mail.log")
    let gzInfo = try inspect(.file(gz)).get()
    #expect(gzInfo.gzipTrailerSize == Int64(text.utf8.count))
    #expect(gzInfo.expectedLogBytes == Int64(text.utf8.count))
    let plainInfo = try inspect(.file(plain)).get()
    #expect(plainInfo.gzipTrailerSize == nil)
    #expect(plainInfo.expectedLogBytes == Int64(text.utf8.count))
    // A trailer that understates (a wrapped size, or a multi-member file's last member) never goes below the
    // compressed size.
    let understated = SourceInfo(compression: .gzip, modificationTime: nil, byteSize: 5000, isRegularFile: true, gzipTrailerSize: 10)
    #expect(understated.expectedLogBytes == 5000)
  }

  @Test("a missing file is a cannotOpen problem with the system's words")
  func missingFile() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path("mail.log.3.gz")
    let result = readLines(path)
    #expect(result.lines.isEmpty)
    #expect(result.outcome.problems == [InputProblem(source: path, kind: .cannotOpen, detail: "No such file or directory")])
    #expect(result.problem?.description == "\(path): No such file or directory")
    #expect(inspect(.file(path)) == .failure(InputProblem(source: path, kind: .cannotOpen, detail: "No such file or directory")))
  }

  @Test("a directory is a cannotOpen problem")
  func directoryInput() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.makeDirectory("logs")
    #expect(readLines(path).outcome.problems == [InputProblem(source: path, kind: .cannotOpen, detail: "Is a directory")])
    #expect(inspect(.file(path)) == .failure(InputProblem(source: path, kind: .cannotOpen, detail: "Is a directory")))
  }

  @Test("an unreadable file is a cannotOpen problem", .disabled(if: getuid() == 0, "root can read anything"))
  func unreadableFile() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("secret\n", to: "secret.log")
    #expect(chmod(path, 0) == 0)
    #expect(readLines(path).outcome.problems == [InputProblem(source: path, kind: .cannotOpen, detail: "Permission denied")])
  }

  @Test("inspect reports compression, size and mtime without consuming anything")
  func inspectFile() throws {
    let directory = try TemporaryDirectory()
    let gzip = GzipWriter.compress("hello\n")
    let path = try directory.write(gzip, to: "mail.log.1")
    var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_123, tv_nsec: 0)]
    #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)

    let info = try inspect(.file(path)).get()
    #expect(info.compression == .gzip)
    #expect(info.byteSize == Int64(gzip.count))
    #expect(info.modificationTime == 1_700_000_123)
    #expect(info.isRegularFile)
    #expect(!info.isSplittable)

    let plain = try inspect(.file(try directory.write("x\n", to: "plain.gz"))).get()
    #expect(plain.compression == .none)
    #expect(plain.isSplittable)
    #expect(try inspect(.file(try directory.write([], to: "empty"))).get().byteSize == 0)
  }

  @Test("standard input is named \"-\" and has no path")
  func standardInputName() {
    #expect(LogSource.standardInput.displayName == "-")
    #expect(LogSource.standardInput.path == nil)
    #expect(LogSource.file("-") != LogSource.standardInput)
    #expect(LogSource.file("/var/log/mail.log").path == "/var/log/mail.log")
    #expect(LogSource.file("/var/log/mail.log").displayName == "/var/log/mail.log")
  }

  @Test("a pipe (how standard input usually arrives) is read and sniffed like a file", arguments: [false, true])
  func pipeInput(compressed: Bool) throws {
    let text = sampleLog(lines: 20_000, seed: 11)
    let payload = compressed ? GzipWriter.compress(text) : text
    var descriptors: [Int32] = [0, 0]
    #expect(pipe(&descriptors) == 0)
    let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
    defer { close(readEnd) }

    let writer = JoinableThread {
      payload.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
          // Safe: offset < count, so the buffer is not empty.
          let written = write(writeEnd, buffer.baseAddress! + offset, min(4096, buffer.count - offset))
          if written <= 0 { break }
          offset += written
        }
      }
      close(writeEnd)
    }
    let source = LogSource.descriptor(readEnd, displayName: "-")
    let result = readLines(source, chunkSize: 3000)
    writer.join()

    #expect(result.lines == referenceLines(text).lines)
    #expect(result.outcome.bytes == Int64(text.count))
    #expect(result.outcome.compressedBytes == Int64(payload.count))
    #expect(result.outcome.problems.isEmpty)
  }

  @Test("inspecting a pipe does not consume it")
  func inspectPipe() throws {
    var descriptors: [Int32] = [0, 0]
    #expect(pipe(&descriptors) == 0)
    defer { close(descriptors[0]) }
    let bytes = GzipWriter.compress("piped\n")
    #expect(bytes.withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) } == bytes.count)
    close(descriptors[1])

    let source = LogSource.descriptor(descriptors[0], displayName: "-")
    let info = try inspect(source).get()
    #expect(info.compression == .none)  // unknown until read; the reader sniffs it
    #expect(!info.isRegularFile)
    #expect(info.byteSize == nil)
    #expect(info.modificationTime == nil)
    #expect(readLines(source).strings == ["piped"])
  }
}

/// A joinable thread for feeding pipes; Foundation's Thread cannot be joined.
private final class JoinableThread: @unchecked Sendable {
  // @unchecked Sendable: `handle` is written once before the thread starts and read only by join().
  private var handle = pthread_t()
  private let work: @Sendable () -> Void

  init(_ work: @escaping @Sendable () -> Void) {
    self.work = work
    let context = Unmanaged.passRetained(self).toOpaque()
    let status = pthread_create(&handle, nil, { context in
      // Safe: the context passed below is never nil.
      let thread = Unmanaged<JoinableThread>.fromOpaque(context!).takeRetainedValue()
      thread.work()
      return nil
    }, context)
    precondition(status == 0, "pthread_create failed")
  }

  func join() {
    pthread_join(handle, nil)
  }
}
