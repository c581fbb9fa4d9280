import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Issue 16, item 6: `make install` installs the daily job (its script, the cron.daily hook, the
/// settings, the systemd service and timer) with the installed paths; the job updates the archive
/// and mails yesterday's text report, as `pflogsumm -d yesterday … | mail` does.
@Suite("Daily job")
struct DailyJobTests {
  static let week = FixturePaths.files(in: "real/week")

  @Test("make install puts the job, its cron hook, settings and systemd units in place")
  func installed() throws {
    let dir = try TemporaryDirectory()
    let r = try InstallAndDemoTests.run(
      "/usr/bin/make", ["-s", "install-files", "BIN=\(PostsummProcess.executablePath)", "DESTDIR=\(dir.path)", "PREFIX=/opt/ps"])
    #expect(r.status == 0, "\(r.output)")
    let job = dir.path("opt/ps/lib/postsumm/postsumm-daily")
    #expect(FileManager.default.isExecutableFile(atPath: job))
    #expect(try String(contentsOfFile: job, encoding: .utf8).contains("POSTSUMM=${POSTSUMM:-/opt/ps/bin/postsumm}"))
    let cron = dir.path("etc/cron.daily/postsumm")
    #expect(FileManager.default.isExecutableFile(atPath: cron))
    #expect(try String(contentsOfFile: cron, encoding: .utf8).contains("exec /opt/ps/lib/postsumm/postsumm-daily"))
    #expect(try String(contentsOfFile: dir.path("etc/default/postsumm"), encoding: .utf8).contains("RUN_FROM_CRON=no"))
    let service = try String(contentsOfFile: dir.path("opt/ps/lib/systemd/system/postsumm-daily.service"), encoding: .utf8)
    #expect(service.contains("ExecStart=/opt/ps/lib/postsumm/postsumm-daily"))
    #expect(FileManager.default.fileExists(atPath: dir.path("opt/ps/lib/systemd/system/postsumm-daily.timer")))
    #expect(FileManager.default.fileExists(atPath: dir.path("opt/ps/share/doc/postsumm/ARCHIVE.md")))
    // An existing settings file is kept.
    try "RUN_FROM_CRON=yes\n".write(toFile: dir.path("etc/default/postsumm"), atomically: false, encoding: .utf8)
    #expect(try InstallAndDemoTests.run(
      "/usr/bin/make", ["-s", "install-files", "BIN=\(PostsummProcess.executablePath)", "DESTDIR=\(dir.path)", "PREFIX=/opt/ps"]).status == 0)
    #expect(try String(contentsOfFile: dir.path("etc/default/postsumm"), encoding: .utf8) == "RUN_FROM_CRON=yes\n")
    // systemd accepts the units (installed under a real prefix, so that the job's path exists).
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") {
      let real = try TemporaryDirectory()
      #expect(try InstallAndDemoTests.run(
        "/usr/bin/make",
        ["-s", "install-files", "BIN=\(PostsummProcess.executablePath)", "PREFIX=\(real.path)/usr", "SYSCONFDIR=\(real.path)/etc"]
      ).status == 0)
      let units = real.path("usr/lib/systemd/system")
      let verify = try InstallAndDemoTests.run(
        "/usr/bin/systemd-analyze", ["verify", "--man=no", "\(units)/postsumm-daily.service", "\(units)/postsumm-daily.timer"])
      #expect(verify.status == 0, "\(verify.output)")
    }
    // The hook does nothing until the settings say so.
    let off = try InstallAndDemoTests.run("/bin/sh", [FixturePaths.root + "/contrib/cron.daily/postsumm"])
    #expect(off.status == 0 && off.output == "")
  }

  /// The job run with a stand-in `mail` that keeps its arguments and message.
  static func runJob(archive: String, mailbox: String, in dir: TemporaryDirectory) throws -> (Int32, String) {
    let mailer = try dir.write("#!/bin/sh\nprintf '%s\\n' \"$@\" > \(mailbox).args\ncat > \(mailbox)\n", to: "mail")
    chmod(mailer, 0o755)
    return try InstallAndDemoTests.run(
      "/bin/sh", [FixturePaths.root + "/contrib/postsumm-daily"],
      environment: [
        "POSTSUMM": PostsummProcess.executablePath, "POSTSUMM_DEFAULTS": "/nonexistent", "ARCHIVE_DIR": archive,
        "LOGS": FixturePaths.path("real/week") + "/mail.log*", "MAILTO": "postmaster", "DAY": "2026-11-21",
        "MAIL_COMMAND": mailer, "POSTSUMM_OPTIONS": "--reference-date 2026-11-23 --generated-at 2026-11-23T06:40:00",
      ])
  }

  @Test("the job updates the archive and mails yesterday's text report from it")
  func mailsFromTheArchive() throws {
    let dir = try TemporaryDirectory()
    let site = dir.path("site")
    let mailbox = dir.path("mailbox")
    let (status, output) = try Self.runJob(archive: site, mailbox: mailbox, in: dir)
    #expect(status == 0, "\(output)")
    let report = try String(contentsOfFile: "\(site)/days/2026-11-21/report.txt", encoding: .utf8)
    #expect(try String(contentsOfFile: mailbox, encoding: .utf8) == report)
    let args = try String(contentsOfFile: mailbox + ".args", encoding: .utf8).split(separator: "\n")
    #expect(args.count == 3 && args[0] == "-s" && args[1].hasPrefix("Postfix report for 2026-11-21 (") && args[2] == "postmaster")
    #expect(FileManager.default.fileExists(atPath: "\(site)/index.html"))
  }

  @Test("without an archive, the job mails postsumm -d DAY of the logs, as the classic crontab line")
  func mailsWithoutArchive() throws {
    let dir = try TemporaryDirectory()
    let mailbox = dir.path("mailbox")
    let (status, output) = try Self.runJob(archive: "", mailbox: mailbox, in: dir)
    #expect(status == 0, "\(output)")
    let direct = try PostsummProcess.run(["-d", "2026-11-21", "--reference-date", "2026-11-23"] + Self.week)
    #expect(try String(contentsOfFile: mailbox, encoding: .utf8) == direct.output)
    #expect(direct.output.hasPrefix("Postfix Log Summaries for Sat, Nov 21 2026"))
  }
}
