/// A grouped bar chart as geometry for the `chart` template: inline SVG drawn from the report's
/// numbers, so the page needs no script, no image and no font to show it.
///
/// Every coordinate is computed here and rendered as a plain decimal string; nothing from the
/// log reaches the SVG except through escaped `{{…}}` text (and the category labels are dates
/// and hours, which postsumm writes itself).
struct HTMLBarChart {
  /// One series (received, delivered …): its name and CSS class (`s0` … `s4`, coloured by the
  /// stylesheet so that dark mode and print can restyle it).
  struct Series {
    var name: String
    var cssClass: String
  }

  struct Bar {
    var x, y, width, height: String
    var barClass: String
    /// The tooltip (`<title>`): category, series and value.
    var tooltip: String
  }

  struct GridLine {
    var lineY: String
    var labelY: String
    var gridLabel: String
  }

  struct AxisLabel {
    var labelX: String
    var axisText: String
    /// `minor`: a label the stylesheet hides on a narrow screen, where the text is drawn
    /// larger in the SVG's units and every label would not fit.
    var axisClass: String?
  }

  var chartTitle: String
  var viewWidth: String
  var viewHeight: String
  var plotLeft: String
  var plotRight: String
  var baselineY: String
  var axisLabelY: String
  var series: [Series]
  var bars: [Bar]
  var gridLines: [GridLine]
  /// The grid lines that carry a label: all but the zero line, which is the axis.
  var gridLabels: [GridLine]
  var axisLabels: [AxisLabel]

  // Layout in SVG user units; the SVG scales to the page width (viewBox), so these only fix
  // proportions. 960 × 240 reads well from a phone to a wide screen. The value labels sit
  // inside the plot, above their grid lines, so that no margin has to fit the longest one.
  // The text is 12 units high on a wide screen; the stylesheet makes it up to 30 units on a
  // phone (where 960 units are about 370 px wide), which the margins leave room for.
  private static let width = 960.0
  private static let height = 240.0
  private static let left = 8.0
  private static let right = 8.0
  private static let top = 40.0
  private static let bottom = 40.0
  private static let maxBarWidth = 28.0
  /// Text heights in user units: the stylesheet's default, and its largest (narrow screens).
  private static let wideText = 12.0
  private static let narrowText = 30.0

  /// - Parameters:
  ///   - categories: the x axis (one group of bars each), with a short axis label and the full
  ///     label used in tooltips.
  ///   - values: one array per series, each as long as `categories`.
  init(title: String, categories: [(axis: String, full: String)], series: [Series], values: [[Int]]) {
    chartTitle = title
    self.series = series
    let w = Self.width, h = Self.height
    viewWidth = Self.number(w)
    viewHeight = Self.number(h)
    plotLeft = Self.number(Self.left)
    plotRight = Self.number(w - Self.right)
    let plotHeight = h - Self.top - Self.bottom
    let baseline = Self.top + plotHeight
    baselineY = Self.number(baseline)
    axisLabelY = Self.number(h - 8)

    let maximum = values.flatMap { $0 }.max() ?? 0
    let scaleTop = Self.niceCeiling(max(maximum, 1))
    let step = Self.niceCeiling(max(scaleTop / 4, 1))
    gridLines = stride(from: 0, through: scaleTop, by: step).map { v in
      let y = baseline - Double(v) / Double(scaleTop) * plotHeight
      return GridLine(lineY: Self.number(y), labelY: Self.number(y - 5), gridLabel: FigureText.count(v))
    }
    gridLabels = Array(gridLines.dropFirst())

    let n = max(categories.count, 1)
    let groupWidth = (w - Self.left - Self.right) / Double(n)
    // Bars fill 80% of a group (the rest separates groups), but no bar is wider than
    // `maxBarWidth`: two days would otherwise be drawn as two slabs.
    let barWidth = min(groupWidth * 0.8 / Double(max(series.count, 1)), Self.maxBarWidth)
    let barsWidth = barWidth * Double(series.count)
    var bars: [Bar] = []
    for (i, category) in categories.enumerated() {
      let groupX = Self.left + Double(i) * groupWidth + (groupWidth - barsWidth) / 2
      for (s, line) in values.enumerated() where i < line.count && line[i] > 0 {
        let barHeight = Double(line[i]) / Double(scaleTop) * plotHeight
        bars.append(
          Bar(
            x: Self.number(groupX + Double(s) * barWidth), y: Self.number(baseline - barHeight),
            width: Self.number(barWidth), height: Self.number(barHeight), barClass: series[s].cssClass,
            tooltip: "\(category.full): \(FigureText.count(line[i])) \(series[s].name)"))
      }
    }
    self.bars = bars

    // As many axis labels as fit side by side (a character is about 0.6 of the text height):
    // every `wideEvery`-th on a wide screen, every `narrowEvery`-th (a multiple of it) when
    // the text is drawn larger.
    let longest = Double(categories.map(\.axis.count).max() ?? 1)
    let plotWidth = w - Self.left - Self.right
    func every(_ textHeight: Double) -> Int {
      let fitting = max(1, Int(plotWidth / (longest * 0.6 * textHeight + textHeight)))
      return max(1, Int((Double(categories.count) / Double(fitting)).rounded(.up)))
    }
    let wideEvery = every(Self.wideText)
    let narrowEvery = wideEvery * Int((Double(every(Self.narrowText)) / Double(wideEvery)).rounded(.up))
    axisLabels = categories.enumerated().compactMap { i, category in
      guard i % wideEvery == 0 else { return nil }
      return AxisLabel(
        labelX: Self.number(Self.left + (Double(i) + 0.5) * groupWidth), axisText: category.axis,
        axisClass: i % narrowEvery == 0 ? nil : "minor")
    }
  }

  /// The smallest 1, 2 or 5 × 10ⁿ not below `v`.
  static func niceCeiling(_ v: Int) -> Int {
    var magnitude = 1
    while magnitude * 10 <= v { magnitude *= 10 }
    for f in [1, 2, 5, 10] where f * magnitude >= v { return f * magnitude }
    return 10 * magnitude
  }

  /// Two decimals at most, no trailing zeros: compact and stable across platforms.
  static func number(_ v: Double) -> String {
    let hundredths = Int64((v * 100).rounded())
    let whole = hundredths / 100
    let fraction = hundredths % 100
    if fraction == 0 { return String(whole) }
    let digits = fraction < 10 ? "0\(fraction)" : String(fraction)
    return "\(whole).\(digits.hasSuffix("0") ? String(digits.dropLast()) : digits)"
  }
}
