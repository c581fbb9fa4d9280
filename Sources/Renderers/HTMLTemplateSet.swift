#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    /// The path and the system's reason (`strerror`).
    case unreadableDirectory(String, reason: String)
    case unreadableFile(String, reason: String)
    case invalidTemplate(name: String, reason: String)
    case renderFailed(String)

    var description: String {
      switch self {
      case .unreadableDirectory(let path, let reason): "\(path): cannot read the template directory: \(reason)"
      case .unreadableFile(let path, let reason): "\(path): cannot read the template: \(reason)"
      case .invalidTemplate(let name, let reason): "template \(name): \(reason)"
      case .renderFailed(let name): "template \(name) is missing"
      }
    }
  }

  /// The built-in templates, overridden by `directory`'s `*.mustache` files when given.
  init(overridesFrom directory: String?) throws {
    sources = BuiltInTemplates.html
    guard let directory else { return }
    for file in try Self.names(in: directory).sorted() where file.hasSuffix(".mustache") {
      let path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
      sources[String(file.dropLast(".mustache".count))] = try Self.read(path)
    }
  }

  private static var reason: String { String(cString: strerror(errno)) }

  /// The names in `directory`.
  private static func names(in directory: String) throws(Failure) -> [String] {
    guard let stream = opendir(directory) else { throw .unreadableDirectory(directory, reason: reason) }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
      names.append(withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) })
    }
    return names
  }

  /// The file's text (invalid UTF-8 replaced).
  private static func read(_ path: String) throws(Failure) -> String {
    guard let file = fopen(path, "r") else { throw .unreadableFile(path, reason: reason) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = fread(&chunk, 1, chunk.count, file)
      bytes.append(contentsOf: chunk[..<n])
      if n < chunk.count {
        if ferror(file) != 0 { throw .unreadableFile(path, reason: reason) }
        break
      }
    }
    return String(decoding: bytes, as: UTF8.self)
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
