/// A client IP's network, for "logged in from N networks": IPv4 /24, IPv6 /64 — what one
/// provider's line or one office usually has, so that a hijacked login used from all over the
/// world stands out from a user moving between home and work.
enum ClientNetwork {
  /// The network of `ip` as text: `a.b.c.0/24`, or the first four IPv6 groups (`::` expanded
  /// only as far as they need) and `::/64`; anything else is its own network.
  static func of(_ ip: Bytes) -> [UInt8] {
    var key: [UInt8] = []
    write(ip, to: &key)
    return key
  }

  /// `of(ip)`, written over `key` (a buffer kept across calls: there is one per login's IP).
  static func write(_ ip: Bytes, to key: inout [UInt8]) {
    key.removeAll(keepingCapacity: true)
    if ip.contains(ASCII.colon) {
      // The groups before `::` (the first empty group), at most four, padded with zeros.
      var groups = 0
      var start = 0
      while groups < 4 && start < ip.count {
        let end = ip.index(of: ASCII.colon, from: start, to: ip.count) ?? ip.count
        if end == start { break }
        if groups > 0 { key.append(ASCII.colon) }
        key.append(contentsOf: UnsafeBufferPointer(rebasing: ip[start..<end]))
        groups += 1
        start = end + 1
      }
      for g in groups..<4 { key.append(contentsOf: g == 0 ? "0".utf8 : ":0".utf8) }
      key.append(contentsOf: "::/64".utf8)
      return
    }
    // Four dotted parts (empty ones skipped), the first three kept.
    var parts = 0
    var start = 0
    var third = 0
    while start < ip.count {
      let end = ip.index(of: ASCII.dot, from: start, to: ip.count) ?? ip.count
      if end > start {
        parts += 1
        if parts <= 3 {
          if parts > 1 { key.append(ASCII.dot) }
          key.append(contentsOf: UnsafeBufferPointer(rebasing: ip[start..<end]))
        }
        if parts == 3 { third = key.count }
      }
      start = end + 1
    }
    guard parts == 4 else {
      key.removeAll(keepingCapacity: true)
      key.append(contentsOf: ip)
      return
    }
    key.removeSubrange(third...)
    key.append(contentsOf: ".0/24".utf8)
  }

  /// Per id of `ips`, the id of its network (ids dense from 0, in the order first seen).
  static func ids(of ips: SymbolTable) -> [Int32] {
    var networks = SymbolTable()
    var key: [UInt8] = []
    return (0..<ips.count).map { id in
      ips.withBytes(Int32(id)) { write($0, to: &key) }
      return key.withUnsafeBufferPointer { networks.intern($0) }
    }
  }
}
