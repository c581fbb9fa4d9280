/// Writes a table's rows exactly as the built-in `table.mustache` renders them (the
/// `{{#rows}}…{{/rows}}` block), straight into the output.
///
/// Mustache renders a row in tens of microseconds (every name is looked up through `Mirror`,
/// and every level of the page is built as a String before the next level copies it); the
/// user tables have hundreds of thousands of rows. `HTMLRenderer` uses this only with the
/// built-in templates, and a test renders the same pages both ways and compares the bytes,
/// so a change to the row markup of `table.mustache` must be made here too.
enum HTMLTableRows {
  static func write(_ rows: HTMLReportView.Rows, to out: inout TextBuffer) {
    for i in 0..<rows.count {
      write(rows.row(i), to: &out)
      out.chunkDone()
    }
  }

  static func write(_ row: HTMLReportView.Row, to out: inout TextBuffer) {
    if row.isGroup {
      out.raw("<tr class=\"")
      out.htmlEscaped(row.rowClass ?? "")
      out.raw("\"><th colspan=\"")
      out.htmlEscaped(row.rowSpan)
      out.raw("\" scope=\"rowgroup\">")
      out.htmlEscaped(row.rowLabel)
      if let note = row.rowNote {
        out.raw(" <span class=\"note\">")
        out.htmlEscaped(note)
        out.raw("</span>")
      }
      out.raw("</th></tr>\n")
      return
    }
    out.raw("<tr")
    if let c = row.rowClass {
      out.raw(" class=\"")
      out.htmlEscaped(c)
      out.raw("\"")
    }
    out.raw(">")
    for cell in row.cells {
      out.raw("<td")
      if let span = cell.cellSpan {
        out.raw(" colspan=\"")
        out.htmlEscaped(span)
        out.raw("\"")
      }
      if cell.cellIsNumber { out.raw(" class=\"num\"") }
      if cell.cellIsDate { out.raw(" class=\"date\"") }
      if let label = cell.cellLabel {
        out.raw(" data-label=\"")
        out.htmlEscaped(label)
        out.raw("\"")
      }
      out.raw(">")
      if let value = cell.cellValue {
        out.raw("<data value=\"")
        out.htmlEscaped(value)
        out.raw("\">")
        out.htmlEscaped(cell.cellText)
        out.raw("</data>")
      } else {
        out.htmlEscaped(cell.cellText)
      }
      out.raw("</td>")
    }
    out.raw("</tr>\n")
  }
}

extension TextBuffer {
  /// `s` escaped as Mustache's `{{…}}` escapes it: `< > & " '` when they are a whole
  /// character (Mustache compares `Character`s, so `&` carrying a combining mark stays).
  mutating func htmlEscaped(_ s: String) {
    var plain = true
    for b in s.utf8 where b == 0x3C || b == 0x3E || b == 0x26 || b == 0x22 || b == 0x27 {
      plain = false
      break
    }
    if plain { return raw(s) }
    for c in s {
      switch c {
      case "<": raw("&lt;")
      case ">": raw("&gt;")
      case "&": raw("&amp;")
      case "\"": raw("&quot;")
      case "'": raw("&#39;")
      default: character(c)
      }
    }
  }
}
