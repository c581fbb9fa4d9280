import Foundation

/// The figures of a report, section by section, as the text report prints them: each line with
/// its runs of white space collapsed to one space. Built from the text report itself, and
/// independently from the HTML page, the CSV files and the JSON document, so that tests can
/// check that every output shows the text report's numbers.
///
/// The formatting here (`k`/`m` scaling, `%5.1f` delays, `h:mm:ss`) is written again from
/// pflogsumm's rules rather than borrowed from the renderers, so a shared mistake cannot hide.
public struct FigureSection: Equatable, Sendable, CustomStringConvertible {
  /// The heading as the text report prints it (`X` for "X: none").
  public var title: String
  public var lines: [String]

  public init(title: String, lines: [String]) {
    self.title = title
    self.lines = lines.map(HTMLPageScan.collapse)
  }

  public var description: String { ([title] + lines.map { "  " + $0 }).joined(separator: "\n") }

  /// Equal lines, where a line of `self` ending in ` (?)` (a count the source cannot know,
  /// such as a CSV group total under a top-N cut) matches any ` (…)` ending.
  public func agrees(with text: FigureSection) -> Bool {
    guard title == text.title, lines.count == text.lines.count else { return false }
    return zip(lines, text.lines).allSatisfy { mine, theirs in
      guard mine.hasSuffix(" (?)") else { return mine == theirs }
      let stem = mine.dropLast(3)
      return theirs.hasPrefix(stem) && theirs.hasSuffix(")")
    }
  }
}

public enum ReportFigures {
  /// Options that change how the text report shows figures; the test knows what it passed.
  public struct Layout: Sendable {
    public var iso: Bool
    public var quiet: Bool
    /// `--abuse-stats`: the text report has the abuse tables.
    public var abuse: Bool
    /// `--server-stats`: the text report has the Servers table.
    public var servers: Bool
    public init(iso: Bool = false, quiet: Bool = false, abuse: Bool = false, servers: Bool = false) {
      self.iso = iso
      self.quiet = quiet
      self.abuse = abuse
      self.servers = servers
    }
  }

  // MARK: - Text report

