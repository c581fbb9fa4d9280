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

  /// zlib's windowBits for "gzip wrapper only, 32 KiB window": a zlib or raw deflate stream is not a log file.
  private static let gzipWindowBits: Int32 = 15 + 16

  init(file: InputFile, inputCapacity: Int) {
    self.file = file
    // Two bytes at least, so the next member's magic number can always be looked at in the buffer.
    input = .allocate(byteCount: max(2, inputCapacity), alignment: 16)
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
      if stream.pointee.avail_in == 0 && !inputEnded {
        if case .failure(let error) = refill() {
          terminal = .damaged(.readError(error))
          break inflating
        }
      }
      let status = inflate(stream, Z_NO_FLUSH)
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
    if available > 0, let next = stream.pointee.next_in, UnsafeMutableRawPointer(next) != base {
      base.copyMemory(from: next, byteCount: available)
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
