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

  /// Whether the tables' rows are drawn by the built-in `table` template alone, so that
  /// `HTMLRenderer` may write them itself: `table` is not overridden, and no other template
  /// names `rows` in a tag (or changes the tag delimiters, which would hide it).
  var rowsAreBuiltIn: Bool {
    guard sources["table"] == BuiltInTemplates.html["table"] else { return false }
    return !sources.contains { name, source in
      name != "table" && (source.contains("{{=") || Self.tagNamesRows(source))
    }
  }

  /// Whether a `{{…}}` tag of `source` contains `rows` (`{{#rows}}`, `{{^table.rows}}`,
  /// `{{#reversed(rows)}}` …).
  private static func tagNamesRows(_ source: String) -> Bool {
    var rest = source[...]
    while let open = rest.range(of: "{{") {
      rest = rest[open.upperBound...]
      guard let close = rest.range(of: "}}") else { return false }
      if rest[..<close.lowerBound].contains("rows") { return true }
      rest = rest[close.upperBound...]
    }
    return false
  }

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