  /// The sections of a text report (the title line, notices and `Current Mail Queue` left out).
  public static func fromText(_ text: String) -> [FigureSection] {
    let lines = splitLines(text)
    var sections: [FigureSection] = []
    var current: (title: String, lines: [String])?
    func close() {
      if let c = current { sections.append(FigureSection(title: c.title, lines: c.lines)) }
      current = nil
    }
    func isDashes(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0 == "-" || $0 == " " } && s.contains("-") }
    var i = 0
    while i < lines.count {
      let line = lines[i]
      let next = i + 1 < lines.count ? lines[i + 1] : ""
      let startsColumnZero = !line.isEmpty && !line.hasPrefix(" ")
      if startsColumnZero, !next.isEmpty, next.allSatisfy({ $0 == "-" }), next.utf8.count == line.utf8.count {
        close()
        current = (line, [])
        i += 2
        continue
      }
      let prevBlank = i == 0 || lines[i - 1].isEmpty
      if startsColumnZero, prevBlank, line.hasSuffix(": none") {
        close()
        sections.append(FigureSection(title: String(line.dropLast(": none".count)), lines: []))
        i += 1
        continue
      }
      if startsColumnZero, prevBlank, line.range(of: #"^(Senders|Recipients) by message (count|size) \(0\)$"#, options: .regularExpression) != nil {
        close()
        sections.append(FigureSection(title: line, lines: []))
        i += 1
        continue
      }
      if current != nil {
        // A table header is the line above a dashed rule; both are layout, not figures.
        if isDashes(next) && !line.isEmpty && !isDashes(line) {
          i += 2
          continue
        }
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { current!.lines.append(line) }
      }
      i += 1
    }
    close()
    // The findings and the submitters (with `--abuse-stats`) have no figure readers for the
    // other formats: `SubmitterTests` checks them against the actors' ground truth.
    return sections.filter { $0.title != "Current Mail Queue" && !isSubmitterSection($0.title) }
  }

  // MARK: - HTML page

  /// The page's sections in page order, without the input files (not part of the text report),
  /// the mail queue (preformatted text) and the sections the text report has only by option
  /// or not at all (`pageOwnSectionIDs`).
  public static func fromHTML(_ html: String) -> [FigureSection] {
    HTMLPageScan.sections(scaledAsInText(html)).filter { $0.id != "inputs" && $0.id != "mail-queue" && !pageOwnSectionIDs.contains($0.id) }
      .map { FigureSection(title: $0.title, lines: $0.rows) }
  }

  /// The page's sections that have no figure readers here: the who-is-sending sections (in the
  /// text report with `--abuse-stats` only; `SubmitterTests` checks them).
  public static let pageOwnSectionIDs: Set<String> = ["findings", "submitters"]

  /// The page shows the Servers table for two hosts or more; the text report with
  /// `--server-stats` whatever the number.
  public static func isServersSection(_ title: String) -> Bool { title == "Servers" }

  /// A Servers row as the text report prints it (whitespace collapsed).
  static func serverLine(_ figures: [Int64], host: String) -> String {
    (figures.map(units) + [host]).joined(separator: " ")
  }

  /// The Servers columns, as JSON and CSV name them, in the text report's order.
  static let serverColumns = ["lines", "received", "delivered", "deferred", "bounced", "rejected", "bytes_received", "bytes_delivered"]

  /// The Servers section of `--server-stats` from rows of named figures.
  static func serversSection(_ rows: [(figure: (String) -> Int64, host: String)], _ layout: Layout) -> [FigureSection] {
    guard layout.servers else { return [] }
    if rows.isEmpty { return layout.quiet ? [] : [FigureSection(title: "Servers", lines: [])] }
    return [FigureSection(title: "Servers", lines: rows.map { r in serverLine(serverColumns.map(r.figure), host: r.host) })]
  }

  /// The page with every exact figure (`<data value="734063211">734,063,211</data>`) written
  /// as the text report writes it (`700m`; seconds, `3,600s`, unscaled: `3600s`), so that the
  /// two compare line by line. A figure whose text is not its value with digit grouping is
  /// left as it is (and so differs).
  public static func scaledAsInText(_ html: String) -> String {
    let ns = html as NSString
    let regex = try! NSRegularExpression(pattern: #"(<data[^>]* value="(\d+)"[^>]*>)([0-9,]+)(s?)(</data>)"#)  // Safe: constant.
    var out = ""
    var last = 0
    for m in regex.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
      out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
      let value = ns.substring(with: m.range(at: 2))
      let shown = ns.substring(with: m.range(at: 3))
      let seconds = ns.substring(with: m.range(at: 4))
      let asInText = Int64(value).flatMap { grouped($0) == shown ? (seconds.isEmpty ? units($0) : value) : nil } ?? shown
      out += ns.substring(with: m.range(at: 1)) + asInText + seconds + ns.substring(with: m.range(at: 5))
      last = m.range.location + m.range.length
    }
    out += ns.substring(from: last)
    // The deferrals note of Grand Totals, `(1,316 deferrals)`, is text, not a `<data>`.
    let note = try! NSRegularExpression(pattern: #"\(([0-9]{1,3}(?:,[0-9]{3})+) deferrals\)"#)  // Safe: constant.
    for m in note.matches(in: out, range: NSRange(location: 0, length: (out as NSString).length)).reversed() {
      let shown = (out as NSString).substring(with: m.range(at: 1))
      guard let value = Int64(shown.replacingOccurrences(of: ",", with: "")) else { continue }
      out = (out as NSString).replacingCharacters(in: m.range(at: 1), with: units(value))
    }
    return out
  }

  /// `734,063,211`, written again here (not borrowed from the renderers).
  public static func grouped(_ v: Int64) -> String {
    let digits = Array(String(v))
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  // MARK: - JSON document

  public static func fromJSON(_ j: JSONValue, layout: Layout) -> [FigureSection] {
    var out: [FigureSection] = []
    let dayCount = Int(j["day_count"]?.int ?? 0)
    let t = j["totals"] ?? .null
    func n(_ v: JSONValue?, _ key: String) -> Int64 { v?[key]?.int ?? -1 }
    var grand = ["messages"]
    grand += [("received", "received"), ("delivered", "delivered"), ("forwarded", "forwarded")].map { "\(units(n(t, $0.0))) \($0.1)" }
    let deferrals = n(t, "deferrals")
    grand.append("\(units(n(t, "deferred"))) deferred" + (deferrals > 0 ? " (\(units(deferrals)) deferrals)" : ""))
    grand += ["\(units(n(t, "bounced"))) bounced", "\(units(n(t, "removed"))) removed (canceled)", "\(units(n(t, "expired"))) expired"]
    grand.append("\(units(n(t, "rejected"))) rejected (\(n(t, "rejected_percent"))%)")
    grand += ["\(units(n(t, "reject_warnings"))) reject warnings", "\(units(n(t, "held"))) held"]
    grand.append("\(units(n(t, "discarded"))) discarded (\(n(t, "discarded_percent"))%)")
    grand += [
      ("bytes_received", "bytes received"), ("bytes_delivered", "bytes delivered"), ("senders", "senders"),
      ("sending_domains", "sending hosts/domains"), ("recipients", "recipients"), ("recipient_domains", "recipient hosts/domains"),
    ].map { "\(units(n(t, $0.0))) \($0.1)" }
    for (key, name, clients) in [("smtpd_totals", "smtpd", "hosts/domains"), ("postscreen_totals", "postscreen", "IP addresses")] {
      guard let c = j[key], !c.isNull else { continue }
      grand += [
        name, "\(units(n(c, "connections"))) connections", "\(units(n(c, "clients"))) \(clients)",
        "\(n(c, "average_seconds")) avg. connect time (seconds)", "\(hms(n(c, "total_seconds"))) total connect time",
      ]
    }
    out.append(FigureSection(title: "Grand Totals", lines: grand))
    out += serversSection((j["servers"]?.array ?? []).map { r in ({ n(r, $0) }, r["host"]?.string ?? "?") }, layout)
    if layout.abuse {
      for (key, title, distinct) in [
        ("auth_failures", abuseTitles[0], "distinct_logins"), ("relay_denied", abuseTitles[1], "distinct_recipient_domains"),
      ] {
        let rows = j[key]?.array ?? []
        out += abuseSection(title, rows.count, layout) {
          rows.map { r in
            abuseLine(n(r, "attempts"), n(r, distinct), r["first"]?.string, r["last"]?.string, r["client"]?.string, r["host"]?.string, layout)
          }
        }
      }
      let classes = j["reject_classes"]?.array ?? []
      out += abuseSection(abuseTitles[2], classes.isEmpty ? 0 : nil, layout) {
        classes.map { r in
          "\(units(n(r, "code_4xx"))) \(units(n(r, "code_5xx"))) \(units(n(r, "total"))) \(rejectClassLabels[r["class"]?.string ?? ""] ?? "?")"
        }
      }
    }

    let traffic = ["received", "delivered", "deferred", "bounced", "rejected"]
    if let perHour = j["per_hour"]?.array {
      if let perDay = j["per_day"]?.array, dayCount > 1 {
        out.append(
          FigureSection(
            title: "Per-Day Traffic Summary",
            lines: perDay.map { d in ([date(d["date"]?.string ?? "", layout.iso)] + traffic.map { units(n(d, $0)) }).joined(separator: " ") }))
      }
      out.append(
        FigureSection(
          title: "Per-Hour Traffic \(dayCount > 1 ? "Daily Average" : "Summary")",
          lines: perHour.map { h in
            ([hour(Int(n(h, "hour")), layout.iso)] + traffic.map { units(n(h["daily_average"], $0)) }).joined(separator: " ")
          }))
    }
    if let d = j["delivery_domains"], !d.isNull {
      out.append(
        FigureSection(
          title: "Host/Domain Summary: Message Delivery \(topCount(d["limit"]?.int, n(d, "total_rows")))",
          lines: (d["rows"]?.array ?? []).map { r in
            "\(units(n(r, "delivered"))) \(units(n(r, "bytes"))) \(units(n(r, "deferrals"))) \(delay(r["average_delay"]?.double ?? -1)) \(delay(r["max_delay"]?.double ?? -1)) \(r["domain"]?.string ?? "?")"
          }))
    }
    if let d = j["received_domains"], !d.isNull {
      out.append(
        FigureSection(
          title: "Host/Domain Summary: Messages Received \(topCount(d["limit"]?.int, n(d, "total_rows")))",
          lines: (d["rows"]?.array ?? []).map { r in "\(units(n(r, "messages"))) \(units(n(r, "bytes"))) \(r["domain"]?.string ?? "?")" }))
    }
    if let s = j["smtpd_totals"], !s.isNull {
      if let rows = j["smtpd_per_day"]?.array, dayCount > 1 {
        out.append(
          FigureSection(
            title: "Per-Day SMTPD Connection Summary",
            lines: rows.map { r in
              "\(date(r["date"]?.string ?? "", layout.iso)) \(units(n(r, "connections"))) \(hms(n(r, "total_seconds"))) \(n(r, "average_seconds"))s \(n(r, "max_seconds"))s"
            }))
      }
      if let rows = j["smtpd_per_hour"]?.array {
        let average = dayCount > 1
        out.append(
          FigureSection(
            title: "Per-Hour SMTPD Connection \(average ? "Daily Average" : "Summary")",
            lines: rows.map { r in
              let h = hour(Int(n(r, "hour")), layout.iso)
              if average {
                return "\(h) \(units(n(r["daily_average"], "connections"))) \(hms(n(r["daily_average"], "total_seconds")))"
              }
              return "\(h) \(units(n(r, "connections"))) \(hms(n(r, "total_seconds"))) \(n(r, "average_seconds"))s \(n(r, "max_seconds"))s"
            }))
      }
      if let d = j["smtpd_domains"], !d.isNull {
        out.append(
          FigureSection(
            title: "Host/Domain Summary: SMTPD Connections \(topCount(d["limit"]?.int, n(d, "total_rows")))",
            lines: (d["rows"]?.array ?? []).map { r in
              "\(units(n(r, "connections"))) \(hms(n(r, "total_seconds"))) \(n(r, "average_seconds"))s \(n(r, "max_seconds"))s \(r["domain"]?.string ?? "?")"
            }))
      }
    }
    func detail(_ d: JSONValue?) {
      guard let d, !d.isNull else { return }
      let title = d["title"]?.string ?? "?"
      if (d["children"]?.array ?? []).isEmpty && (d["leaves"]?.array ?? []).isEmpty {
        if !layout.quiet { out.append(FigureSection(title: title, lines: [])) }
        return
      }
      var lines: [String] = []
      let limit = d["limit"]?.int
      func walk(_ node: JSONValue) {
        let children = node["children"]?.array ?? []
        if children.isEmpty {
          for leaf in node["leaves"]?.array ?? [] { lines.append("\(units(n(leaf, "count"))) \(leaf["key"]?.string ?? "?")") }
          return
        }
        for child in children {
          var line = child["key"]?.string ?? "?"
          if (child["children"]?.array ?? []).isEmpty {
            line += " ("
            if let limit, limit > 0, n(child, "distinct_leaves") > limit { line += "top \(limit) of " }
            line += "\(n(child, "total")))"
          }
          lines.append(line)
          walk(child)
        }
      }
      walk(d)
      out.append(FigureSection(title: title, lines: lines))
    }
    detail(j["tls_levels"])
    for (key, title) in userTables {
      guard let u = j[key], !u.isNull else { continue }
      let heading = "\(title) \(topCount(u["limit"]?.int, n(u, "total_rows")))"
      let value = key.hasSuffix("size") ? "bytes" : "messages"
      if n(u, "total_rows") == 0 {
        if !layout.quiet { out.append(FigureSection(title: heading, lines: [])) }
        continue
      }
      out.append(FigureSection(title: heading, lines: (u["rows"]?.array ?? []).map { "\(units(n($0, value))) \($0["address"]?.string ?? "?")" }))
    }
    if let rows = j["messages_without_size"]?.array, !rows.isEmpty {
      out.append(
        FigureSection(
          title: "Messages with no size data (\(rows.count))",
          lines: rows.map { "\($0["queue_id"]?.string ?? "?") \($0["recipient"]?.string ?? "?")" }))
    }
    for key in problemKeys { detail(j[key]) }
    let master = j["master_messages"]?.array ?? []
    if !master.isEmpty || !layout.quiet {
      out.append(FigureSection(title: "Master daemon messages", lines: master.map { "\(units(n($0, "count"))) \($0["key"]?.string ?? "?")" }))
    }
    if let detail = j["message_detail"]?.array, !detail.isEmpty || !layout.quiet {
      var lines: [String] = []
      for m in detail {
        lines.append("\(m["queue_id"]?.string ?? "?") \(m["sender"]?.string ?? "?")")
        lines += (m["recipients"]?.array ?? []).map { $0.string ?? "?" }
      }
      out.append(FigureSection(title: "Message detail", lines: lines))
    }
    return out
  }

  // MARK: - CSV files

  /// From the files of one CSV directory (name → contents). Throws when a file is not valid
  /// RFC 4180 or a referenced file is missing.
  public static func fromCSV(_ files: [String: String], layout: Layout) throws -> [FigureSection] {
    func rows(_ name: String) throws -> [[String: String]]? {
      guard let text = files[name] else { return nil }
      return try CSVReader.rows(text).map { $0.mapValues(CSVReader.unneutralised) }
    }
    func required(_ name: String) throws -> [[String: String]] {
      guard let r = try rows(name) else { throw CSVReader.Failure(description: "\(name) missing") }
      return r
    }
    func n(_ row: [String: String], _ key: String) -> Int64 { Int64(row[key] ?? "") ?? -1 }
    var index: [String: [String: String]] = [:]
    for row in try required("index.csv") { index[row["file"] ?? ""] = row }
    func heading(_ file: String) -> String {
      guard let entry = index[file] else { return "?" }
      let total = Int64(entry["total_rows"] ?? "") ?? -1
      return "\(entry["title"] ?? "?") \(topCount(Int64(entry["limit"] ?? ""), total))"
    }
    let info = Dictionary(uniqueKeysWithValues: try required("report.csv").map { ($0["field"] ?? "", $0["value"] ?? "") })
    let dayCount = Int(info["day_count"] ?? "") ?? -1
    let totals = Dictionary(uniqueKeysWithValues: try required("totals.csv").map { ($0["metric"] ?? "", Int64($0["value"] ?? "") ?? -1) })
    func t(_ k: String) -> Int64 { totals[k] ?? -1 }

    var out: [FigureSection] = []
    var grand = ["messages"]
    grand += ["received", "delivered", "forwarded"].map { "\(units(t($0))) \($0)" }
    grand.append("\(units(t("deferred"))) deferred" + (t("deferrals") > 0 ? " (\(units(t("deferrals"))) deferrals)" : ""))
    grand += ["\(units(t("bounced"))) bounced", "\(units(t("removed"))) removed (canceled)", "\(units(t("expired"))) expired"]
    grand.append("\(units(t("rejected"))) rejected (\(t("rejected_percent"))%)")
    grand += ["\(units(t("reject_warnings"))) reject warnings", "\(units(t("held"))) held"]
    grand.append("\(units(t("discarded"))) discarded (\(t("discarded_percent"))%)")
    grand += [
      ("bytes_received", "bytes received"), ("bytes_delivered", "bytes delivered"), ("senders", "senders"),
      ("sending_domains", "sending hosts/domains"), ("recipients", "recipients"), ("recipient_domains", "recipient hosts/domains"),
    ].map { "\(units(t($0.0))) \($0.1)" }
    for (p, clients) in [("smtpd", "hosts/domains"), ("postscreen", "IP addresses")] where totals["\(p)_connections"] != nil {
      grand += [
        p, "\(units(t("\(p)_connections"))) connections", "\(units(t("\(p)_clients"))) \(clients)",
        "\(t("\(p)_average_seconds")) avg. connect time (seconds)", "\(hms(t("\(p)_total_seconds"))) total connect time",
      ]
    }
    out.append(FigureSection(title: "Grand Totals", lines: grand))
    out += serversSection(try required("servers.csv").map { r in ({ n(r, $0) }, r["host"] ?? "?") }, layout)
    if layout.abuse {
      for (file, title, distinct) in [
        ("auth_failures.csv", abuseTitles[0], "distinct_logins"), ("relay_denied.csv", abuseTitles[1], "distinct_recipient_domains"),
      ] {
        let r = try required(file)
        out += abuseSection(title, r.count, layout) {
          r.map { abuseLine(n($0, "attempts"), n($0, distinct), $0["first"], $0["last"], $0["client"], $0["host"], layout) }
        }
      }
      let classes = try required("reject_classes.csv")
      out += abuseSection(abuseTitles[2], classes.isEmpty ? 0 : nil, layout) {
        classes.map {
          "\(units(n($0, "code_4xx"))) \(units(n($0, "code_5xx"))) \(units(n($0, "total"))) \(rejectClassLabels[$0["class"] ?? ""] ?? "?")"
        }
      }
    }

    let traffic = ["received", "delivered", "deferred", "bounced", "rejected"]
    if let perHour = try rows("per_hour.csv") {
      if let perDay = try rows("per_day.csv"), dayCount > 1 {
        out.append(
          FigureSection(
            title: "Per-Day Traffic Summary",
            lines: perDay.map { d in ([date(d["date"] ?? "", layout.iso)] + traffic.map { units(n(d, $0)) }).joined(separator: " ") }))
      }
      out.append(
        FigureSection(
          title: "Per-Hour Traffic \(dayCount > 1 ? "Daily Average" : "Summary")",
          lines: perHour.map { h in
            ([hour(Int(n(h, "hour")), layout.iso)] + traffic.map { units(n(h, $0 + "_daily_average")) }).joined(separator: " ")
          }))
    }
    if let r = try rows("delivery_domains.csv") {
      out.append(
        FigureSection(
          title: heading("delivery_domains.csv"),
          lines: r.map {
            "\(units(n($0, "delivered"))) \(units(n($0, "bytes"))) \(units(n($0, "deferrals"))) \(delay(Double($0["average_delay_seconds"] ?? "") ?? -1)) \(delay(Double($0["max_delay_seconds"] ?? "") ?? -1)) \($0["domain"] ?? "?")"
          }))
    }
    if let r = try rows("received_domains.csv") {
      out.append(
        FigureSection(
          title: heading("received_domains.csv"),
          lines: r.map { "\(units(n($0, "messages"))) \(units(n($0, "bytes"))) \($0["domain"] ?? "?")" }))
    }
    if totals["smtpd_connections"] != nil {
      if let r = try rows("smtpd_per_day.csv"), dayCount > 1 {
        out.append(
          FigureSection(
            title: "Per-Day SMTPD Connection Summary",
            lines: r.map {
              "\(date($0["date"] ?? "", layout.iso)) \(units(n($0, "connections"))) \(hms(n($0, "total_seconds"))) \(n($0, "average_seconds"))s \(n($0, "max_seconds"))s"
            }))
      }
      if let r = try rows("smtpd_per_hour.csv") {
        let average = dayCount > 1
        out.append(
          FigureSection(
            title: "Per-Hour SMTPD Connection \(average ? "Daily Average" : "Summary")",
            lines: r.map {
              let h = hour(Int(n($0, "hour")), layout.iso)
              if average {
                return "\(h) \(units(n($0, "connections_daily_average"))) \(hms(n($0, "total_seconds_daily_average")))"
              }
              return "\(h) \(units(n($0, "connections"))) \(hms(n($0, "total_seconds"))) \(n($0, "average_seconds"))s \(n($0, "max_seconds"))s"
            }))
      }
      if let r = try rows("smtpd_domains.csv") {
        out.append(
          FigureSection(
            title: heading("smtpd_domains.csv"),
            lines: r.map {
              "\(units(n($0, "connections"))) \(hms(n($0, "total_seconds"))) \(n($0, "average_seconds"))s \(n($0, "max_seconds"))s \($0["domain"] ?? "?")"
            }))
      }
    }
    func detail(_ file: String) throws {
      guard let text = files[file] else { return }
      let records = try CSVReader.records(text).map { $0.map(CSVReader.unneutralised) }
      let title = index[file]?["title"] ?? "?"
      let limited = !(index[file]?["limit"] ?? "").isEmpty
      let body = Array(records.dropFirst())
      if body.isEmpty {
        if !layout.quiet { out.append(FigureSection(title: title, lines: [])) }
        return
      }
      let inner = (records.first?.count ?? 2) - 2  // columns: inner levels…, leaf key, count
      var lines: [String] = []
      var previous: [String] = []
      var k = 0
      while k < body.count {
        let path = Array(body[k].prefix(inner))
        var end = k
        while end < body.count, Array(body[end].prefix(inner)) == path { end += 1 }
        let common = zip(previous, path).prefix { $0 == $1 }.count
        for level in common..<inner {
          if level == inner - 1 {
            let total = body[k..<end].reduce(Int64(0)) { $0 + (Int64($1[inner + 1]) ?? -1) }
            lines.append(path[level] + (limited ? " (?)" : " (\(total))"))
          } else {
            lines.append(path[level])
          }
        }
        for r in body[k..<end] { lines.append("\(units(Int64(r[inner + 1]) ?? -1)) \(r[inner])") }
        previous = path
        k = end
      }
      out.append(FigureSection(title: title, lines: lines))
    }
    try detail("tls_levels.csv")
    for (key, _) in userTables {
      guard let r = try rows(key + ".csv") else { continue }
      let total = Int64(index[key + ".csv"]?["total_rows"] ?? "") ?? -1
      if total == 0 {
        if !layout.quiet { out.append(FigureSection(title: heading(key + ".csv"), lines: [])) }
        continue
      }
      let value = key.hasSuffix("size") ? "bytes" : "messages"
      out.append(FigureSection(title: heading(key + ".csv"), lines: r.map { "\(units(n($0, value))) \($0["address"] ?? "?")" }))
    }
    if let r = try rows("messages_without_size.csv"), !r.isEmpty {
      out.append(
        FigureSection(title: "Messages with no size data (\(r.count))", lines: r.map { "\($0["queue_id"] ?? "?") \($0["recipient"] ?? "?")" }))
    }
    for key in problemKeys { try detail(key + ".csv") }
    let master = try required("master_messages.csv")
    if !master.isEmpty || !layout.quiet {
      out.append(FigureSection(title: "Master daemon messages", lines: master.map { "\(units(n($0, "count"))) \($0["message"] ?? "?")" }))
    }
    if let r = try rows("message_detail.csv"), !r.isEmpty || !layout.quiet {
      var lines: [String] = []
      var last: String?
      for row in r {
        let head = "\(row["queue_id"] ?? "?") \(row["sender"] ?? "?")"
        if head != last { lines.append(head) }
        last = head
        if let rcpt = row["recipient"], !rcpt.isEmpty { lines.append(rcpt) }
      }
      out.append(FigureSection(title: "Message detail", lines: lines))
    }
    return out
  }

  // MARK: - The abuse tables

  /// The titles of the abuse tables, which the text report has only with `--abuse-stats`.
  public static let abuseTitles = ["SASL Authentication Failures by Client", "Relay Access Denied by Client", "Reject Classes"]

  /// Whether `title` (as `fromText` or `fromHTML` read it) is an abuse table's.
  /// The findings and the submitter table of `--abuse-stats`.
  public static func isSubmitterSection(_ title: String) -> Bool {
    title == "Findings" || title == "Submitters" || title.hasPrefix("Submitters (")
  }

  public static func isAbuseSection(_ title: String) -> Bool {
    abuseTitles.contains { title == $0 || title.hasPrefix($0 + " (") }
  }

  /// The text report's names of the reject classes, by their JSON and CSV names.
  static let rejectClassLabels = [
    "dnsbl": "DNSBL", "relay_denied": "relay denied", "unknown_user": "unknown user", "helo": "HELO", "sender": "sender",
    "client": "client", "policy": "policy/greylist", "header_body_check": "header/body check", "size": "size",
    "postscreen": "postscreen", "other": "other",
  ]

  /// An abuse table: `title (rows)` with its lines, `title: none` (unless quiet) without
  /// rows; `rows` nil for a table whose title carries no count.
  static func abuseSection(_ title: String, _ rows: Int?, _ layout: Layout, _ lines: () -> [String]) -> [FigureSection] {
    if rows == 0 { return layout.quiet ? [] : [FigureSection(title: title, lines: [])] }
    return [FigureSection(title: rows.map { "\(title) (\($0))" } ?? title, lines: lines())]
  }

  /// A client row as the text report prints it: attempts, distinct, first and last time, and
  /// the client as Postfix logs it (`host[ip]`).
  static func abuseLine(
    _ attempts: Int64, _ distinct: Int64, _ first: String?, _ last: String?, _ client: String?, _ host: String?, _ layout: Layout
  ) -> String {
    func moment(_ t: String?) -> String {
      let parts = (t ?? "?").split(separator: "T", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { return "?" }
      return date(parts[0], layout.iso) + " " + parts[1]
    }
    let ip = client ?? "?"
    let name = (host ?? "").isEmpty ? ip : "\(host ?? "")[\(ip)]"
    return "\(units(attempts)) \(units(distinct)) \(moment(first)) \(moment(last)) \(name)"
  }

  // MARK: - pflogsumm's formats, independently

  static let userTables = [
    ("senders_by_count", "Senders by message count"), ("recipients_by_count", "Recipients by message count"),
    ("senders_by_size", "Senders by message size"), ("recipients_by_size", "Recipients by message size"),
  ]
  static let problemKeys = [
    "deferral_detail", "bounce_detail", "expired_detail", "reject_detail", "reject_warning_detail", "hold_detail",
    "discard_detail", "inbound_tls_errors", "smtp_exceptions", "warnings", "postscreen_actions", "fatal_errors", "panics",
  ]

  /// `%d` plus pflogsumm's unit: above 512 MiB in `m`, above 512 KiB in `k`, truncated.
  public static func units(_ v: Int64) -> String {
    if v > 536_870_912 { return "\(v / 1_048_576)m" }
    if v > 524_288 { return "\(v / 1024)k" }
    return "\(v)"
  }

  /// `%5.1f s|m|h`.
  public static func delay(_ seconds: Double) -> String {
    if seconds > 3600 { return String(format: "%.1f h", seconds / 3600) }
    if seconds > 60 { return String(format: "%.1f m", seconds / 60) }
    return String(format: "%.1f s", seconds)
  }

  public static func hms(_ seconds: Int64) -> String {
    String(format: "%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60)
  }

  static func topCount(_ limit: Int64?, _ total: Int64) -> String {
    if let limit, limit > 0, total > limit { return "(top \(limit) of \(total))" }
    return "(\(total))"
  }

  static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// `2026-11-24` → `Nov 24 2026` (the text report's date unless `--iso-date-time`).
  static func date(_ iso: String, _ keepISO: Bool) -> String {
    let p = iso.split(separator: "-").compactMap { Int($0) }
    guard !keepISO, p.count == 3, (1...12).contains(p[1]) else { return iso }
    return "\(months[p[1] - 1]) \(p[2]) \(p[0])"
  }

  static func hour(_ h: Int, _ iso: Bool) -> String {
    iso ? String(format: "%02d:00-%02d:00", h, h + 1) : String(format: "%02d00-%02d00", h, h + 1)
  }

  /// Lines split on LF only (a CR inside a log text stays in its line, as the text report has it).
  static func splitLines(_ text: String) -> [String] {
    var lines: [String] = []
    var current = String.UnicodeScalarView()
    for s in text.unicodeScalars {
      if s == "\n" {
        lines.append(String(current))
        current = String.UnicodeScalarView()
      } else {
        current.append(s)
      }
    }
    if !current.isEmpty { lines.append(String(current)) }
    return lines
  }
}
