/// Every option postsumm understands: pflogsumm 1.3.0's, then postsumm's own, then ArgumentParser's
/// `--generate-completion-script`. The raw value is the option's long name, which is also its key in
/// a configuration file and in `--dump-config`'s output; everything else about an option is in
/// `OptionCatalogue`. The order is the one ambiguous abbreviations are listed in.
enum OptionName: String, CaseIterable, Sendable {
  case bounceDetail = "bounce-detail"
  case colwidth
  case config
  case dateRange = "date-range"
  case debug
  case deferralDetail = "deferral-detail"
  case detail
  case dow0mon
  case dumpConfig = "dump-config"
  case expiredDetail = "expired-detail"
  case extendedDetail = "extended-detail"
  case help
  case hostCnt = "host-cnt"
  case ignoreCase = "ignore-case"
  case isoDateTime = "iso-date-time"
  case mailq
  case noNoMsgSize = "no-no-msg-size"
  case problemsFirst = "problems-first"
  case pscrnDetail = "pscrn-detail"
  case pscrnStats = "pscrn-stats"
  case quiet
  case rejAddFrom = "rej-add-from"
  case rejAddTo = "rej-add-to"
  case rejectDetail = "reject-detail"
  case smtpDetail = "smtp-detail"
  case smtpdStats = "smtpd-stats"
  case smtpdWarningDetail = "smtpd-warning-detail"
  case srsMung = "srs-mung"
  case sslTlsStats = "ssl-tls-stats"
  case suppress
  case syslogName = "syslog-name"
  case unprocdFile = "unprocd-file"
  case useOrigTo = "use-orig-to"
  case userCnt = "user-cnt"
  case uucpMung = "uucp-mung"
  case verboseMsgDetail = "verbose-msg-detail"
  case verpMung = "verp-mung"
  case version
  case warningDetail = "warning-detail"
  case zeroFill = "zero-fill"
  // postsumm's own.
  case jobs
  case referenceDate = "reference-date"
  case format
  case output
  case text
  case html
  case csv
  case json
  case templateDir = "template-dir"
  case progress
  case noProgress = "no-progress"
  case generatedAt = "generated-at"
  case highVolume = "high-volume"
  case manyNetworks = "many-networks"
  case highBounceRecipients = "high-bounce-recipients"
  case highBouncePercent = "high-bounce-percent"
  case remoteBlocked = "remote-blocked"
  case abuseStats = "abuse-stats"
  case saveAggregate = "save-aggregate"
  case serverStats = "server-stats"
  case generateCompletionScript = "generate-completion-script"
}
