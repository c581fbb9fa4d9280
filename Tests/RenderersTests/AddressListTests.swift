import Foundation
import ReportModel
import Testing

/// The user tables keep their addresses as bytes in an `AddressList`; every output reads
/// them back as strings, so the list must hold exactly the strings' bytes.
@Suite struct AddressListTests {
  static let samples: [[UInt8]] = [
    [], Array("a".utf8), Array("exactly8".utf8), Array("sixteen.bytes.ok".utf8),
    Array("long.address+tag@mail.example.org".utf8), Array("caf\u{E9}@example.com".utf8),
    [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0xFF, 0x40, 0x78],  // invalid byte after a whole word
    [0xC3, 0x28, 0x40, 0x78],  // a broken two-byte sequence
    [0x75, 0x00, 0x40, 0x78],  // a NUL
  ]

  @Test("bytes in, the string String(decoding:) makes out, invalid UTF-8 repaired alike")
  func bytesRoundTrip() {
    var list = AddressList()
    for b in Self.samples { b.withUnsafeBufferPointer { list.append(bytes: $0) } }
    #expect(list.count == Self.samples.count)
    for (i, b) in Self.samples.enumerated() {
      let expected = String(decoding: b, as: UTF8.self)
      #expect(list[i] == expected)
      #expect(list.withBytes(i) { Array($0) } == Array(expected.utf8))
    }
  }

  @Test("rows read back as the rows they were made from, and survive Codable")
  func userRows() throws {
    let rows = Self.samples.enumerated().map { UserRow(address: String(decoding: $1, as: UTF8.self), value: Int64($0) * 1000 - 3) }
    let table = UserRows(rows)
    #expect(Array(table) == rows)
    #expect(table.indices.map { i in table.withAddressBytes(at: i) { String(decoding: $0, as: UTF8.self) } } == rows.map(\.address))
    let decoded = try JSONDecoder().decode(UserRows.self, from: JSONEncoder().encode(table))
    #expect(decoded == table)
    #expect(decoded != UserRows(Array(rows.dropLast())))
  }

  @Test("rows in another order than the list, sharing it")
  func sharedList() {
    let list = AddressList(["b@x", "a@x", "c@x"])
    let byValue = UserRows(addresses: list, order: [2, 0, 1], values: [30, 20, 10])
    #expect(byValue.map(\.address) == ["c@x", "b@x", "a@x"])
    #expect(byValue.map(\.value) == [30, 20, 10])
  }
}
