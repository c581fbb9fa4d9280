import Testing
import TestSupport

@testable import LogInput

/// The lines a read delivered (copied out of the borrowed buffers) and its outcome.
struct ReadResult {
  var lines: [[UInt8]]
  var outcome: ReadOutcome

  var strings: [String] { lines.map { String(decoding: $0, as: UTF8.self) } }
  var problem: InputProblem? { outcome.problems.first }
}

/// Reads `source` with a ``LineReader`` and copies every line.
func readLines(
  _ source: LogSource, range: ByteRange? = nil, maxLineLength: Int = 1 << 20, chunkSize: Int = 1 << 18,
  prefetch: Bool = true
) -> ReadResult {
  var lines: [[UInt8]] = []
  let reader = LineReader(
    source: source, range: range, maxLineLength: maxLineLength, chunkSize: chunkSize, prefetch: prefetch)
  let outcome = reader.forEachLine { lines.append(Array($0)) }
  return ReadResult(lines: lines, outcome: outcome)
}

func readLines(
  _ path: String, range: ByteRange? = nil, maxLineLength: Int = 1 << 20, chunkSize: Int = 1 << 18,
  prefetch: Bool = true
) -> ReadResult {
  readLines(.file(path), range: range, maxLineLength: maxLineLength, chunkSize: chunkSize, prefetch: prefetch)
}

/// Chunk sizes that put chunk boundaries everywhere: inside "\r\n", right after "\n", inside gzip headers.
let awkwardChunkSizes = [1, 2, 3, 7, 64, 4096, 1 << 18]

/// Log-like text with lines of varied length; deterministic for a seed.
func sampleLog(lines count: Int, seed: UInt64) -> [UInt8] {
  var random = SeededRandomNumberGenerator(seed: seed)
  var bytes: [UInt8] = []
  let words = ["postfix/smtpd[1234]:", "connect", "from", "mail.example.com[192.0.2.1]", "NOQUEUE:", "reject:",
               "RCPT", "status=sent", "to=<user@example.org>", "relay=local", "delay=0.1", "dsn=2.0.0"]
  for index in 0..<count {
    bytes.append(contentsOf: Array("Nov 26 23:\(index % 60):00 host ".utf8))
    for _ in 0..<Int.random(in: 1...12, using: &random) {
      bytes.append(contentsOf: Array(words[Int.random(in: 0..<words.count, using: &random)].utf8))
      bytes.append(0x20)
    }
    // Some noise keeps the gzip data from being too regular (a cut then lands mid-line, not mid-match).
    for _ in 0..<Int.random(in: 0...20, using: &random) {
      bytes.append(UInt8.random(in: 0x21...0x7E, using: &random))
    }
    bytes.append(0x0A)
  }
  return bytes
}
