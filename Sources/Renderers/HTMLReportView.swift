import Mustache
import ReportModel

/// What the HTML templates see: the report as preformatted strings, sections in the text
/// report's order, each with the text report's heading and figures.
///
/// Templates are logic-less, so every decision (which sections exist, their order, daily
/// averages, "(top N of M)") is made here, the same way `TextRenderer` makes it; figures are
/// exact, with digit grouping (`FigureText`). All strings are plain text; the templates insert them with `{{…}}`, which HTML-escapes.
///
/// Mustache looks a name up the context stack when the current object has no such property
/// or holds `nil` there, so property names are distinct across nesting levels (a cell's
/// `cellValue`, a row's `rowLabel` …): a missing value can never pick up a parent's.
struct HTMLReportView {
  var pageTitle: String
  var generator: String
  var version: String
  var generatedAt: String?
  var generatedAtText: String?
  var periodText: String
  var notices: [String]
  var sections: [Section]
  var inputs: [Input]
  var hasInputs: Bool
  var lineStats: [Figure]

  /// One section of the page: a heading and one or more of figures, chart, table, "none".
  struct Section {
    var id: String
    var title: String
    /// A shorter label for the table of contents (the heading without "(top N of M)").
    var navTitle: String
    var figureGroups: [FigureGroup] = []
    var charts: [HTMLBarChart] = []
    var table: Table?
    var isNone = false
    var preformatted: String?
  }

  /// A block of Grand Totals figures, optionally under a sub-heading (`messages`, `smtpd`).
  struct FigureGroup {
    var groupHeading: String?
    var figures: [Figure]
  }

  /// One figure: the shown text, its machine-readable value, a label and a note.
  struct Figure {
    var figureText: String
    var figureValue: String
    var figureLabel: String
    var figureNote: String?
  }

  struct Table {
    var caption: String?
    var columns: [Column]
    var rows: Rows
    /// `cards`: a wide table whose rows become labelled cards on a phone (its cells carry
    /// their column's label, `Cell.cellLabel`).
    var tableClass: String?
    /// What `{{#rows}}` finds when `HTMLRenderer` writes the rows itself (see there); nil:
    /// the rows, for the templates to render.
    var rowsStandIn: MustacheLambda?

    init(caption: String?, columns: [Column], rows: Rows, tableClass: String? = nil) {
      self.caption = caption
      self.columns = columns
      self.rows = rows
      self.tableClass = tableClass
    }

    init(caption: String?, columns: [Column], rows: [Row]) {
      self.init(caption: caption, columns: columns, rows: Rows(rows))
    }
  }

  /// A table's rows, made one at a time from the report when they are written: the user
  /// tables can have hundreds of thousands, and a `Row` with its cells is a few hundred bytes.
  struct Rows {
    var count: Int
    var row: (Int) -> Row

    init(_ rows: [Row]) {
      count = rows.count
      row = { rows[$0] }
    }

    /// `make` applied to each element of `source`, when asked for.
    init<Source: RandomAccessCollection>(_ source: Source, _ make: @escaping (Source.Element) -> Row) where Source.Index == Int {
      count = source.count
      let start = source.startIndex
      row = { make(source[start + $0]) }
    }

    var all: [Row] { (0..<count).map(row) }
  }

  struct Column {
    var columnLabel: String
    var columnIsNumber: Bool
  }

  /// A row: either a group heading of a nested report (`rowLabel`, `rowNote`) or cells.
  struct Row {
    var isGroup: Bool
    var rowLabel: String
    var rowNote: String?
    var rowSpan: String
    /// `depth-N`: the indentation of a nested report's row (nil for flat tables).
    var rowClass: String?
    var cells: [Cell]

    static func group(_ label: String, note: String?, depth: Int, span: Int) -> Row {
      Row(isGroup: true, rowLabel: label, rowNote: note, rowSpan: String(span), rowClass: "group depth-\(depth)", cells: [])
    }

    static func cells(_ cells: [Cell], depth: Int = 0) -> Row {
      Row(isGroup: false, rowLabel: "", rowNote: nil, rowSpan: "1", rowClass: depth > 0 ? "depth-\(depth)" : nil, cells: cells)
    }
  }

  /// A table cell: the text shown and, for numbers, the machine-readable value
  /// (`<data value=…>`).
  struct Cell {
    var cellText: String
    var cellValue: String?
    var cellIsNumber: Bool
    /// A date or an hour slot: kept on one line (a phone would break `Nov 24 2026` in three).
    var cellIsDate = false
    var cellSpan: String?
    /// The column's label, shown before the value where the row is a card (`Table.tableClass`).
    var cellLabel: String?

    /// The cell with its column's label (`cellLabel`).
    func labelled(_ label: String) -> Cell {
      var c = self
      c.cellLabel = label
      return c
    }

    static func text(_ s: String, span: Int? = nil) -> Cell {
      Cell(cellText: s, cellValue: nil, cellIsNumber: false, cellSpan: span.map(String.init))
    }

    static func date(_ s: String) -> Cell {
      Cell(cellText: s, cellValue: nil, cellIsNumber: false, cellIsDate: true, cellSpan: nil)
    }

    static func number(_ shown: String, _ value: String) -> Cell {
      Cell(cellText: shown, cellValue: value, cellIsNumber: true, cellSpan: nil)
    }

    static func count(_ v: Int) -> Cell { .number(FigureText.count(v), String(v)) }
    static func count(_ v: Int64) -> Cell { .number(FigureText.count(v), String(v)) }
  }

  /// One input file with its problems.
  struct Input {
    var inputName: String
    var compressed: Bool
    var lines: String
    var linesValue: String
    var bytes: String
    var bytesValue: String
    var problems: [String]
    var hasProblems: Bool
  }
}

/// Mustache finds a table's members here rather than through `Mirror`, so that `rows` can be
/// the lazily made rows or, when `HTMLRenderer` writes them itself, its stand-in.
extension HTMLReportView.Table: MustacheParent {
  func child(named name: String) -> Any? {
    switch name {
    case "caption": caption
    case "tableClass": tableClass
    case "columns": columns
    case "rows": rowsStandIn ?? rows.all
    default: nil
    }
  }
}
