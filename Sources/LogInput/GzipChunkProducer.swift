import CZlib

/// Produces the decompressed bytes of a gzip source with the system zlib, member after member.
///
/// A gzip file may hold several members back to back (`cat a.gz b.gz`, or a log compressed in pieces); like `zcat`,
/// their contents are concatenated. After a member's end, bytes that do not start another member are trailing
/// garbage: reported, never decompressed.
final class GzipChunkProducer: ChunkProducer {
  private let file: InputFile
  /// Heap-allocated because zlib keeps a pointer back to the stream and checks it: a z_stream must never move.
  private let stream: UnsafeMutablePointer<z_stream>
  private let input: UnsafeMutableRawBufferPointer
  private var inputEnded = false
  private var streamReady = false
  /// The result to return once the bytes already produced have been handed out; repeated forever after.
  private var terminal: ChunkResult?

  /// The member's CRC-32 and length check, made here rather than by zlib (`CRC32` is several times faster than
  /// zlib's own), except for a member whose header carries its own CRC: zlib checks that one whole.
  private var memberStarts = true
  private var checking = false
  private var memberCRC: UInt32 = 0
  private var memberLength: UInt32 = 0
  /// The last eight input bytes consumed before the input buffer's current contents (the oldest in the low byte):
  /// a member's trailer, which zlib reads but no longer checks, may straddle two reads.
  private var consumedBefore: UInt64 = 0

  /// zlib's windowBits for "gzip wrapper only, 32 KiB window": a zlib or raw deflate stream is not a log file.
  private static let gzipWindowBits: Int32 = 15 + 16

  init(file: InputFile, inputCapacity: Int) {
    self.file = file
    // Four bytes at least, so a member's magic number and flags can always be looked at in the buffer.
    input = .allocate(byteCount: max(4, inputCapacity), alignment: 16)
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    let status = postsumm_inflateInit2(stream, Self.gzipWindowBits)
    if status == Z_OK {
      streamReady = true
    } else {
      terminal = .damaged(SourceDamage(kind: .readError, detail: "cannot start zlib: \(Self.describe(status))"))
    }
    stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_in = 0
  }

  deinit {
    if streamReady {
      inflateEnd(stream)
    }
    stream.deinitialize(count: 1)
    stream.deallocate()
    input.deallocate()
  }

  var compressedBytes: Int64 { file.bytesRead }

  func produce(into buffer: UnsafeMutableRawBufferPointer) -> ChunkResult {
    if let terminal { return terminal }
    guard let base = buffer.baseAddress, buffer.count > 0 else { preconditionFailure("chunk buffers are never empty") }
    stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_out = UInt32(clamping: buffer.count)
    let capacity = Int(stream.pointee.avail_out)

    inflating: while stream.pointee.avail_out > 0 {
      if memberStarts, case .failure(let error) = startChecking() {
        terminal = .damaged(.readError(error))
        break inflating
      }
      if stream.pointee.avail_in == 0 && !inputEnded {
        if case .failure(let error) = refill() {
          terminal = .damaged(.readError(error))
          break inflating
        }
      }
      let before = stream.pointee.next_out
      let status = inflate(stream, Z_NO_FLUSH)
      if checking, let before, let after = stream.pointee.next_out, after > before {
        memberCRC = CRC32.update(memberCRC, UnsafeRawBufferPointer(start: before, count: after - before))
        memberLength &+= UInt32(truncatingIfNeeded: after - before)
      }
      switch status {
      case Z_OK:
        continue  // progress was made; zlib says Z_BUF_ERROR when none is possible
      case Z_BUF_ERROR:
        // No progress: more input is needed (the loop reads it), or there is none left mid-member.
        if stream.pointee.avail_in == 0 {
          if inputEnded {
            terminal = .damaged(SourceDamage(kind: .truncatedGzip))
            break inflating
          }
        } else {
          // zlib documents this cannot happen with room for output; stop rather than spin if it ever does.
          terminal = .damaged(SourceDamage(kind: .readError, detail: "zlib made no progress"))
          break inflating
        }
      case Z_STREAM_END:
        if checking, let mismatch = trailerMismatch() {
          terminal = .damaged(SourceDamage(kind: .corruptGzip, detail: mismatch))
          break inflating
        }
        if let ending = startNextMember() {
          terminal = ending
          break inflating
        }
      case Z_DATA_ERROR, Z_NEED_DICT:
        // Bad deflate data, a bad header, or a CRC/length trailer that does not match; zlib says which.
        terminal = .damaged(SourceDamage(kind: .corruptGzip, detail: zlibMessage(default: Self.describe(status))))
        break inflating
      default:
        let message = zlibMessage(default: Self.describe(status))
        terminal = .damaged(SourceDamage(kind: .readError, detail: "zlib: \(message)"))
        break inflating
      }
    }

    let produced = capacity - Int(stream.pointee.avail_out)
    if produced > 0 { return .bytes(produced) }
    // The loop only stops without filling the buffer when it has set the terminal result.
    return terminal ?? .end
  }

