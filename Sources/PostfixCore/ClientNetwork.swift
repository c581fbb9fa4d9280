/// A client IP's network, for "logged in from N networks": IPv4 /24, IPv6 /64 — what one
/// provider's line or one office usually has, so that a hijacked login used from all over the
/// world stands out from a user moving between home and work.
enum ClientNetwork {
  /// The network of `ip` as text: `a.b.c.0/24`, or the first four IPv6 groups (`::` expanded
  /// only as far as they need) and `::/64`; anything else is its own network.
  static func of(_ ip: Bytes) -> [UInt8] { withNetwork(of: ip) { Array($0) } }

  /// `body` given the network of `ip` (`of`), written in a buffer on the stack.
  @inline(__always)
  static func withNetwork<R>(of ip: Bytes, _ body: (Bytes) -> R) -> R {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ip.count + room) { key in
      body(UnsafeBufferPointer(rebasing: key[..<write(ip, to: key.baseAddress!)]))  // Safe: capacity ≥ room.
    }
  }

  /// What a key can need beyond the IP's own bytes: `:0:0:0` and `::/64`.
  private static let room = 16

  /// `of(ip)` written at `key` (room for `ip.count + room` bytes), one pass over the IP's
  /// bytes; returns the key's length. A report writes one per client IP of a login: no
  /// array is grown for it.
  private static func write(_ ip: Bytes, to key: UnsafeMutablePointer<UInt8>) -> Int {
    let n = ip.count
    var w = 0
    func copy(_ from: Int, _ to: Int) {
      for i in from..<to { key[w + i - from] = ip[i] }
      w += to - from
    }
    func append(_ s: StaticString) {
      s.withUTF8Buffer { b in
        for i in 0..<b.count { key[w + i] = b[i] }
        w += b.count
      }
    }
    func next(_ byte: UInt8, from: Int) -> Int {
      var i = from
      while i < n && ip[i] != byte { i += 1 }
      return i
    }
    if next(ASCII.colon, from: 0) < n {
      // The groups before `::` (the first empty group), at most four, padded with zeros.
      var groups = 0
      var start = 0
      while groups < 4 && start < n {
        let end = next(ASCII.colon, from: start)
        if end == start { break }
        if groups > 0 { append(":") }
        copy(start, end)
        groups += 1
        start = end + 1
      }
      for g in groups..<4 { append(g == 0 ? "0" : ":0") }
      append("::/64")
      return w
    }
    // Four dotted parts (empty ones skipped), the first three kept.
    var parts = 0
    var start = 0
    while start < n {
      let end = next(ASCII.dot, from: start)
      if end > start {
        parts += 1
        if parts <= 3 {
          if parts > 1 { append(".") }
          copy(start, end)
        }
      }
      start = end + 1
    }
    guard parts == 4 else {
      w = 0
      copy(0, n)
      return w
    }
    append(".0/24")
    return w
  }

  /// Per id of `ips`, the id of its network (ids dense from 0, in the order first seen).
  static func ids(of ips: SymbolTable) -> [Int32] {
    var networks = SymbolTable(capacity: ips.count)
    return (0..<ips.count).map { id in
      ips.withBytes(Int32(id)) { ip in withNetwork(of: ip) { networks.intern($0) } }
    }
  }
}
