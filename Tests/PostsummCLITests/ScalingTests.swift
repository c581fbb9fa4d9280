import Foundation
import Testing
import TestSupport

/// docs/SCALING.md, run locally: three simulated servers (directories holding the logs of
/// Fixtures/real/servers), the map step on each through GNU parallel `--nonall --sshlogin` (an
/// ssh stand-in runs the command in the server's directory), the aggregates collected with scp
/// through the same stand-in, and the reduce step over them. The reduce gives the report of
/// one run over every server's logs, in every format.
@Suite("Map on each server, reduce centrally (docs/SCALING.md)")
struct ScalingTests {
  static let servers = ["srv1": "mx1", "srv2": "mx2", "srv3": "mx3"]
  static let referenceDate = "2026-12-02"

  /// `ssh [options] HOST [--] COMMAND…` for a server that is the folder `sims/HOST`: the command
  /// runs there, in a shell, as ssh runs it in the login directory. sshd sets SHELL to the login
  /// shell; parallel's remote wrapper runs the command through `$SHELL`, so it must be set even
  /// when the test runs with none (CI's environment has no SHELL).
  static let fakeSSH = """
    #!/bin/sh
    while [ $# -gt 0 ]; do case "$1" in -*) shift;; *) break;; esac; done
    host=$1; shift
    [ "${1-}" = "--" ] && shift
    SHELL=/bin/sh; export SHELL
    cd "$(dirname "$0")/sims/$host" && exec sh -c "$*"

    """

  /// `script` run by `sh` in `dir`, with `dir` as HOME (parallel's ~/.parallel; the citation
  /// notice is silenced by --will-cite).
  static func shell(_ script: String, in dir: String) throws -> (status: Int32, output: String) {
    try InstallAndDemoTests.run("/bin/sh", ["-c", script], in: dir, environment: ["HOME": dir])
  }

  static var hasTools: Bool {
    ["parallel", "scp"].allSatisfy { tool in
      (try? shell("command -v \(tool)", in: "/"))?.status == 0
    }
  }

  @Test("the map through parallel --sshlogin, collection by scp, and the reduce give the one-run report")
  func mapCollectReduce() throws {
    try #require(Self.hasTools, "GNU parallel and scp are needed (make test installs them: Debian packages parallel, openssh-client)")
    let dir = try TemporaryDirectory(prefix: "postsumm-scaling")
    let ssh = dir.path("fakessh")
    try Data(Self.fakeSSH.utf8).write(to: URL(fileURLWithPath: ssh))
    _ = try Self.shell("chmod +x fakessh", in: dir.path)
    // Each server's log folder: yesterday's file (mail.log.1) and today's.
    for (host, name) in Self.servers {
      let log = dir.path("sims/\(host)/log")
      try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: true)
      for file in ["mail.log.1.gz", "mail.log"] {
        try FileManager.default.copyItem(atPath: FixturePaths.path("real/servers/\(name)/\(file)"), toPath: "\(log)/\(file)")
      }
    }
    let postsumm = PostsummProcess.executablePath
    let logins = Self.servers.keys.sorted().map { "\(ssh) \($0)" }.joined(separator: ",")
    let hosts = Self.servers.keys.sorted().joined(separator: " ")
    // Two days of the daily job: each day's file saved as that day's aggregate, then fetched.
    for (day, file) in [("2026-11-30", "log/mail.log.1.gz"), ("2026-12-01", "log/mail.log")] {
      let map = try Self.shell(
        """
        parallel --will-cite --nonall --sshlogin '\(logins)' \\
          "mkdir -p aggregates && '\(postsumm)' --reference-date \(Self.referenceDate) --format none --save-aggregate aggregates/\(day).psum \(file)"
        """, in: dir.path)
      try #require(map.status == 0, "map \(day): \(map.output)")
      // parallel reports success even when its remote wrapper could not run the command.
      for host in Self.servers.keys.sorted() {
        try #require(
          FileManager.default.fileExists(atPath: dir.path("sims/\(host)/aggregates/\(day).psum")),
          "map \(day) wrote nothing on \(host): \(map.output)")
      }
      let collect = try Self.shell(
        "parallel --will-cite -j0 \"mkdir -p central/{} && scp -q -O -S '\(ssh)' {}:aggregates/\(day).psum central/{}/\" ::: \(hosts)",
        in: dir.path)
      try #require(collect.status == 0, "collect \(day): \(collect.output)")
    }
    let collected = Self.servers.keys.flatMap { host in ["2026-11-30", "2026-12-01"].map { "central/\(host)/\($0).psum" } }
    for file in collected { #expect(FileManager.default.fileExists(atPath: dir.path(file)), "\(file) not collected") }

    // The reduce, and one run over all the logs.
    let options = "--reference-date \(Self.referenceDate) --generated-at 2026-12-02T08:00:00 --server-stats --format none"
    let reduce = try Self.shell(
      "cd central && '\(postsumm)' \(options) --text ../reduce.txt --json ../reduce.json --html ../reduce.html --csv ../reduce-csv srv*/2026-1*.psum",
      in: dir.path)
    try #require(reduce.status == 0, "reduce: \(reduce.output)")
    let logs = Self.servers.keys.sorted().flatMap { ["sims/\($0)/log/mail.log.1.gz", "sims/\($0)/log/mail.log"] }.joined(separator: " ")
    let direct = try Self.shell(
      "'\(postsumm)' \(options) --text direct.txt --json direct.json --html direct.html --csv direct-csv \(logs)", in: dir.path)
    #expect(direct.status == 0, "direct: \(direct.output)")

    func read(_ name: String) -> String { FileManager.default.contents(atPath: dir.path(name)).map { String(decoding: $0, as: UTF8.self) } ?? "" }
    let text = read("reduce.txt")
    #expect(text == read("direct.txt"))
    #expect(text.contains("\nServers\n-------\n") && ["mx1", "mx2", "mx3"].allSatisfy { text.contains("  \($0)\n") })
    // The inputs differ (aggregates, logs); everything else is the same.
    let withoutInputs = { (json: String) -> JSONValue? in
      guard case .object(var fields) = try? JSONValue.parse(json) else { return nil }
      fields["inputs"] = nil
      return .object(fields)
    }
    #expect(withoutInputs(read("reduce.json")) != nil && withoutInputs(read("reduce.json")) == withoutInputs(read("direct.json")))
    let page = { (html: String) in html.replacingOccurrences(of: #"(?s)<section id="inputs">.*?</section>"#, with: "", options: .regularExpression) }
    #expect(!read("reduce.html").isEmpty && page(read("reduce.html")) == page(read("direct.html")))
    let csv = (try? FileManager.default.contentsOfDirectory(atPath: dir.path("direct-csv"))) ?? []
    #expect(csv.contains("servers.csv"))
    for name in csv where name != "inputs.csv" {
      #expect(read("reduce-csv/" + name) == read("direct-csv/" + name), "\(name)")
    }
  }
}
