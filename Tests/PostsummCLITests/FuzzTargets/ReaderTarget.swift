// Fuzz target (b): the reader — gzip (by magic bytes, multi-member, damaged) and plain. Shared by
// the libFuzzer harness (Fuzz/GzipReaderFuzz.swift) and FuzzRegressionTests.
//
// Input: 4 control bytes, then the file's bytes (gzip or not: the reader decides by content).
// The file is read through `LineReader` several ways, and they must agree:
//   - with the default chunk size, and with a tiny one (1–64 bytes, so every line, gzip header
//     and member boundary crosses chunks), with and without the prefetch thread: same lines,
//     same counts, same problems;
//   - from a pipe (the sniffed-prefix path standard input takes): same again;
//   - for plain data: the lines equal an independent reference split ("\n", one "\r" stripped,
//     lines over the limit skipped and counted), and two byte ranges cut at any offset read
//     every line exactly once.
#if canImport(Glibc)
  import Glibc
#endif

import TestSupport

@testable import LogInput

extension FuzzTargets {
  /// Runs one input, using `scratchFile` as the file to read; nil when every check held.
  static func reader(_ input: UnsafeBufferPointer<UInt8>, scratchFile: String) -> String? {
    var c: [UInt8] = [0, 0, 0, 0]
    for k in 0..<min(4, input.count) { c[k] = input[k] }
    let body = UnsafeBufferPointer(rebasing: input[min(4, input.count)...])
    guard writeFile(scratchFile, body) else { return "cannot write \(scratchFile)" }
    defer { unlink(scratchFile) }

    let limits = [1 << 20, 0, 1, 7, 64, 200, 4096, 1 << 20]
    let maxLine = limits[Int(c[1] & 7)]
    let tinyChunk = 1 + Int(c[0] & 63)
    var failure: String?

    func read(_ reader: LineReader) -> ([[UInt8]], ReadOutcome) {
      var lines: [[UInt8]] = []
      let outcome = reader.forEachLine { line in
        if line.count > reader.maxLineLength { failure = failure ?? "line of \(line.count) > limit \(reader.maxLineLength)" }
        if line.contains(0x0A) { failure = failure ?? "a delivered line contains a newline" }
        lines.append(Array(line))
      }
      return (lines, outcome)
    }

    let source = LogSource.file(scratchFile)
    let reference = read(LineReader(source: source, maxLineLength: maxLine, prefetch: false))
    let tiny = read(LineReader(source: source, maxLineLength: maxLine, chunkSize: tinyChunk, prefetch: c[0] & 0x40 != 0))
    if let f = failure ?? difference(reference, tiny, "chunk size \(tinyChunk)") { return f }

    if body.count < 32 * 1024 {
      // A pipe, as standard input is read: small enough to write whole before reading.
      var fds: [Int32] = [0, 0]
      guard pipe(&fds) == 0 else { return "pipe failed" }
      var off = 0
      while off < body.count {
        let n = write(fds[1], body.baseAddress! + off, body.count - off)  // Safe: off < count, so not empty.
        if n <= 0 { return "write to pipe failed" }
        off += n
      }
      close(fds[1])
      let piped = read(
        LineReader(
          source: .descriptor(fds[0], displayName: scratchFile), maxLineLength: maxLine, chunkSize: tinyChunk,
          prefetch: c[0] & 0x80 != 0))
      close(fds[0])
      if let f = failure ?? difference(reference, piped, "a pipe") { return f }
    }

    let isGzip = body.count >= 2 && body[0] == 0x1F && body[1] == 0x8B
    if !isGzip {
      let expected = referenceLines(body, maxLineLength: maxLine)
      if reference.0 != expected.lines || reference.1.overlongLines != expected.overlong
        || reference.1.lines != expected.lines.count || reference.1.bytes != Int64(body.count)
      {
        return "plain read differs from the reference split: \(reference.1) vs \(expected.lines.count) lines, \(expected.overlong) overlong"
      }
      // Two byte ranges cut anywhere: every line exactly once.
      let cut = Int64(Int(c[2]) << 8 | Int(c[3])) % Int64(body.count + 1)
      let first = read(
        LineReader(
          source: source, range: ByteRange(lowerBound: 0, upperBound: cut), maxLineLength: maxLine, chunkSize: tinyChunk,
          prefetch: false))
      let second = read(
        LineReader(
          source: source, range: ByteRange(lowerBound: cut, upperBound: Int64(body.count)), maxLineLength: maxLine,
          chunkSize: tinyChunk, prefetch: c[0] & 0x40 != 0))
      let joined = ReadOutcome.concatenating([first.1, second.1])
      if first.0 + second.0 != reference.0 || joined.lines != reference.1.lines || joined.bytes != reference.1.bytes
        || joined.overlongLines != reference.1.overlongLines || joined.problems != reference.1.problems
      {
        return "ranges cut at \(cut) read \(first.0.count)+\(second.0.count) lines, the whole file \(reference.0.count)"
      }
    }
    return failure
  }

  private static func difference(_ a: ([[UInt8]], ReadOutcome), _ b: ([[UInt8]], ReadOutcome), _ how: String) -> String? {
    let same =
      a.0 == b.0 && a.1.lines == b.1.lines && a.1.bytes == b.1.bytes && a.1.overlongLines == b.1.overlongLines
      && a.1.problems.map(\.description) == b.1.problems.map(\.description)
    if same { return nil }
    return "reading with \(how) differs: \(a.0.count) vs \(b.0.count) lines; "
      + "\(a.1.problems.map(\.description)) vs \(b.1.problems.map(\.description)); \(a.1) vs \(b.1)"
  }


  private static func writeFile(_ path: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var off = 0
    while off < bytes.count {
      let n = write(fd, bytes.baseAddress! + off, bytes.count - off)  // Safe: off < count, so not empty.
      if n <= 0 { return false }
      off += n
    }
    return true
  }
}
