import Foundation
import Testing
import TestSupport

@testable import PostsummCLI
@testable import Renderers

/// A report rendered in memory and written later (`OutputWriter.render`, the archive's pages)
/// gives the files a report streamed into them gives, byte for byte, in every format; and a
/// format that cannot render says so without touching the target.
@Suite("Rendered in memory, written later")
struct RenderedLaterTests {
  static func bytes(_ path: String) -> [UInt8] { FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? [] }

  @Test("the same files as streamed: text, HTML, JSON and a directory of CSV files")
  func sameAsStreamed() throws {
    let report = try FormatFixtureRuns.report(["real/actors"], arguments: ["--abuse-stats"])
    let dir = try TemporaryDirectory(prefix: "postsumm-rendered")
    let writer = OutputWriter(templateDirectory: nil, capture: nil)
    for format in OutputFormat.allCases {
      let name = format.isDirectory ? "\(format.rawValue)/" : "report.\(format.rawValue)"
      let streamed = OutputTarget(format: format, path: dir.path("a-" + name))
      let later = OutputTarget(format: format, path: dir.path("b-" + name))
      #expect(writer.write(report, to: streamed) == nil)
      let rendered = try writer.render(report, as: format).get()
      #expect(writer.write(rendered, to: later) == nil)
      if format.isDirectory {
        let files = try FileManager.default.contentsOfDirectory(atPath: streamed.path!).sorted()
        let laterFiles = try FileManager.default.contentsOfDirectory(atPath: later.path!).sorted()
        #expect(files.count > 3 && files == laterFiles)
        for f in files { #expect(Self.bytes(streamed.path! + f) == Self.bytes(later.path! + f), "\(f)") }
      } else {
        let (a, b) = (Self.bytes(streamed.path!), Self.bytes(later.path!))
        #expect(!a.isEmpty && a == b, "\(format)")
      }
    }
  }

  @Test("HTML templates that cannot be used: one failure naming the format, nothing written")
  func cannotRender() throws {
    let report = try FormatFixtureRuns.report(["hand/appendix-a.log"], arguments: [])
    let dir = try TemporaryDirectory(prefix: "postsumm-rendered")
    let writer = OutputWriter(templateDirectory: dir.path("no-such-templates"), capture: nil)
    guard case .failure(let failure) = writer.render(report, as: .html) else {
      Issue.record("rendered with templates that do not exist")
      return
    }
    #expect(failure.message.hasPrefix("cannot render html:"))
    #expect(!FileManager.default.fileExists(atPath: dir.path("index.html")))
  }
}
