import Foundation
import Renderers
import ReportModel

/// Renders the report in each requested format and writes it to standard output, a file or
/// (CSV) a directory of files.
struct OutputWriter {
  var templateDirectory: String?
  /// Where "standard output" goes in tests; nil: the process's standard output.
  var capture: ((String) -> Bool)?

  struct Failure: Error {
    var message: String
    var status: ExitStatus
  }

  /// nil on success.
  func write(_ report: Report, to target: OutputTarget) -> Failure? {
    switch target.format {
    case .text: return writeStreamed(.text, to: target.path) { TextRenderer().writeText(report, to: $0) }
    case .html:
      let html = HTMLRenderer(templateDirectory: templateDirectory)
      // Unusable templates are reported before the file is created or truncated.
      do {
        try html.checkTemplates()
      } catch {
        return Failure(message: "cannot render html: \(error)", status: .ioError)
      }
      return writeStreamed(.html, to: target.path) { try html.writeHTML(report, to: $0) }
    case .json: return writeStreamed(.json, to: target.path) { try JSONRenderer().writeJSON(report, to: $0) }
    case .csv: return writeCSV(report, to: target.path)
    }
  }

  /// CSV goes to a directory, a file per table, each streamed; on standard output, the files
  /// are concatenated with headers (`RenderedOutput.text`).
  private func writeCSV(_ report: Report, to path: String?) -> Failure? {
    guard let path else {
      // A closed pipe (`postsumm … | head`) is not an error worth a message.
      do {
        let text = try CSVRenderer().render(report).text
        _ = capture?(text) ?? PostsummCommand.writeStandardOutput(text)
      } catch {
        return Failure(message: "cannot render csv: \(error)", status: .ioError)
      }
      return nil
    }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      return Failure(message: "\(path): cannot create directory", status: .cannotCreateOutput)
    }
    var failure: Failure?
    _ = CSVRenderer().writeFiles(report) { name, contents in
      let p = (path as NSString).appendingPathComponent(name)
      guard Self.stream(to: p, contents) == true else {
        failure = Failure(message: "\(p): cannot write", status: .cannotCreateOutput)
        return false
      }
      return true
    }
    return failure
  }

  /// Opens `path` and hands `write` a sink for its bytes: nil when the file cannot be opened,
  /// false when a write or the close failed. What `write` throws closes the file and goes on.
  private static func stream(
    to path: String, _ write: (@escaping (UnsafeRawBufferPointer) -> Bool) throws -> Bool
  ) rethrows -> Bool? {
    guard let file = fopen(path, "w") else { return nil }
    let ok: Bool
    do {
      ok = try write { chunk in
        chunk.isEmpty || fwrite(chunk.baseAddress!, 1, chunk.count, file) == chunk.count  // Safe: not empty.
      }
    } catch {
      fclose(file)
      throw error
    }
    return fclose(file) == 0 && ok
  }

  /// Creates the directory a report file goes into, when it is missing; nil on success.
  private func createParentDirectory(of path: String) -> Failure? {
    let dir = (path as NSString).deletingLastPathComponent
    guard !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) else { return nil }
    do {
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    } catch {
      return Failure(message: "\(dir): cannot create directory", status: .cannotCreateOutput)
    }
    return nil
  }

  /// Text, HTML and JSON are streamed in chunks: they can list hundreds of thousands of
  /// recipients, which should never sit in memory whole (nor twice).
  private func writeStreamed(
    _ format: OutputFormat, to path: String?, _ write: (@escaping (UnsafeRawBufferPointer) -> Bool) throws -> Bool
  ) -> Failure? {
    do {
      guard let path else {
        // A closed pipe (`postsumm … | head`) is not an error worth a message.
        if let capture {
          _ = try write { capture(String(decoding: $0, as: UTF8.self)) }
        } else {
          _ = try write { PostsummCommand.writeStandardOutput(bytes: $0) }
        }
        return nil
      }
      if let failure = createParentDirectory(of: path) { return failure }
      switch try Self.stream(to: path, write) {
      case true?: return nil
      case false?: return Failure(message: "\(path): cannot write \(format.rawValue) report", status: .ioError)
      case nil: return Failure(message: "\(path): cannot write \(format.rawValue) report", status: .cannotCreateOutput)
      }
    } catch {
      return Failure(message: "cannot render \(format.rawValue): \(error)", status: .ioError)
    }
  }
}
