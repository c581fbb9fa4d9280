import TestSupport
import Testing

@testable import PostfixCore

/// `OpenMessages` is an open-addressing table with removal by shifting entries back; these run
/// random inserts, updates and removals against a `Dictionary` — where that could go wrong:
/// clusters that wrap past the end of the slots, removals inside a cluster, growth, and keys
/// that differ only past the first word or in length.
@Suite struct OpenMessagesTests {
  static func key(_ n: UInt64) -> ByteKey {
    // Queue-id-like keys of 10 to 26 bytes (the longer ones keep a hash of their tail).
    let id = String(n, radix: 16, uppercase: true)
    return ByteKey(String(repeating: "0", count: Int(n % 17)) + id)
  }

  static func state(_ n: Int64) -> MessageState {
    var s = MessageState(origin: MessageOrigin(whence: Int32(n % 1000)))
    s.lastSeen = n
    s.size = n % 3 == 0 ? nil : n
    return s
  }

  @Test(
    "random inserts, updates and removals agree with a Dictionary",
    arguments: [3, 9, 12, 19, 40, 4000] as [UInt64], [1, 2, 3, 4] as [UInt64])
  func againstDictionary(keySpace: UInt64, seed: UInt64) {
    var g = SeededRandomNumberGenerator(seed: 77 + keySpace)
    // A fixed hash seed per case, so that the clusters (and those that wrap past the end of
    // the slots, where removal is easiest to get wrong) are the same on every run.
    var table = OpenMessages(seed: seed)
    var reference: [ByteKey: Int64] = [:]
    for step in 0..<60000 {
      let k = Self.key(g.next() % keySpace)
      switch g.next() % 4 {
      case 0, 1:
        let v = Int64(step)
        table[k] = Self.state(v)
        reference[k] = v
      case 2:
        #expect(table.removeValue(forKey: k)?.lastSeen == reference.removeValue(forKey: k), "step \(step)")
      default:
        if let i = table.index(forKey: k) {
          var s = table.state(at: i)
          guard let r = reference[k] else {
            Issue.record("step \(step): found a key that was removed")
            continue
          }
          if g.next() % 2 == 0 {
            s.lastSeen += 1
            table.setState(s, at: i)
            reference[k] = r + 1
          } else {
            table.remove(at: i)
            reference[k] = nil
          }
        } else {
          #expect(reference[k] == nil, "step \(step): present but not found")
        }
      }
      #expect(table.count == reference.count)
    }
    for (k, v) in reference { #expect(table[k]?.lastSeen == v) }
    var seen = 0
    for (k, s) in table {
      #expect(reference[k] == s.lastSeen)
      seen += 1
    }
    #expect(seen == reference.count)
  }

  /// The open-message table holds hundreds of thousands of states: a field more in
  /// `MessageOrigin` (or here) costs that many times its size in peak memory (BENCHMARKS.md).
  @Test("a state is 40 bytes")
  func stateSize() {
    #expect(MemoryLayout<MessageState>.stride == 40)
  }

  @Test("the receipt's cell and the flags share one word: each keeps its value whatever the others do")
  func packedFlags() {
    let cell = Cell(day: .init(year: 2026, month: 10, day: 6), hour: 23)
    var s = MessageState(pendingReceipt: cell, hadReceipt: true)
    s.deferred = true
    #expect(s.pendingReceipt == cell && s.receivedCell == cell && s.hadReceipt && s.deferred)
    s.pendingReceipt = nil
    #expect(s.pendingReceipt == nil && s.receivedCell == cell && s.hadReceipt && s.deferred)
    s.hadReceipt = false
    s.deferred = false
    #expect(s.receivedCell == cell && !s.hadReceipt && !s.deferred)
    #expect(MessageState().receivedCell == nil && MessageState().pendingReceipt == nil)
  }

  @Test("a content filter's copy: the Message-ID hash, the link to its original's cell, in the same word")
  func filterCopyBits() {
    let own = Cell(day: .init(year: 2026, month: 11, day: 27), hour: 0)
    let original = Cell(day: .init(year: 2026, month: 11, day: 26), hour: 23)
    // Linked while its receipt is pending: the traffic tables still get its own cell, then
    // its submitter's counts the original's.
    var s = MessageState(pendingReceipt: own, hadReceipt: true, origin: MessageOrigin(whence: 3, submitter: 9, client: -1))
    s.deferred = true
    s.mayBeFilterCopy = true
    s.messageID = 0xABCDEF
    #expect(s.messageID == 0xABCDEF && s.mayBeFilterCopy && !s.isFilterCopy && s.pendingReceipt == own && s.deferred)
    s.becomeFilterCopy(submitter: 4, client: 7, originalCell: original)
    #expect(s.isFilterCopy && !s.mayBeFilterCopy && s.messageID == nil && s.pendingReceipt == own)
    #expect(s.origin == MessageOrigin(whence: 3, submitter: 4, client: 7) && s.deferred && s.hadReceipt)
    s.messageID = 0x123456  // a Message-ID line after the link: the link stays
    s.pendingReceipt = nil
    s.adoptOriginalCell()
    #expect(s.receivedCell == original && s.pendingReceipt == nil && s.isFilterCopy && s.deferred)
    // Linked once confirmed: the original's cell at once.
    var t = MessageState(pendingReceipt: own, hadReceipt: true, origin: MessageOrigin(whence: 3))
    t.mayBeFilterCopy = true
    t.pendingReceipt = nil
    t.becomeFilterCopy(submitter: 4, client: -1, originalCell: original)
    #expect(t.receivedCell == original && t.isFilterCopy)
    // An original whose receipt is not in the log: the copy keeps its own cell.
    var u = MessageState(pendingReceipt: own, hadReceipt: true, origin: MessageOrigin(whence: 3))
    u.becomeFilterCopy(submitter: 4, client: -1, originalCell: nil)
    u.pendingReceipt = nil
    u.adoptOriginalCell()
    #expect(u.receivedCell == own)
    // The cell's year is kept up to 262 143.
    let far = Cell(day: .init(year: 262_143, month: 12, day: 31), hour: 24)
    #expect(MessageState(pendingReceipt: far).receivedCell == far)
  }

  @Test("states keep their optional fields through the packing")
  func stateFields() {
    var s = MessageState(pendingReceipt: Cell(day: .init(year: 2026, month: 12, day: 31), hour: 24), hadReceipt: true, origin: MessageOrigin(whence: 0))
    #expect(s.pendingReceipt == Cell(day: .init(year: 2026, month: 12, day: 31), hour: 24))
    #expect(s.origin == MessageOrigin(whence: 0) && s.relay == nil && s.size == nil)
    s.size = 0
    s.relay = Int32.max
    s.pendingReceipt = Cell(day: .init(year: 1, month: 1, day: 1), hour: 0)
    #expect(s.size == 0 && s.relay == Int32.max && s.pendingReceipt?.day == .init(year: 1, month: 1, day: 1))
    s.pendingReceipt = nil
    s.origin = nil
    #expect(s.pendingReceipt == nil && s.origin == nil && s.hadReceipt)
  }
}
