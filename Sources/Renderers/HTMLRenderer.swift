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
public struct HTMLRenderer: Renderer {
  public static let format = OutputFormat.html

  /// A directory of `*.mustache` files replacing built-in templates of the same name.
  public var templateDirectory: String?

  public init(templateDirectory: String? = nil) {
    self.templateDirectory = templateDirectory
  }

  public func render(_ report: Report) throws -> RenderedOutput {
    .document(try renderHTML(report))
  }

  /// The page.
  public func renderHTML(_ report: Report) throws -> String {
    let library = try HTMLTemplateSet(overridesFrom: templateDirectory).library()
    let name = BuiltInTemplates.pageTemplateName
    guard let page = library.render(HTMLReportView(report), withTemplate: name) else {
      throw HTMLTemplateSet.Failure.renderFailed(name)
    }
    return page
  }
}
