import PostfixCore

/// `-x`/`--debug FILE`: how the input was classified, for finding lines postsumm misses.
enum DebugTrace {
  /// Nil when the file was written; else why not.
  static func write(_ summary: Summary, to path: String) -> OutputFailure? {
    let s = summary.lineStatsForDebug
    var text = """
      lines read:            \(s.total)
      undated:               \(s.undated)
      outside --date-range:  \(s.outOfRange)
      other programs:        \(s.otherPrograms)
      postfix lines:         \(s.postfix)
      unrecognised postfix:  \(s.unprocessed)
      overlong (skipped):    \(s.overlong)

      """
    do {
      let file = try AtomicFile(replacing: path)
      _ = text.withUTF8 { file.write(UnsafeRawBufferPointer($0)) }
      return file.publish()
    } catch {
      return error
    }
  }
}
