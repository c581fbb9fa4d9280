import Testing

@testable import LogInput

@Suite("Problem messages")
struct InputProblemTests {
  @Test("each kind reads as one short line naming the source")
  func descriptions() {
    let cases: [(InputProblem, String)] = [
      (InputProblem(source: "mail.log.3.gz", kind: .cannotOpen, detail: "No such file or directory"),
       "mail.log.3.gz: No such file or directory"),
      (InputProblem(source: "mail.log.2.gz", kind: .truncatedGzip, bytesRead: 1_234_567, linesRead: 812),
       "mail.log.2.gz: truncated gzip data (stopped after 1234567 bytes of log, 812 lines)"),
      (InputProblem(source: "mail.log.4.gz", kind: .corruptGzip, detail: "invalid distance too far back",
                    bytesRead: 1_048_576, linesRead: 1, ignoredBytes: 1),
       "mail.log.4.gz: corrupt gzip data: invalid distance too far back (after 1048576 bytes of log, 1 line;"
         + " dropped an incomplete last line of 1 byte)"),
      (InputProblem(source: "x.gz", kind: .trailingGarbage, bytesRead: 10, linesRead: 2, ignoredBytes: 512),
       "x.gz: trailing garbage after gzip data (ignored 512 bytes)"),
      (InputProblem(source: "mail.log", kind: .overlongLines, bytesRead: 900, linesRead: 16, skippedLines: 2,
                    lineLengthLimit: 1_048_576),
       "mail.log: 2 lines longer than 1048576 bytes skipped (first at line 17)"),
      (InputProblem(source: "-", kind: .readError, detail: "Input/output error", bytesRead: 0, linesRead: 0),
       "-: read error: Input/output error (after 0 bytes of log, 0 lines)"),
    ]
    for (problem, expected) in cases {
      #expect(problem.description == expected)
      #expect(!problem.description.contains("\n"))
    }
  }
}

@Suite("Combining range outcomes")
struct ReadOutcomeTests {
  @Test("sums counts, shifts positions and merges the overlong summaries")
  func concatenating() {
    func overlong(bytes: Int64, lines: Int, count: Int) -> InputProblem {
      InputProblem(source: "m", kind: .overlongLines, bytesRead: bytes, linesRead: lines, skippedLines: count,
                   lineLengthLimit: 10)
    }
    let first = ReadOutcome(lines: 5, bytes: 100, compressedBytes: 110, overlongLines: 0)
    let second = ReadOutcome(lines: 7, bytes: 200, compressedBytes: 190, overlongLines: 2,
                             problems: [overlong(bytes: 30, lines: 3, count: 2)])
    let third = ReadOutcome(lines: 1, bytes: 50, compressedBytes: 50, overlongLines: 1,
                            problems: [InputProblem(source: "m", kind: .readError, detail: "I/O", bytesRead: 20, linesRead: 0),
                                       overlong(bytes: 0, lines: 0, count: 1)])
    let total = ReadOutcome.concatenating([first, second, third])
    #expect(total.lines == 13)
    #expect(total.bytes == 350)
    #expect(total.compressedBytes == 350)
    #expect(total.overlongLines == 3)
    #expect(total.problems == [
      InputProblem(source: "m", kind: .readError, detail: "I/O", bytesRead: 320, linesRead: 12),
      overlong(bytes: 130, lines: 8, count: 3),
    ])
    #expect(ReadOutcome.concatenating([]) == ReadOutcome())
  }
}
