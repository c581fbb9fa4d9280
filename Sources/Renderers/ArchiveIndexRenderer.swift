import Mustache
import PostsummTemplates
import ReportModel

/// The front page of an archive site (`postsumm archive`): the `archive-index` template with the
/// page's stylesheet, as self-contained as the report page (no script, no image, no link
/// outside the site). `--template-dir` overrides its templates as it overrides the report's.
public struct ArchiveIndexRenderer: Sendable {
  public var templateDirectory: String?

  public init(templateDirectory: String? = nil) {
    self.templateDirectory = templateDirectory
  }

  /// Writes the page to `sink`; throws when the templates cannot be used, before writing.
  public func write(_ index: ArchiveIndex, to sink: any ReportSink) throws {
    let library = try HTMLTemplateSet(overridesFrom: templateDirectory).library()
    let name = BuiltInTemplates.archiveIndexTemplateName
    guard let page = library.render(ArchiveIndexView(index), withTemplate: name) else {
      throw HTMLTemplateSet.Failure.renderFailed(name)
    }
    var out = TextBuffer(sink: sink)
    out.raw(page)
    _ = out.finish()
  }

  /// What changes the pages when the same data is rendered again: the templates in use
  /// (the built-in ones and `templateDirectory`'s). The archive keeps a page whose data and
  /// templates are unchanged.
  public func templateSources() throws -> [String: String] {
    try HTMLTemplateSet(overridesFrom: templateDirectory).sources
  }
}

/// What the `archive-index` template sees: preformatted strings, names distinct at every level
/// (Mustache looks a missing name up the enclosing objects).
struct ArchiveIndexView {
  var indexTitle: String
  var generator: String
  var version: String
  var generatedAt: String?
  var generatedAtText: String?
  var periodText: String
  var groups: [Group]
  var hasGroups: Bool

  struct Group {
    var groupId: String
    var groupTitle: String
    var periodHeading: String
    var columns: [String]
    var entries: [Entry]
  }

  struct Entry {
    var entryLabel: String
    var entryHref: String
    var entrySpan: String
    var entryCells: [Cell]
    var spark: Sparkline
  }

  struct Cell {
    var cellText: String
    var cellValue: String
  }

  static let columns = ["Days", "Received", "Delivered", "Deferred", "Bounced", "Rejected", "Bytes delivered"]

  init(_ index: ArchiveIndex) {
    indexTitle = index.title
    generator = index.meta.generator
    version = index.meta.version
    generatedAt = index.meta.generatedAt
    generatedAtText = index.meta.generatedAt.map { $0.replacingFirst("T", with: " ") }
    let all = index.months + index.weeks
    if let first = all.map(\.first).min(), let last = all.map(\.last).max() {
      let days = index.months.reduce(0) { $0 + $1.days }
      periodText = "\(first.iso) to \(last.iso) (\(FigureText.count(days)) \(days == 1 ? "day" : "days") archived)"
    } else {
      periodText = "no days archived yet"
    }
    groups = [
      Self.group(id: "months", title: "Months", heading: "Month", index.months),
      Self.group(id: "weeks", title: "Weeks (ISO 8601)", heading: "Week", index.weeks),
    ].filter { !$0.entries.isEmpty }
    hasGroups = !groups.isEmpty
  }

  private static func group(id: String, title: String, heading: String, _ entries: [ArchiveIndex.Entry]) -> Group {
    Group(
      groupId: id, groupTitle: title, periodHeading: heading, columns: columns,
      entries: entries.map { e in
        let figures: [Int64] = [
          Int64(e.days), Int64(e.received), Int64(e.delivered), Int64(e.deferred), Int64(e.bounced), Int64(e.rejected),
          e.bytesDelivered,
        ]
        return Entry(
          entryLabel: e.label, entryHref: e.href, entrySpan: e.first == e.last ? e.first.iso : "\(e.first.iso) to \(e.last.iso)",
          entryCells: figures.map { Cell(cellText: FigureText.count($0), cellValue: String($0)) },
          spark: Sparkline(title: "\(e.label): received and delivered per day", e.perDay))
      })
  }
}

/// A small bar chart of a period's days (received and delivered), drawn as inline SVG with a
/// tooltip per bar; the figures are in the period's page.
struct Sparkline {
  struct Bar {
    var sparkX: String
    var sparkY: String
    var sparkWidth: String
    var sparkHeight: String
    var sparkClass: String
    var sparkTip: String
  }

  var sparkTitle: String
  var sparkViewWidth: String
  var sparkViewHeight: String
  var sparkBars: [Bar]

  private static let dayWidth = 12.0
  private static let height = 40.0

  init(title: String, _ days: [DayTraffic]) {
    sparkTitle = title
    sparkViewWidth = HTMLBarChart.number(Double(max(days.count, 1)) * Self.dayWidth)
    sparkViewHeight = HTMLBarChart.number(Self.height)
    let top = max(days.map { max($0.counts.received, $0.counts.delivered) }.max() ?? 0, 1)
    var bars: [Bar] = []
    for (i, day) in days.enumerated() {
      for (s, (value, name)) in [(day.counts.received, "received"), (day.counts.delivered, "delivered")].enumerated() where value > 0 {
        let h = Double(value) / Double(top) * (Self.height - 2)
        bars.append(
          Bar(
            sparkX: HTMLBarChart.number(Double(i) * Self.dayWidth + 1 + Double(s) * 5), sparkY: HTMLBarChart.number(Self.height - h),
            sparkWidth: "5", sparkHeight: HTMLBarChart.number(h), sparkClass: "s\(s)",
            sparkTip: "\(day.date.iso): \(FigureText.count(value)) \(name)"))
      }
    }
    sparkBars = bars
  }
}
