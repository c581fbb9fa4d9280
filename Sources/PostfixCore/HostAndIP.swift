/// Postfix's `host[ip]`: smtpd's `client=`, the client of its warnings and rejects, a delivery's
/// `relay=`. One reading for all of them, on bytes.
enum HostAndIP {
  /// The host and the IP (ranges of `text`): the IP is what is in the last brackets, the host
  /// what comes before them. The closing bracket need not end the text: with
  /// `smtpd_client_port_logging = yes` smtpd logs `host[ip]:port`, and a relay is
  /// `host[ip]:port` too. Without brackets (or with empty ones) the whole text is the IP and the
  /// host is empty.
  static func split(_ text: Bytes) -> (host: Range<Int>, ip: Range<Int>) {
    guard let close = text.lastIndex(of: ASCII.rbracket), let open = text.lastIndex(of: ASCII.lbracket, to: close), open + 1 < close
    else { return (0..<0, 0..<text.count) }
    return (0..<open, (open + 1)..<close)
  }

  /// `split` as strings.
  static func strings(_ text: Bytes) -> (host: String, ip: String) {
    let (host, ip) = split(text)
    return (text.string(host), text.string(ip))
  }

  /// Whether `text` (`host[ip]`, with or without a port) is this machine: the IP 127.0.0.1 or
  /// ::1 (or ::ffff:127.0.0.1), or the bare name `localhost`. Only these: the rest of
  /// 127/8 can be a test network's "remote" hosts (Fixtures/real/actors).
  static func isLoopback(_ text: Bytes) -> Bool {
    // Every delivery asks, and nearly every relay is remote or a local transport's name: a
    // text ending in a letter is a name, and only `localhost` is this machine (Postfix writes
    // `host[ip]` or `host[ip]:port`, ending in a bracket or a digit). Otherwise `split`'s
    // reading, from the closing bracket only: the IP ends there, and a loopback IP holds no
    // `[`, so it is one exactly when one of them sits between that bracket and a `[` just
    // before it.
    guard let last = text.last else { return false }
    if ASCII.isAlpha(last) { return text.isExactly("localhost", from: 0) }
    guard let close = text.lastIndex(of: ASCII.rbracket) else { return isLoopbackIP(text) }
    // All three end in `1`: most remote relays are out after one byte.
    guard close > 0, text[close - 1] == UInt8(ascii: "1") else { return false }
    return bracketed("127.0.0.1", before: close, in: text) || bracketed("::1", before: close, in: text)
      || bracketed("::ffff:127.0.0.1", before: close, in: text)
  }

  /// Whether `ip` is all of what stands between a `[` and the bracket at `close`.
  @inline(__always)
  private static func bracketed(_ ip: StaticString, before close: Int, in text: Bytes) -> Bool {
    let start = close - ip.utf8CodeUnitCount
    return start > 0 && text[start - 1] == ASCII.lbracket && text.matches(ip, at: start)
  }

  /// Whether an IP is this machine's (see `isLoopback`).
  static func isLoopbackIP(_ ip: Bytes) -> Bool {
    ip.isExactly("127.0.0.1", from: 0) || ip.isExactly("::1", from: 0) || ip.isExactly("::ffff:127.0.0.1", from: 0)
  }
}
