import LogInput
import PostfixCore

/// The parsers a shard's lines go through: the report's and, when the HTML page needs whole
/// texts, a second one with `--colwidth` off (`Summaries`). Both see every line; the second
/// costs a second parse, but no second read or decompression of the files.
struct ShardParsers {
  var main: ShardParser
  var fullText: ShardParser?

  init(options: ParseOptionSet, anchor: LogTimeAnchor, startYearAdjustment: Int = 0, hasPredecessor: Bool) {
    main = ShardParser(options: options.main, anchor: anchor, startYearAdjustment: startYearAdjustment, hasPredecessor: hasPredecessor)
    fullText = options.fullText.map {
      ShardParser(options: $0, anchor: anchor, startYearAdjustment: startYearAdjustment, hasPredecessor: hasPredecessor)
    }
  }

  /// These parsers continue `summaries` (see `ShardParser.init(options:anchor:startYearAdjustment:continuing:)`).
  init(options: ParseOptionSet, anchor: LogTimeAnchor, startYearAdjustment: Int = 0, continuing summaries: consuming Summaries) {
    let fullTextSummary = summaries.fullText.take()
    main = ShardParser(options: options.main, anchor: anchor, startYearAdjustment: startYearAdjustment, continuing: summaries.main)
    if let fullTextOptions = options.fullText, let fullTextSummary {
      fullText = ShardParser(
        options: fullTextOptions, anchor: anchor, startYearAdjustment: startYearAdjustment, continuing: fullTextSummary)
    }
  }

  mutating func consume(_ line: UnsafeBufferPointer<UInt8>) {
    main.consume(line)
    fullText?.consume(line)
  }

  /// Both parsers date the lines alike, so the report's parser answers for both.
  var yearsFitAnchor: Bool { main.yearsFitAnchor }

  /// Receives the lines no rule read (the report's parser's: the second sees the same lines).
  var unprocessedSink: ((UnsafeBufferPointer<UInt8>) -> Void)? {
    get { main.unprocessedSink }
    set { main.unprocessedSink = newValue }
  }

  var summaries: Summaries { Summaries(main: main.summary, fullText: fullText?.summary) }
}
