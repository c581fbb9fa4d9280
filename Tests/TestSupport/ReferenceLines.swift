/// What the lines of `bytes` are by definition, computed the slow obvious way: split at "\n", strip one "\r" at the
/// end of each line, keep a final unterminated line, and leave out lines longer than `maxLineLength`. The reader's
/// tests and its fuzz target compare `LineReader` with this.
public func referenceLines(_ bytes: some Sequence<UInt8>, maxLineLength: Int = .max) -> (lines: [[UInt8]], overlong: Int) {
  var lines: [[UInt8]] = []
  var overlong = 0
  var current: [UInt8] = []
  func finishLine() {
    if current.last == 0x0D { current.removeLast() }
    if current.count > maxLineLength { overlong += 1 } else { lines.append(current) }
    current = []
  }
  for byte in bytes {
    if byte == 0x0A { finishLine() } else { current.append(byte) }
  }
  if !current.isEmpty { finishLine() }
  return (lines, overlong)
}
