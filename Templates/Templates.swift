/// The HTML templates built into the binary (`.embedInCode`, see `PackageResources`).
///
/// `HTMLRenderer` registers each under its name (the file name without `.mustache`);
/// `report` is the page and includes the others as partials. `postsumm --template-dir DIR`
/// replaces any of them by a same-named file in DIR (see `docs/OUTPUTS.md`).
public enum BuiltInTemplates {
  /// Template name → Mustache source.
  public static let html: [String: String] = [
    "report": text(PackageResources.report_mustache),
    "styles": text(PackageResources.styles_mustache),
    "section": text(PackageResources.section_mustache),
    "figures": text(PackageResources.figures_mustache),
    "chart": text(PackageResources.chart_mustache),
    "table": text(PackageResources.table_mustache),
    "inputs": text(PackageResources.inputs_mustache),
    "navigation": text(PackageResources.navigation_mustache),
    "archive-index": text(PackageResources.archive_index_mustache),
  ]

  /// The name of the page template, the one rendered (the others are its partials).
  public static let pageTemplateName = "report"

  /// The front page of an archive site (`postsumm archive`); it includes `styles` too.
  public static let archiveIndexTemplateName = "archive-index"

  private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
