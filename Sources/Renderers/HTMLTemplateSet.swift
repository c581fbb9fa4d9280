import Foundation
import Mustache
import PostsummTemplates

/// The Mustache templates of the HTML page: the built-in ones, each replaceable by a
/// same-named `*.mustache` file of a template directory (`--template-dir`).
///
/// Overriding is per file, so a directory holding only `styles.mustache` restyles the page and
/// keeps the built-in layout; extra files in the directory become partials the overrides can
/// include. Templates are trusted input (they are the page); the data rendered into them is not,
/// and reaches the page only through `{{…}}`, which HTML-escapes.
struct HTMLTemplateSet {
  /// Name → source, built-ins first, then the directory's files.
  private(set) var sources: [String: String]

  /// Why the templates could not be used; printed as `cannot render html: <description>`.
  enum Failure: Error, CustomStringConvertible, Equatable {
    case unreadableDirectory(String)
    case unreadableFile(String)
    case invalidTemplate(name: String, reason: String)
    case renderFailed(String)

    var description: String {
      switch self {
      case .unreadableDirectory(let path): "\(path): cannot read the template directory"
      case .unreadableFile(let path): "\(path): cannot read the template"
      case .invalidTemplate(let name, let reason): "template \(name): \(reason)"
      case .renderFailed(let name): "template \(name) is missing"
      }
    }
  }

  /// The built-in templates, overridden by `directory`'s `*.mustache` files when given.
  init(overridesFrom directory: String?) throws {
    sources = BuiltInTemplates.html
    guard let directory else { return }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      throw Failure.unreadableDirectory(directory)
    }
    for file in names.sorted() where file.hasSuffix(".mustache") {
      let path = (directory as NSString).appendingPathComponent(file)
      guard let data = FileManager.default.contents(atPath: path) else { throw Failure.unreadableFile(path) }
      sources[String(file.dropLast(".mustache".count))] = String(decoding: data, as: UTF8.self)
    }
  }

  /// Whether every template is the built-in one (`HTMLRenderer` then writes table rows itself).
  var isBuiltIn: Bool { sources == BuiltInTemplates.html }

  /// Parses every template into a library (the page's partials resolve through it).
  func library() throws -> MustacheLibrary {
    var library = MustacheLibrary()
    for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
      do {
        library.register(try MustacheTemplate(string: source), named: name)
      } catch {
        throw Failure.invalidTemplate(name: name, reason: "\(error)")
      }
    }
    return library
  }
}