  /// Called at the end of a member: continues with the next member, or says how the input ends.
  private func startNextMember() -> ChunkResult? {
    if case .failure(let error) = fillInput(atLeast: 2) {
      return .damaged(.readError(error))
    }
    let available = Int(stream.pointee.avail_in)
    if available == 0 { return .end }
    if available >= 2, let next = stream.pointee.next_in,
      Compression.sniff(next[0], next[1], count: available) == .gzip
    {
      inflateReset(stream)
      memberStarts = true
      return nil
    }
    // Count what is ignored, so the message can say whether it was a stray byte or a whole appended file.
    var garbage = Int64(available)
    stream.pointee.avail_in = 0
    while case .success(let count) = file.read(into: input), count > 0 {  // a read error just ends the count
      garbage += Int64(count)
    }
    return .damaged(SourceDamage(kind: .trailingGarbage, garbageBytes: garbage))
  }

  /// Reads into the free end of the input buffer.
  private func refill() -> Result<Void, SystemError> {
    fillInput(atLeast: 1)
  }

  /// Makes at least `needed` unconsumed input bytes available, unless the input ends first. Unconsumed bytes are
  /// first moved to the start of the buffer, which only happens at a member boundary (otherwise zlib consumes all).
  private func fillInput(atLeast needed: Int) -> Result<Void, SystemError> {
    guard let base = input.baseAddress else { return .success(()) }
    var available = Int(stream.pointee.avail_in)
    if let next = stream.pointee.next_in {
      // The bytes before `next` are consumed and about to be overwritten: keep the last eight.
      consumedBefore = lastEightConsumed() ?? consumedBefore
      if available > 0, UnsafeRawPointer(next) != UnsafeRawPointer(base) {
        base.copyMemory(from: next, byteCount: available)
      }
    }
    defer {
      stream.pointee.next_in = base.assumingMemoryBound(to: Bytef.self)
      stream.pointee.avail_in = UInt32(available)
    }
    while available < needed && !inputEnded {
      switch file.read(into: UnsafeMutableRawBufferPointer(rebasing: input[available...])) {
      case .success(0):
        inputEnded = true
      case .success(let count):
        available += count
      case .failure(let error):
        return .failure(error)
      }
    }
    return .success(())
  }

  /// At a member's start: whether its header asks for a header CRC (FLG bit 1, which gzip never sets; zlib then
  /// checks the whole member itself) or not (this producer checks the data with `CRC32`).
  private func startChecking() -> Result<Void, SystemError> {
    memberStarts = false
    if case .failure(let error) = fillInput(atLeast: 4) { return .failure(error) }
    let header = stream.pointee.next_in
    let ownCheck = stream.pointee.avail_in >= 4 && header.map { $0[0] == 0x1F && $0[1] == 0x8B && $0[3] & 0x02 == 0 } ?? false
    inflateValidate(stream, ownCheck ? 0 : 1)
    checking = ownCheck
    memberCRC = 0
    memberLength = 0
    return .success(())
  }

  /// After a member's end, when this producer checks it: how its trailer (CRC-32 and length modulo 2^32, both
  /// little-endian, the last eight bytes zlib consumed) disagrees with the data, in zlib's words; nil if it agrees.
  private func trailerMismatch() -> String? {
    guard let trailer = lastEightConsumed() else { return "incorrect data check" }
    if UInt32(truncatingIfNeeded: trailer) != memberCRC { return "incorrect data check" }
    if UInt32(truncatingIfNeeded: trailer >> 32) != memberLength { return "incorrect length check" }
    return nil
  }

  /// The last eight input bytes zlib consumed (the oldest in the low byte): those of the buffer's contents
  /// before `next_in`, after `consumedBefore`'s when there are fewer than eight.
  private func lastEightConsumed() -> UInt64? {
    guard let base = input.baseAddress, let next = stream.pointee.next_in else { return nil }
    var word = consumedBefore
    let consumed = UnsafeRawPointer(next) - UnsafeRawPointer(base)
    for i in max(0, consumed - 8)..<max(0, consumed) {
      word = word >> 8 | UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << 56
    }
    return word
  }

  private func zlibMessage(default fallback: String) -> String {
    guard let message = stream.pointee.msg else { return fallback }
    return String(cString: message)
  }

  private static func describe(_ status: Int32) -> String {
    switch status {
    case Z_MEM_ERROR: "out of memory"
    case Z_NEED_DICT: "needs a preset dictionary"
    case Z_DATA_ERROR: "invalid data"
    case Z_VERSION_ERROR: "incompatible zlib version"
    case Z_STREAM_ERROR: "invalid stream state"
    default: "error \(status)"
    }
  }
}
