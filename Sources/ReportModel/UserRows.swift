/// The rows of a user table: each an address (an index into an `AddressList` that the
/// table by count and the table by size share) and its value. Reads as a collection of
/// `UserRow`s, whose address strings are made when a row is read; the text report reads the
/// bytes instead (`withAddressBytes`).
public struct UserRows: RandomAccessCollection, Sendable, Codable, Equatable {
  public let addresses: AddressList
  /// The address of each row, as an index into `addresses`.
  @usableFromInline let order: [Int32]
  @usableFromInline let values: [Int64]

  public init(addresses: AddressList, order: [Int32], values: [Int64]) {
    precondition(order.count == values.count, "one value per row")
    self.addresses = addresses
    self.order = order
    self.values = values
  }

  public init(_ rows: [UserRow]) {
    self.init(
      addresses: AddressList(rows.lazy.map(\.address)), order: (0..<Int32(rows.count)).map { $0 },
      values: rows.map(\.value))
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { order.count }

  public subscript(i: Int) -> UserRow {
    UserRow(address: addresses[Int(order[i])], value: values[i])
  }

  @inlinable
  public func value(at i: Int) -> Int64 { values[i] }

  /// Calls `body` with the UTF-8 bytes of row i's address.
  @inlinable
  public func withAddressBytes<R>(at i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    addresses.withBytes(Int(order[i]), body)
  }

  // As an array of rows (address and value), like the other tables.
  public init(from decoder: Decoder) throws {
    self.init(try [UserRow](from: decoder))
  }

  public func encode(to encoder: Encoder) throws {
    try Array(self).encode(to: encoder)
  }

  public static func == (a: UserRows, b: UserRows) -> Bool {
    a.elementsEqual(b)
  }
}
