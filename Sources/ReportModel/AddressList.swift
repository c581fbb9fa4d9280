/// Strings held back to back as UTF-8 in one buffer, each found by its index: the addresses
/// of the sender and recipient tables. Hundreds of thousands of recipients as `String`s cost
/// an allocation each to make, and a reference count touched (a cache miss) every time a
/// row was copied to be sorted or written; here a row is an index, and the text report
/// copies an address's bytes straight out of the buffer.
public struct AddressList: Sendable, Equatable {
  /// The strings' bytes, always valid UTF-8 (see `append`).
  @usableFromInline private(set) var bytes: [UInt8] = []
  /// `ends[i - 1] ..< ends[i]` are the bytes of string i (from 0 for the first).
  @usableFromInline private(set) var ends: [UInt32] = []

  public init() {}

  public init(_ strings: some Sequence<String>) {
    for s in strings { append(s) }
  }

  /// Room for `count` strings of `byteCount` bytes in all.
  public mutating func reserveCapacity(count: Int, byteCount: Int) {
    ends.reserveCapacity(count)
    bytes.reserveCapacity(byteCount)
  }

  public var count: Int { ends.count }

  /// Appends a string; its index is the old `count`.
  public mutating func append(_ s: String) {
    var s = s
    s.withUTF8 { appendValidated($0) }
  }

  /// Appends a string given as bytes. Invalid UTF-8 is repaired as `String(decoding:)`
  /// repairs it, so the list holds exactly the bytes the string would have.
  public mutating func append(bytes b: UnsafeBufferPointer<UInt8>) {
    // Addresses are nearly always ASCII: checked a word at a time, no String is made.
    var i = 0
    var ascii = true
    while i + 8 <= b.count {
      if UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {  // Safe: i + 8 <= count.
        ascii = false
        break
      }
      i += 8
    }
    while ascii && i < b.count {
      if b[i] >= 0x80 { ascii = false }
      i += 1
    }
    if ascii {
      appendValidated(b)
    } else {
      append(String(decoding: b, as: UTF8.self))
    }
  }

  private mutating func appendValidated(_ b: UnsafeBufferPointer<UInt8>) {
    bytes.append(contentsOf: b)
    precondition(bytes.count <= Int(UInt32.max), "too many address bytes for the report")
    ends.append(UInt32(bytes.count))
  }

  public subscript(i: Int) -> String {
    withBytes(i) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the UTF-8 bytes of string `i` (inlinable: the text report calls it
  /// for every row).
  @inlinable
  public func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let start = i == 0 ? 0 : Int(ends[i - 1])
    return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<Int(ends[i])])) }
  }

  /// Calls `body` with all the bytes and the ends, for loops over many strings.
  public func withStorage<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt32>) -> R) -> R {
    bytes.withUnsafeBufferPointer { b in ends.withUnsafeBufferPointer { e in body(b, e) } }
  }
}
