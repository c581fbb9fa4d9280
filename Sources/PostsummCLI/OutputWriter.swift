import Foundation
import Renderers
import ReportModel

/// Renders the report in each requested format and writes it to standard output, a file or
/// (CSV) a directory of files.
struct OutputWriter {
  var templateDirectory: String?
  var standardOutput: (String) -> Bool

  struct Failure: Error {
    var message: String
    var status: ExitStatus
  }

  func renderer(for format: OutputFormat) -> any Renderer {
    switch format {
    case .text: TextRenderer()
    case .html: HTMLRenderer(templateDirectory: templateDirectory)
    case .csv: CSVRenderer()
    case .json: JSONRenderer()
    }
  }

  /// nil on success.
  func write(_ report: Report, to target: OutputTarget) -> Failure? {
    if target.format == .text { return writeText(report, to: target.path) }
    let output: RenderedOutput
    do {
      output = try renderer(for: target.format).render(report)
    } catch {
      return Failure(message: "cannot render \(target.format.rawValue): \(error)", status: .ioError)
    }
    guard let path = target.path else {
      // A closed pipe (`postsumm … | head`) is not an error worth a message.
      _ = standardOutput(output.text)
      return nil
    }
    let fm = FileManager.default
    switch output {
    case .document(let text):
      if let failure = createParentDirectory(of: path) { return failure }
      guard fm.createFile(atPath: path, contents: Data(text.utf8)) else {
        return Failure(message: "\(path): cannot write \(target.format.rawValue) report", status: .cannotCreateOutput)
      }
    case .files(let files):
      do {
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
      } catch {
        return Failure(message: "\(path): cannot create directory", status: .cannotCreateOutput)
      }
      for file in files {
        let p = (path as NSString).appendingPathComponent(file.name)
        guard fm.createFile(atPath: p, contents: Data(file.contents.utf8)) else {
          return Failure(message: "\(p): cannot write", status: .cannotCreateOutput)
        }
      }
    }
    return nil
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

  /// The text report is streamed in chunks: it can list hundreds of thousands of recipients.
  private func writeText(_ report: Report, to path: String?) -> Failure? {
    guard let path else {
      let out = standardOutput
      // A closed pipe (`postsumm … | head`) is not an error worth a message.
      _ = TextRenderer().writeText(report) { out(String(decoding: $0, as: UTF8.self)) }
      return nil
    }
    if let failure = createParentDirectory(of: path) { return failure }
    guard let file = fopen(path, "w") else {
      return Failure(message: "\(path): cannot write text report", status: .cannotCreateOutput)
    }
    let ok = TextRenderer().writeText(report) { chunk in
      chunk.isEmpty || fwrite(chunk.baseAddress!, 1, chunk.count, file) == chunk.count  // Safe: not empty.
    }
    let closed = fclose(file) == 0
    return ok && closed ? nil : Failure(message: "\(path): cannot write text report", status: .ioError)
  }
}
