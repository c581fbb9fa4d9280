import Foundation
import Mustache
import PostsummTemplates
import ReportModel

/// The HTML page: one self-contained file (inline CSS and SVG; no script, font, image or
/// link to anything outside), readable with JavaScript off and in print, light or dark.
///
/// The layout is the Mustache templates of `Templates/html/` (built in; `templateDirectory`
/// overrides them file by file, see `HTMLTemplateSet`). The data is `HTMLReportView`: the text
/// report's sections, headings and figures as preformatted strings, so the page shows exactly
/// the text report's numbers (each also as an exact `<data value>`), plus charts, the period,
/// the input files with their problems and the generation time.
///
/// Escaping: every string from the log goes through Mustache's `{{…}}`, which escapes
/// `< > & " '`; the templates put data only in element text and double-quoted attribute
/// values, never in `<script>`, `<style>`, URLs or unquoted attributes. A Content Security
/// Policy (`default-src 'none'`) stops scripts even if a custom template got that wrong.
///
/// Size: Mustache renders the page without the tables' rows (each `{{#rows}}` block becomes
/// a marker) and `HTMLTableRows` writes the rows at the markers, streaming the page to its
/// sink a megabyte at a time; a week's page has a million rows, which Mustache took minutes
/// and gigabytes to render. That needs the built-in `table` template to be the only one that
/// uses the rows (`HTMLTemplateSet.rowsAreBuiltIn`); otherwise Mustache renders the whole
/// page, rows included.
public struct HTMLRenderer: Renderer {
  public static let format = OutputFormat.html

  /// A directory of `*.mustache` files replacing built-in templates of the same name.
  public var templateDirectory: String?

  public init(templateDirectory: String? = nil) {
    self.templateDirectory = templateDirectory
  }

  /// Streams the page to `sink` in chunks of about a megabyte. Templates that cannot be
  /// read or parsed throw before anything is written.
  public func write(_ report: Report, to sink: any ReportSink) throws {
    var out = TextBuffer(sink: sink)
    try writePage(report, into: &out, rowsByMustache: false)
    _ = out.finish()
  }

  /// The stand-in for a table's rows in the page Mustache renders. Data cannot produce it
  /// through `{{…}}`, which escapes `<`; if a custom template produces it anyway (literally,
  /// or with data through `{{{…}}}`), the markers no longer match the tables and Mustache
  /// renders the whole page instead.
  static let rowsMarker = "<!--postsumm:rows-->"

  /// - Parameter rowsByMustache: render the rows with Mustache even when `HTMLTableRows`
  ///   could write them (tests compare both ways).
  func writePage(_ report: Report, into out: inout TextBuffer, rowsByMustache: Bool) throws {
    let templates = try HTMLTemplateSet(overridesFrom: templateDirectory)
    let library = try templates.library()
    let name = BuiltInTemplates.pageTemplateName
    var view = HTMLReportView(report)
    if templates.rowsAreBuiltIn && !rowsByMustache {
      let tables = TablesInPageOrder()
      // Only tables with rows: for an empty one, `{{^rows}}` must see an empty list.
      for i in view.sections.indices {
        guard let rows = view.sections[i].table?.rows, rows.count > 0 else { continue }
        view.sections[i].table?.rowsStandIn = MustacheLambda { _ in
          tables.rows.append(rows)
          return Self.rowsMarker
        }
      }
      guard let page = library.render(view, withTemplate: name) else {
        throw HTMLTemplateSet.Failure.renderFailed(name)
      }
      let pieces = page.components(separatedBy: Self.rowsMarker)
      if pieces.count == tables.rows.count + 1 {
        for (i, piece) in pieces.enumerated() {
          out.raw(piece)
          out.chunkDone()
          if i < tables.rows.count { HTMLTableRows.write(tables.rows[i], to: &out) }
        }
        return
      }
      for i in view.sections.indices { view.sections[i].table?.rowsStandIn = nil }
    }
    guard let page = library.render(view, withTemplate: name) else {
      throw HTMLTemplateSet.Failure.renderFailed(name)
    }
    Self.writeInPieces(page, to: &out)
  }

  /// The tables' rows in the order Mustache met their `{{#rows}}`, i.e. their markers' order.
  private final class TablesInPageOrder {
    var rows: [HTMLReportView.Rows] = []
  }

  /// A page rendered whole, handed on a megabyte at a time.
  private static func writeInPieces(_ page: String, to out: inout TextBuffer) {
    let utf8 = page.utf8
    var start = utf8.startIndex
    while start < utf8.endIndex {
      var end = utf8.index(start, offsetBy: 1 << 20, limitedBy: utf8.endIndex) ?? utf8.endIndex
      // Never inside a character: standard output decodes each chunk on its own.
      while end < utf8.endIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(after: end) }
      out.raw(Array(utf8[start..<end]))
      out.chunkDone()
      start = end
    }
  }
}
