import Foundation

/// A small scanner for the pages postsumm writes, for tests: the tags (to prove that log text
/// never became markup) and the text of each section's rows (to compare figures with the text
/// report). It understands exactly the markup of postsumm's templates, not HTML in general.
public enum HTMLPageScan {
  /// One start or end tag: its name (lower case) and attributes as written.
  public struct Tag: Equatable, Sendable {
    public var name: String
    public var isEnd: Bool
    /// Attribute name → value; `unquoted` lists attributes whose value had no quotes.
    public var attributes: [String: String]
    public var unquoted: [String]
  }

  /// Every tag of the page, in order, outside `<style>` contents and comments. Throws on a
  /// `<` that does not start a well-formed tag (log text is escaped, so there is none).
  public static func tags(_ html: String) throws -> [Tag] {
    var tags: [Tag] = []
    let s = Array(html.unicodeScalars)
    var i = 0
    func fail(_ why: String) -> Error {
      let context = String(String.UnicodeScalarView(s[max(0, i - 30)..<min(s.count, i + 30)]))
      return CSVReader.Failure(description: "\(why) at scalar \(i): …\(context)…")
    }
    while i < s.count {
      guard s[i] == "<" else {
        i += 1
        continue
      }
      if s[i...].starts(with: "<!--".unicodeScalars) { throw fail("comment in page") }
      if s[i...].starts(with: "<!DOCTYPE html>".unicodeScalars) {
        i += 15
        continue
      }
      var j = i + 1
      let isEnd = j < s.count && s[j] == "/"
      if isEnd { j += 1 }
      var name = ""
      while j < s.count, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) {
        name.unicodeScalars.append(s[j])
        j += 1
      }
      guard !name.isEmpty else { throw fail("'<' that starts no tag") }
      var attributes: [String: String] = [:]
      var unquoted: [String] = []
      while true {
        while j < s.count, s[j] == " " || s[j] == "\n" { j += 1 }
        guard j < s.count else { throw fail("unterminated tag") }
        if s[j] == ">" { break }
        var attr = ""
        while j < s.count, s[j] != "=", s[j] != " ", s[j] != ">" {
          attr.unicodeScalars.append(s[j])
          j += 1
        }
        guard !attr.isEmpty else { throw fail("bad attribute") }
        var value = ""
        if j < s.count, s[j] == "=" {
          j += 1
          if j < s.count, s[j] == "\"" {
            j += 1
            while j < s.count, s[j] != "\"" {
              if s[j] == "<" { throw fail("'<' inside an attribute value") }
              value.unicodeScalars.append(s[j])
              j += 1
            }
            j += 1
          } else {
            unquoted.append(attr)
            while j < s.count, s[j] != " ", s[j] != ">" {
              value.unicodeScalars.append(s[j])
              j += 1
            }
          }
        }
        if attributes[attr.lowercased()] != nil { throw fail("duplicate attribute \(attr)") }
        attributes[attr.lowercased()] = value
      }
      tags.append(Tag(name: name.lowercased(), isEnd: isEnd, attributes: attributes, unquoted: unquoted))
      i = j + 1
      // The stylesheet is text up to `</style>`; CSS may contain '>' but never '<'.
      if !isEnd && name.lowercased() == "style" {
        guard let close = find("</style>", in: s, from: i) else { throw fail("unterminated style") }
        if s[i..<close].contains("<") { throw fail("'<' inside the stylesheet") }
        i = close
      }
    }
    return tags
  }

  /// Everything the built-in templates write; anything else would be markup from the log.
  public static let ownTags: Set<String> = [
    "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "footer", "section", "h1", "h2", "h3", "p",
    "strong", "time", "ul", "li", "a", "div", "data", "span", "figure", "svg", "g", "line", "text", "rect", "table",
    "caption", "thead", "tbody", "tr", "th", "td", "pre",
  ]
  public static let ownAttributes: Set<String> = [
    "lang", "charset", "name", "content", "http-equiv", "class", "id", "href", "datetime", "value", "title", "aria-label",
    "aria-hidden", "viewbox", "role", "preserveaspectratio", "x", "y", "x1", "x2", "y1", "y2", "dx", "width", "height",
    "text-anchor", "scope", "colspan", "data-label",
  ]

  /// What in the page is not postsumm's own markup (empty for a good page): unknown tags or
  /// attributes (so no `src`, no `on…` handler), unquoted attribute values, links leaving the
  /// page, `javascript:` in an attribute, a script, a second stylesheet, `url(` or `@import`.
  /// Throws when a `<` starts no well-formed tag.
  public static func foreignMarkup(_ html: String) throws -> [String] {
    var problems: [String] = []
    let tags = try tags(html)
    for tag in tags {
      if !ownTags.contains(tag.name) { problems.append("unexpected <\(tag.name)>") }
      if !tag.unquoted.isEmpty { problems.append("<\(tag.name)> has unquoted \(tag.unquoted)") }
      for (name, value) in tag.attributes.sorted(by: { $0.key < $1.key }) {
        if !ownAttributes.contains(name) || name.hasPrefix("on") { problems.append("attribute \(name) on <\(tag.name)>") }
        if name == "href" && !(value.hasPrefix("#") && !value.contains(":")) { problems.append("link to \(value)") }
        if value.lowercased().contains("javascript:") { problems.append("\(name)=\"\(value)\"") }
      }
    }
    if tags.filter({ $0.name == "style" && !$0.isEnd }).count != 1 { problems.append("not exactly one <style>") }
    if html.contains("<script") { problems.append("<script") }
    if html.lowercased().contains("url(") { problems.append("url(") }
    if html.contains("@import") { problems.append("@import") }
    return problems
  }

  /// One `<section id=…>` of the page: its `<h2>` text and its rows, each the collapsed text
  /// of an `<h3>`, a Grand Totals figure or a body table row (headers, captions, legends and
  /// charts left out), in page order.
  public struct Section: Equatable, Sendable {
    public var id: String
    public var title: String
    public var rows: [String]
    /// Whether the section says "none" (an empty report).
    public var isNone: Bool
  }

  public static func sections(_ html: String) -> [Section] {
    let ns = html as NSString
    let sectionRegex = try! NSRegularExpression(  // Safe: constant pattern.
      pattern: "<section id=\"([^\"]+)\">(.*?)</section>", options: [.dotMatchesLineSeparators])
    return sectionRegex.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { m in
      let id = ns.substring(with: m.range(at: 1))
      var body = ns.substring(with: m.range(at: 2))
      for drop in ["(?s)<thead>.*?</thead>", "(?s)<caption>.*?</caption>", "(?s)<svg .*?</svg>", "(?s)<ul class=\"legend\".*?</ul>"] {
        body = body.replacingOccurrences(of: drop, with: "", options: [.regularExpression])
      }
      let title = text(first("<h2>(.*?)</h2>", in: body).first ?? "")
      let rows = first("<h3>(.*?)</h3>|<div class=\"figure\">(.*?)</div>|<tr[^>]*>(.*?)</tr>", in: body).map(text)
      return Section(id: id, title: title, rows: rows, isNone: body.contains("<p class=\"none\">none</p>"))
    }
  }

  /// The visible text of a fragment: tags become spaces, entities are decoded, runs of white
  /// space collapse to one space.
  public static func text(_ fragment: String) -> String {
    let stripped = fragment.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
    return collapse(unescape(stripped))
  }

  public static func unescape(_ s: String) -> String {
    s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  /// Trims and turns every run of white space (spaces, tabs, line breaks) into one space.
  public static func collapse(_ s: String) -> String {
    s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
  }

  /// For each match, the first capture group that matched.
  private static func first(_ pattern: String, in s: String) -> [String] {
    let ns = s as NSString
    let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])  // Safe: constant.
    return regex.matches(in: s, range: NSRange(location: 0, length: ns.length)).compactMap { m in
      (1..<m.numberOfRanges).lazy.map { m.range(at: $0) }.first { $0.location != NSNotFound }.map { ns.substring(with: $0) }
    }
  }

  private static func find(_ needle: String, in s: [Unicode.Scalar], from: Int) -> Int? {
    let n = Array(needle.unicodeScalars)
    var k = from
    while k + n.count <= s.count {
      if Array(s[k..<(k + n.count)]) == n { return k }
      k += 1
    }
    return nil
  }
}
