import PostfixCore
import ReportModel
import Testing
import TestSupport

@testable import PostsummCLI

/// Issue 16, item 3, through the pipeline: a run that cuts its lines into days (`--save-daily`)
/// hands over one summary per calendar day, the same ones for `--jobs 1` and `--jobs 3`, which
/// merged in order make the run's report; the run's own report is unchanged by the cutting.
@Suite("Daily pipeline")
struct DailyPipelineTests {
  typealias Support = ArchiveTestSupport

  /// The real rotated sets and the date their years are read against.
  static let sets: [(String, String)] = [
    ("real/week", "2026-11-23"), ("real/week-dateext", "2027-01-04"), ("real/week-rfc3339", "2026-03-05"),
    ("real/actors", "2026-10-08"),
  ]

  final class Collected {
    var days: [(Day, Summary)] = []
  }

  @Test("the days, merged, make the run's report; --jobs 1 and 3 cut the same days", arguments: sets.map(\.0))
  func daysMakeTheRun(_ set: String) throws {
    let reference = try #require(Self.sets.first { $0.0 == set }?.1)
    let files = FixturePaths.files(in: set).filter { $0.contains("/mail.log") }
    var perJobs: [[(Day, Report)]] = []
    for jobs in ["1", "3"] {
      var settings = try Support.settings(["--jobs", jobs, "--reference-date", reference, "--format", "none"] + files)
      settings.parse.trackSubmitters = true
      let plain = Support.report(Pipeline(settings: settings, progress: nil).run().summary, settings)
      let collected = Collected()
      let output = Pipeline.DayOutput(complete: { day, segment in
        var segment = segment
        if let summary = segment.takeSummary() { collected.days.append((day, summary)) }
      })
      let daily = Pipeline(settings: settings, progress: nil, days: output).run()
      let days = collected.days.map(\.0)
      #expect(days == plain.perDay?.map(\.date), "one summary per calendar day, in order")
      let merged = Support.report(days: collected.days.map(\.1), settings)
      #expect(Support.json(merged) == Support.json(plain), "--jobs \(jobs): the days merged differ from the run")
      #expect(Support.json(Support.report(daily.summary, settings)) == Support.json(plain), "--jobs \(jobs): the run's report changed")
      perJobs.append(collected.days.map { ($0.0, Support.report(days: [$0.1], settings)) })
    }
    #expect(perJobs[0].map(\.0) == perJobs[1].map(\.0))
    for (a, b) in zip(perJobs[0], perJobs[1]) {
      #expect(Support.json(a.1) == Support.json(b.1), "\(a.0.iso): --jobs 1 and 3 cut it differently")
    }
  }
}
