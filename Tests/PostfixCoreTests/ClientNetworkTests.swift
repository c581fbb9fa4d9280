import Testing

@testable import PostfixCore

@Suite("Client networks")
struct ClientNetworkTests {
  @Test(
    "an IP's network: IPv4 /24, IPv6 /64 with :: expanded as far as needed, anything else its own",
    arguments: [
      ("192.0.2.17", "192.0.2.0/24"),
      ("10.1.2.3", "10.1.2.0/24"),
      ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
      ("2001:db8::1", "2001:db8:0:0::/64"),
      ("2001:db8:5::", "2001:db8:5:0::/64"),
      ("::1", "0:0:0:0::/64"),
      ("fe80:1:2:3::9", "fe80:1:2:3::/64"),
      ("1.2.3", "1.2.3"),
      ("1..2.3.4", "1.2.3.0/24"),
      ("unknown", "unknown"),
      ("", ""),
    ])
  func network(ip: String, expected: String) {
    let key = Array(ip.utf8).withUnsafeBufferPointer { ClientNetwork.of($0) }
    #expect(String(decoding: key, as: UTF8.self) == expected)
  }

  @Test("network ids: the same id for IPs of one network, in the order first seen")
  func ids() {
    var ips = SymbolTable()
    for ip in ["192.0.2.1", "198.51.100.7", "192.0.2.200", "2001:db8::1", "2001:db8:0:0:ffff::2"] {
      _ = Array(ip.utf8).withUnsafeBufferPointer { ips.intern($0) }
    }
    #expect(ClientNetwork.ids(of: ips) == [0, 1, 0, 2, 2])
  }
}
