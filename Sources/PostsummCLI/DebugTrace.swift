import Foundation
import PostfixCore

/// `-x`/`--debug FILE`: how the input was classified, for finding lines postsumm misses.
enum DebugTrace {
  static func write(_ summary: Summary, to path: String) {
    let s = summary.lineStatsForDebug
    let text = """
      lines read:            \(s.total)
      undated:               \(s.undated)
      outside --date-range:  \(s.outOfRange)
      other programs:        \(s.otherPrograms)
      postfix lines:         \(s.postfix)
      unrecognised postfix:  \(s.unprocessed)
      overlong (skipped):    \(s.overlong)

      """
    if !FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) {
      Diagnostics.warn("\(path): cannot write debug trace")
    }
  }
}
