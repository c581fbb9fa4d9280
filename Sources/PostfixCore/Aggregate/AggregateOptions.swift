/// The parse options an aggregate was made with, as far as they change what is counted
/// (docs/AGGREGATE.md, "Options"). Saved in the file's header.
///
/// Two kinds. Options that change how lines are read and how keys are made (`-i`, the munging,
/// `--syslog-name`, …) must be the same in every aggregate and log of a run: summaries made
/// differently do not add up. Options that only switch collecting on (who is sending, `-e`,
/// `--smtpd-stats`, the detail reports) may differ: a run can use an aggregate that collected
/// more than it shows, never one that collected less than it needs. Runs that save or read
/// aggregates collect everything but `-e` (`ParseOptions.preparedForAggregates`), so in
/// practice only `-e` is ever missing.
public struct AggregateOptions: Sendable, Equatable {
  // How lines are read and keys made: must be equal.
  var syslogNames: [String]
  var ignoreCase: Bool
  var uucpMung: Bool
  var verpMung: Int?
  var srsMung: Bool
  var useOrigTo: Bool
  var verbose: Bool
  var rejectAddFrom: Bool
  var rejectAddTo: Bool
  var suppressRDNSWarnings: Bool
  var textWidth: Int
  var limits: StateLimits
  // What was collected: an aggregate must have collected what a run needs.
  var trackSubmitters: Bool
  var extendedDetail: Bool
  var messagesWithoutSize: Bool
  var smtpdStats: Bool
  var postscreen: Bool
  var postscreenDetail: Bool
  var rejectDetail: Bool
  var deferralDetail: Bool
  var bounceDetail: Bool

  init(_ o: ParseOptions) {
    syslogNames = Array(Set(o.syslogNames)).sorted()
    ignoreCase = o.ignoreCase
    uucpMung = o.uucpMung
    verpMung = o.verpMung
    srsMung = o.srsMung
    useOrigTo = o.useOrigTo
    verbose = o.verbose
    rejectAddFrom = o.rejectAddFrom
    rejectAddTo = o.rejectAddTo
    suppressRDNSWarnings = o.suppressRDNSWarnings
    textWidth = o.textWidth
    limits = o.limits
    trackSubmitters = o.trackSubmitters
    extendedDetail = o.extendedDetail
    messagesWithoutSize = !o.noMessageSizeReport
    smtpdStats = o.smtpdStats
    postscreen = o.postscreen
    postscreenDetail = o.postscreenDetail
    rejectDetail = o.collectRejectDetail
    deferralDetail = o.collectDeferralDetail
    bounceDetail = o.collectBounceDetail
  }

  /// The switches that only turn collecting on, in the order they are saved, with what a
  /// message calls them: a new one is a line here (and a field set in `init`).
  static let collected: [(flag: WritableKeyPath<AggregateOptions, Bool> & Sendable, name: String)] = [
    (\.trackSubmitters, "who is sending"), (\.extendedDetail, "-e"), (\.messagesWithoutSize, "messages with no size data"),
    (\.smtpdStats, "--smtpd-stats"), (\.postscreen, "postscreen lines"), (\.postscreenDetail, "postscreen actions"),
    (\.rejectDetail, "reject detail"), (\.deferralDetail, "deferral detail"), (\.bounceDetail, "bounce detail"),
  ]

  /// The options of two summaries merged: what both collected.
  func merged(with later: AggregateOptions) -> AggregateOptions {
    var m = self
    for c in Self.collected { m[keyPath: c.flag] = self[keyPath: c.flag] && later[keyPath: c.flag] }
    return m
  }

