import ReportModel
import Testing

@testable import Renderers

/// Every output goes through one seam: the format gives its renderer, and the renderer streams
/// into a `ReportSink` through `write(_:to:)`; there is no other entry point.
@Suite("The renderer seam")
struct RendererSeamTests {
  @Test("each format's renderer writes that format", arguments: OutputFormat.allCases)
  func rendererForFormat(_ format: OutputFormat) {
    #expect(type(of: format.renderer(templateDirectory: nil)).format == format)
  }

  /// A sink that counts what it is given and can refuse the first write.
  final class CountingSink: ReportSink, @unchecked Sendable {
    var files: [String] = []
    var chunks = 0
    var accepts: Bool
    init(accepts: Bool) { self.accepts = accepts }
    func beginFile(named name: String) -> Bool {
      files.append(name)
      return accepts
    }
    func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
      chunks += 1
      return accepts
    }
  }

  @Test("documents stream into the sink without naming files; CSV begins a file per table", arguments: OutputFormat.allCases)
  func streamsIntoTheSink(_ format: OutputFormat) throws {
    let sink = CountingSink(accepts: true)
    try format.renderer(templateDirectory: nil).write(SampleReports.kitchenSink(), to: sink)
    #expect(sink.chunks > 0)
    if format == .csv {
      #expect(sink.files.first == "index.csv" && sink.files.count > 20)
    } else {
      #expect(sink.files.isEmpty)
    }
  }

  @Test("a sink that cannot take CSV's first file stops the CSV renderer there")
  func csvStopsAtRefusal() {
    let sink = CountingSink(accepts: false)
    CSVRenderer().write(SampleReports.kitchenSink(), to: sink)
    #expect(sink.files == ["index.csv"])
    #expect(sink.chunks == 0)
  }
}
