import Dispatch
import ForkJoin
import Foundation
import PostfixCore
import ReportModel
import Renderers

/// The archive's pages, made from its days (`DayStore`): `days/YYYY-MM-DD/`, `weeks/YYYY-Www/`
/// and `months/YYYY-MM/`, each with `index.html` (the report page with previous / next / up
/// links), `report.txt`, `report.json` and `csv/`; and `index.html`, the months and weeks.
///
/// A page is made again only when what it is made from changed: its days' data (their
/// `DayStore.stamp`), its links, the report options, the templates, postsumm's version. That is
/// one digest, kept in the page's `.page.json` with the figures the front page shows; a page
/// whose digest is unchanged is not read, merged or written. Every file is written to a
/// temporary name and renamed (`AtomicFile`); the `.page.json` goes last, so a page cut short
/// by a killed run is made again by the next one. Days are written before the weeks and months
/// that link down to them, and the front page last.
struct ArchiveSite {
  var root: String
  var store: any DayStore
  var parse: ParseOptions
  var report: ReportOptions
  var meta: ReportMeta
  var templateDirectory: String?
  /// `POSTSUMM_PHASES=1`: when each page was made.
  var phases: PhaseTimer?

  /// What a pass over the pages did.
  struct Outcome {
    /// The pages made (their directories, `index.html` for the front page), in the order written.
    var written: [String] = []
    var kept = 0
    var failures: [OutputFailure] = []
    /// Days whose data could not be read (each told once, in `failures`).
    var unreadable: Set<Day> = []
  }

  /// What `.page.json` keeps: the digest the page was made from, and its front-page figures.
  struct PageRecord: Codable {
    var digest: String
    var entry: ArchiveIndex.Entry
  }

  static let recordName = ".page.json"

  func update() -> Outcome {
    var outcome = Outcome()
    let days: [Day]
    do {
      days = try store.days()
    } catch {
      outcome.failures.append(error)
      return outcome
    }
    let rendering: String
    do {
      rendering = try renderingDigest()
    } catch {
      outcome.failures.append(OutputFailure(message: "cannot render html: \(error)", status: .ioError))
      return outcome
    }
    let (dayPages, weeks, months) = ArchivePeriod.periods(of: days)
    let weekOf = Dictionary(uniqueKeysWithValues: weeks.flatMap { w in w.days.map { ($0, w) } })
    let monthOf = Dictionary(uniqueKeysWithValues: months.flatMap { m in m.days.map { ($0, m) } })
    let home = PageNavigation.Link(label: "Archive", href: "../../index.html")
    var entries: [ArchivePeriod.Kind: [ArchiveIndex.Entry]] = [:]
    for list in [dayPages, weeks, months] {
      for (i, period) in list.enumerated() {
        var up: [PageNavigation.Link] = []
        var down: [PageNavigation.Link] = []
        if period.kind == .day {
          for parent in [weekOf[period.days[0]], monthOf[period.days[0]]].compactMap({ $0 }) {
            up.append(PageNavigation.Link(label: parent.label, href: parent.href))
          }
        } else {
          down = period.days.map { d in
            let day = ArchivePeriod(kind: .day, id: d.iso, days: [d])
            return PageNavigation.Link(label: day.label, href: day.href)
          }
        }
        up.append(home)
        let link = { (p: ArchivePeriod) in PageNavigation.Link(label: p.label, href: p.href) }
        let navigation = PageNavigation(
          previous: i > 0 ? link(list[i - 1]) : nil, next: i + 1 < list.count ? link(list[i + 1]) : nil, up: up,
          down: down, downTitle: "Days")
        if let entry = page(period, navigation, rendering: rendering, &outcome) {
          entries[period.kind, default: []].append(entry)
        }
      }
    }
    frontPage(months: entries[.month] ?? [], weeks: entries[.week] ?? [], rendering: rendering, &outcome)
    return outcome
  }

  /// What shapes every page besides its data: postsumm's version, the report options, the
  /// templates.
  private func renderingDigest() throws -> String {
    var digest = ContentDigest()
    digest.add(meta.generator)
    digest.add(meta.version)
    digest.add(String(describing: report))
    for (name, source) in try ArchiveIndexRenderer(templateDirectory: templateDirectory).templateSources()
      .sorted(by: { $0.key < $1.key })
    {
      digest.add(name)
      digest.add(source)
    }
    return digest.hex
  }

  private func record(at directory: String) -> PageRecord? {
    guard case .success(let bytes) = WholeFile.read("\(root)/\(directory)/\(Self.recordName)", limit: 1 << 24) else {
      return nil
    }
    return try? JSONDecoder().decode(PageRecord.self, from: Data(bytes))
  }

  private func writeRecord(_ record: PageRecord, at directory: String) -> OutputFailure? {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(record) else {
      return OutputFailure(message: "\(root)/\(directory)/\(Self.recordName): cannot encode", status: .ioError)
    }
    return WholeFile.write(Array(data), to: "\(root)/\(directory)/\(Self.recordName)")
  }

