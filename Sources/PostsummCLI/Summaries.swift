import PostfixCore

/// What the shards' lines add up to: the report's summary and, when the HTML page needs the
/// texts the text report cuts at `--colwidth`, the same lines read keeping them whole
/// (`Settings.fullTextParse`). The two only differ in the warning and cleanup texts.
struct Summaries {
  var main: Summary
  var fullText: Summary?

  init(main: consuming Summary, fullText: consuming Summary?) {
    self.main = main
    self.fullText = fullText
  }

  /// Empty summaries for `options` (nothing read).
  init(_ options: ParseOptionSet) {
    main = Summary()
    fullText = options.fullText.map { _ in Summary() }
  }

  /// Adds `later` (the shards after these), each summary with its own options.
  mutating func merge(_ later: Summaries, options: ParseOptionSet) {
    main.merge(later.main, options: options.main)
    if let fullTextOptions = options.fullText, let laterFullText = later.fullText {
      fullText!.merge(laterFullText, options: fullTextOptions)  // Safe: made with the same options.
    }
  }

  mutating func finish() {
    main.finish()
    fullText?.finish()
  }

  mutating func addOverlongLines(_ n: Int) {
    main.addOverlongLines(n)
    fullText?.addOverlongLines(n)
  }
}
