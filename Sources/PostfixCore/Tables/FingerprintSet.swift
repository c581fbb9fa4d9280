/// A set of 64-bit fingerprints (`ByteKey.fingerprint`): the queue ids and postscreen clients a
/// shard restarted. A day's aggregate holds one per message received that day, each inserted
/// again when the file is read; a `Set<UInt64>` hashed every one of them with SipHash. Members
/// hash with two multiply–mixes of the value and the set's per-process seed instead (as
/// `ByteKey` and `SubmitterSection.DayClient` do): the fingerprints are a fixed hash of logged
/// bytes, the seed keeps crafted lines from aiming at one bucket.
struct FingerprintSet: Sendable, Equatable, ExpressibleByArrayLiteral {
  private var members: Set<Member>

  private struct Member: Hashable, Sendable {
    var value: UInt64

    func hash(into hasher: inout Hasher) { hasher.combine(value) }

    func _rawHashValue(seed: Int) -> Int {
      func mix(_ x: UInt64) -> UInt64 {
        let z = (x ^ (x >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return z ^ (z >> 32)
      }
      return Int(truncatingIfNeeded: mix(mix(value ^ UInt64(UInt(bitPattern: seed))) &+ 0x9E37_79B9_7F4A_7C15))
    }
  }

  init() { members = [] }

  init(arrayLiteral elements: UInt64...) { self.init(elements) }

  init(_ values: some Sequence<UInt64>) { members = Set(values.lazy.map { Member(value: $0) }) }

  var isEmpty: Bool { members.isEmpty }
  var count: Int { members.count }

  @inline(__always)
  func contains(_ value: UInt64) -> Bool { members.contains(Member(value: value)) }

  @inline(__always)
  mutating func insert(_ value: UInt64) { members.insert(Member(value: value)) }

  mutating func formUnion(_ other: FingerprintSet) { members.formUnion(other.members) }

  /// The members in ascending order (how aggregate files save them).
  func sorted() -> [UInt64] {
    var values = members.map(\.value)
    RadixSort.sort(&values)
    return values
  }
}