  /// Makes one period's page unless it is up to date; its front-page figures either way (nil
  /// when it could not be made and has none from before).
  private func page(_ period: ArchivePeriod, _ navigation: PageNavigation, rendering: String, _ outcome: inout Outcome)
    -> ArchiveIndex.Entry?
  {
    var digest = ContentDigest()
    digest.add(rendering)
    digest.add(period.directory)
    digest.add(navigation.previous?.href ?? "")
    digest.add(navigation.next?.href ?? "")
    for link in navigation.up + navigation.down {
      digest.add(link.label)
      digest.add(link.href)
    }
    for day in period.days {
      digest.add(day.iso)
      digest.add(store.stamp(day))
    }
    let previous = record(at: period.directory)
    if let previous, previous.digest == digest.hex {
      outcome.kept += 1
      return previous.entry
    }
    // The days merged in order from the start of the log (`Summary.merging`), one at a time.
    // A page needing a day that cannot be read is kept as it was.
    if period.days.contains(where: outcome.unreadable.contains) { return previous?.entry }
    // Each day is read on another thread while the one before it is merged (as aggregate inputs
    // are: `Pipeline.combine`), two in memory at most besides the total.
    var total = Summary.first(options: parse)
    var reading = DayReading(store, period.days[0])
    for (k, day) in period.days.enumerated() {
      let read = reading.wait()
      if k + 1 < period.days.count { reading = DayReading(store, period.days[k + 1]) }
      switch read {
      case .success(let summary):
        total.merge(summary, options: parse)
      case .failure(let error):
        outcome.failures.append(error)
        outcome.unreadable.insert(day)
        return previous?.entry
      }
    }
    total.finish()
    var report = ReportBuilder.build(total, options: self.report, meta: meta, inputs: [])
    report.navigation = navigation
    let page = ReportBuilder.withWholeTexts(report, from: total, options: self.report)
    // Nothing reads the merged days from here on: their memory goes before the outputs'.
    total = Summary()
    let directory = "\(root)/\(period.directory)"
    let writer = OutputWriter(templateDirectory: templateDirectory, capture: nil)
    // The page and the JSON document, the two largest renderings, made at once in memory; the
    // text and the CSV files streamed as they are written.
    let (html, json) = ForkJoin.both({ writer.render(page, as: .html) }, { writer.render(report, as: .json) })
    enum Output {
      case rendered(Result<CollectedOutput, OutputFailure>)
      case streamed(Report)
    }
    let outputs: [(Output, OutputTarget)] = [
      (.rendered(html), OutputTarget(format: .html, path: "\(directory)/index.html")),
      (.streamed(report), OutputTarget(format: .text, path: "\(directory)/report.txt")),
      (.rendered(json), OutputTarget(format: .json, path: "\(directory)/report.json")),
      (.streamed(report), OutputTarget(format: .csv, path: "\(directory)/csv/")),
    ]
    // Written one after the other, on this thread: a file that outgrows the size limit
    // (SIGXFSZ) stops the run here as everywhere else — written on dispatch's threads it came
    // back as a write error instead (`ArchiveFileTests.killedRun`).
    for (output, target) in outputs {
      let failure: OutputFailure?
      switch output {
      case .rendered(.success(let bytes)): failure = writer.write(bytes, to: target)
      case .rendered(.failure(let error)): failure = error
      case .streamed(let shown): failure = writer.write(shown, to: target)
      }
      if let failure {
        outcome.failures.append(failure)
        return previous?.entry
      }
    }
    let entry = ArchiveIndex.Entry(
      label: period.label, href: "\(period.directory)/index.html", first: period.days[0], last: period.days[period.days.count - 1],
      days: period.days.count, totals: report.totals, perDay: report.perDay ?? [])
    if let failure = writeRecord(PageRecord(digest: digest.hex, entry: entry), at: period.directory) {
      outcome.failures.append(failure)
    }
    outcome.written.append(period.directory)
    phases?.mark("page \(period.directory) made")
    return entry
  }

  /// The front page: months and weeks, newest first.
  private func frontPage(months: [ArchiveIndex.Entry], weeks: [ArchiveIndex.Entry], rendering: String, _ outcome: inout Outcome) {
    let index = ArchiveIndex(title: "Postfix log archive", meta: meta, months: months.reversed(), weeks: weeks.reversed())
    var withoutTime = index
    withoutTime.meta.generatedAt = nil
    var digest = ContentDigest()
    digest.add(rendering)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    digest.add(String(decoding: (try? encoder.encode(withoutTime)) ?? Data(), as: UTF8.self))
    let recordPath = "\(root)/.index.digest"
    if case .success(let bytes) = WholeFile.read(recordPath, limit: 64), bytes == Array(digest.hex.utf8),
      WholeFile.stamp("\(root)/index.html") != nil
    {
      outcome.kept += 1
      return
    }
    do {
      let sink = try FileSink(path: "\(root)/index.html")
      do {
        try ArchiveIndexRenderer(templateDirectory: templateDirectory).write(index, to: sink)
      } catch {
        sink.abandon()
        outcome.failures.append(OutputFailure(message: "cannot render html: \(error)", status: .ioError))
        return
      }
      if let failure = sink.finish() {
        outcome.failures.append(failure)
        return
      }
    } catch {
      outcome.failures.append(error)
      return
    }
    if let failure = WholeFile.write(Array(digest.hex.utf8), to: recordPath) { outcome.failures.append(failure) }
    outcome.written.append("index.html")
  }
}

/// A saved day read on a thread of its own (the store is only read meanwhile: the pages are made
/// after every day was saved).
private final class DayReading: @unchecked Sendable {
  // `result` is written by the reading thread before `done` is signalled, and read after.
  private var result: Result<Summary, OutputFailure>?
  private let done = DispatchSemaphore(value: 0)

  init(_ store: any DayStore, _ day: Day) {
    nonisolated(unsafe) let store = store
    DispatchQueue.global().async {
      self.result = Result { () throws(OutputFailure) in try store.load(day) }
      self.done.signal()
    }
  }

  func wait() -> Result<Summary, OutputFailure> {
    done.wait()
    return result.take() ?? .failure(OutputFailure(message: "a day was read twice", status: .ioError))
  }
}
