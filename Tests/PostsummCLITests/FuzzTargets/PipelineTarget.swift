// Fuzz target (c): the whole program on small inputs. Shared by the libFuzzer harness
// (Fuzz/PipelineFuzz.swift) and FuzzRegressionTests.
//
// Input: 2 control bytes, then log bytes. The bytes are cut into two files at a point the input
// chooses (the second one gzip-compressed when the control byte says so), and
// `PostsummCommand.run` reads them with one of eight option sets, writing text, CSV, JSON and
// (for one input in four: it is slow) HTML into a scratch directory — once sequentially
// (`--jobs 1`) and once in parallel (`--jobs 2`). Both runs must end with status 0 or 1, the
// same one, and write the same bytes in every format. (The files are small, so no in-flight cap
// is reached and the split cannot matter.)
import Foundation
import PostsummCLI
import TestSupport

extension FuzzTargets {
  static let pipelineOptionSets: [[String]] = [
    [],
    ["-e", "--smtpd-stats", "--pscrn-stats", "--ssl-tls-stats"],
    ["--verbose-msg-detail", "--zero-fill", "--iso-date-time", "--problems-first", "-q"],
    ["-i", "-m", "--verp-mung", "2", "--srs-mung", "--rej-add-from", "--rej-add-to", "--use-orig-to"],
    ["-h", "2", "-u", "1", "--detail", "3", "--colwidth", "0", "--no-no-msg-size"],
    ["-d", "2026-11-20 to 2026-11-23", "--syslog-name", "mta2", "--suppress", "rdns-warnings per-hour"],
    ["--colwidth", "40", "--pscrn-detail", "0", "--reject-detail", "1", "--suppress", "host/domain size-detail"],
    ["-e", "--verp-mung", "1", "--smtpd-stats", "--dow0mon", "-d", "last week"],
  ]

  /// Runs one input in `scratch` (an existing directory); nil when every check held.
  static func pipeline(_ input: UnsafeBufferPointer<UInt8>, scratch: String) -> String? {
    let c0 = input.count > 0 ? input[0] : 0
    let c1 = input.count > 1 ? input[1] : 0
    let body = Array(input[min(2, input.count)...])
    let cut = body.isEmpty ? 0 : Int(c1) * body.count / 255
    let first = Array(body[..<cut])
    var second = Array(body[cut...])
    if c0 & 0x80 != 0 { second = GzipWriter.compress(second, level: 1) }
    let fileA = scratch + "/mail.log.1"
    let fileB = scratch + "/mail.log"
    guard FileManager.default.createFile(atPath: fileA, contents: Data(first)),
      FileManager.default.createFile(atPath: fileB, contents: Data(second))
    else { return "cannot write the input files in \(scratch)" }
    let html = c0 & 0x30 == 0x30

    var outputs: [[String: Data]] = []
    var statuses: [Int32] = []
    for jobs in ["1", "2"] {
      let out = scratch + "/out-\(jobs)"
      try? FileManager.default.removeItem(atPath: out)
      guard (try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)) != nil else {
        return "cannot create \(out)"
      }
      var args = pipelineOptionSets[Int(c0 & 7)]
      args += [
        "--reference-date", "2026-11-23T12:00", "--generated-at", "2026-11-23T12:00:00", "--format", "none",
        "--no-progress", "--jobs", jobs, "--text", out + "/r.txt", "--csv", out + "/csv", "--json", out + "/r.json",
      ]
      // The HTML page costs ten times the rest (its templates are compiled on every run).
      if html { args += ["--html", out + "/r.html"] }
      if c0 & 0x08 != 0 { args.append(fileA) }
      args.append(fileB)
      let status = PostsummCommand.run(arguments: args, standardOutput: { _ in true })
      statuses.append(status.rawValue)
      var files: [String: Data] = [:]
      let names = (FileManager.default.enumerator(atPath: out)?.allObjects as? [String]) ?? []
      for name in names.sorted() {
        if let d = FileManager.default.contents(atPath: out + "/" + name) { files[name] = d }
      }
      outputs.append(files)
    }
    if statuses[0] != statuses[1] || !(statuses[0] == 0 || statuses[0] == 1) {
      return "exit statuses \(statuses)"
    }
    if outputs[0] != outputs[1] {
      let differing = Set(outputs[0].keys).union(outputs[1].keys).filter { outputs[0][$0] != outputs[1][$0] }.sorted()
      return "--jobs 1 and --jobs 2 differ in \(differing)"
    }
    if outputs[0]["r.txt"] == nil || outputs[0]["r.json"] == nil || html != (outputs[0]["r.html"] != nil) {
      return "missing outputs: \(outputs[0].keys.sorted())"
    }
    return nil
  }
}