  /// Why an aggregate made with these options cannot be used in a run with `run`'s (one line,
  /// the options named as on the command line), or nil when it can.
  public func incompatibility(with run: ParseOptions) -> String? {
    let here = AggregateOptions(run)
    var differ: [String] = []
    func flag(_ name: String, _ there: Bool, _ here: Bool) {
      if there != here { differ.append(here ? "\(name) in this run, not in the aggregate" : "\(name) in the aggregate, not in this run") }
    }
    func value(_ name: String, _ there: String, _ here: String) {
      if there != here { differ.append("\(name) \(here) in this run, \(there) in the aggregate") }
    }
    value("--syslog-name", syslogNames.isEmpty ? "(none)" : syslogNames.joined(separator: ","),
      here.syslogNames.isEmpty ? "(none)" : here.syslogNames.joined(separator: ","))
    flag("-i", ignoreCase, here.ignoreCase)
    flag("-m", uucpMung, here.uucpMung)
    value("--verp-mung", verpMung.map(String.init) ?? "off", here.verpMung.map(String.init) ?? "off")
    flag("--srs-mung", srsMung, here.srsMung)
    flag("--use-orig-to", useOrigTo, here.useOrigTo)
    flag("--verbose-msg-detail", verbose, here.verbose)
    flag("--rej-add-from", rejectAddFrom, here.rejectAddFrom)
    flag("--rej-add-to", rejectAddTo, here.rejectAddTo)
    flag("--suppress rdns-warnings", suppressRDNSWarnings, here.suppressRDNSWarnings)
    value("texts kept at width", String(textWidth), String(here.textWidth))
    if limits != here.limits { differ.append("other caps on in-flight state") }
    if !differ.isEmpty { return "made with other options: \(differ.joined(separator: "; ")) (give the options it was made with, or make it again)" }
    let missing = Self.collected.filter { here[keyPath: $0.flag] && !self[keyPath: $0.flag] }.map(\.name)
    if !missing.isEmpty {
      return "saved without what this run reports (\(missing.joined(separator: ", "))): make it again with those options, or leave them out"
    }
    return nil
  }
}

extension AggregateOptions: AggregateCodable {
  func encode(to out: inout AggregateWriter) {
    out.list(syslogNames) { $0.string($1) }
    for f in [ignoreCase, uucpMung] { out.bool(f) }
    out.number(verpMung ?? -1)
    for f in [srsMung, useOrigTo, verbose, rejectAddFrom, rejectAddTo, suppressRDNSWarnings] { out.bool(f) }
    out.number(textWidth)
    for n in [limits.messages, limits.pendingMessages, limits.pendingEvents, limits.connections] { out.number(n) }
    for c in Self.collected { out.bool(self[keyPath: c.flag]) }
  }

  init(decoding input: inout AggregateReader) throws(AggregateError) {
    self.init(ParseOptions())
    syslogNames = try input.list { r throws(AggregateError) in try r.string() }
    ignoreCase = try input.bool()
    uucpMung = try input.bool()
    let verp = try input.number(in: -1...Int(Int32.max), "--verp-mung")
    verpMung = verp < 0 ? nil : verp
    srsMung = try input.bool()
    useOrigTo = try input.bool()
    verbose = try input.bool()
    rejectAddFrom = try input.bool()
    rejectAddTo = try input.bool()
    suppressRDNSWarnings = try input.bool()
    textWidth = try input.number(in: Int(Int32.min)...Int(Int32.max), "text width")
    var caps: [Int] = []
    for _ in 0..<4 { caps.append(try input.number(in: 1...Int(Int32.max), "a cap")) }
    limits = StateLimits(messages: caps[0], pendingMessages: caps[1], pendingEvents: caps[2], connections: caps[3])
    for c in Self.collected { self[keyPath: c.flag] = try input.bool() }
  }
}

extension ParseOptions {
  /// These options for a run that saves or reads aggregates: everything collected that a
  /// report may show (who is sending, every detail report, smtpd and postscreen statistics,
  /// messages with no size data) and texts kept whole, so that one aggregate serves every
  /// format and every later report. `-e` stays as given: per-message detail is as large as the
  /// log's queue ids. What is shown is still decided by the report options.
  public var preparedForAggregates: ParseOptions {
    var o = self
    o.trackSubmitters = true
    o.collectRejectDetail = true
    o.collectDeferralDetail = true
    o.collectBounceDetail = true
    o.noMessageSizeReport = false
    o.smtpdStats = true
    o.postscreen = true
    o.postscreenDetail = true
    o.textWidth = 0
    return o
  }
}
