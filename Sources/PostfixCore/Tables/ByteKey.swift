/// A short byte string as a plain 32-byte value: the key of in-flight state — a queue id (or
/// whatever token stands where one would), a postscreen client's `ip:port` — and the syslog host
/// that logged it.
///
/// Every delivery, deferral, size and removal line looks its message up by queue id, so the
/// key is built straight from the line's bytes — no `String` per line — and hashes with one
/// cheap multiply–mix per word instead of SipHash over a string. Postfix's ids are short (10–12
/// hex digits, or 15–17 characters in the long form), as is an IPv4 `ip:port` (at most 21), and
/// they fit whole: the first 24 bytes are kept big-endian in three words, so comparing the words
/// compares the bytes, and the fourth word holds the length and the host. A longer token (an
/// IPv6 `ip:port`, or crafted input) keeps its first 16 bytes and a 64-bit hash of the rest: two
/// such tokens that agree on their first 16 bytes are told apart only by that hash, and `string`
/// shows them cut, with "…".
///
/// The host is a 48-bit tag of the syslog host field (`hostTag(of:)`, the same in every process
/// and run): two servers' logs read together never share a queue id, a connection or a client's
/// `ip:port`, however the ids collide, and the key stays one value (no host table to translate
/// at a merge). Two host names whose tags agree would share their keys: a 48-bit hash of a
/// site's handful of names makes that about as likely as the 64-bit `fingerprint`s of its
/// queue ids agreeing, which the merge already relies on never happening.
struct ByteKey: Hashable, Comparable, Sendable, CustomStringConvertible {
  private var w0: UInt64 = 0
  private var w1: UInt64 = 0
  private var w2: UInt64 = 0
  /// Length (low 16 bits, at most 0xFFFF), then the host tag (48 bits).
  private var rest: UInt64 = 0

  static let inlineCapacity = 24
  /// What a token over `inlineCapacity` bytes keeps of its bytes (the third word is its tail's hash).
  static let cutCapacity = 16

  /// The key of `line[range]` logged by the host whose tag is `host` (`hostTag(of:)`; 0 for
  /// tests and tables without hosts).
  init(_ line: Bytes, _ range: Range<Int>, host: UInt64 = 0) {
    let n = range.count
    guard n > 0, let base = line.baseAddress else { return }
    let p = UnsafeRawPointer(base + range.lowerBound)
    let kept = n > Self.inlineCapacity ? Self.cutCapacity : n
    // Whole words load at once (most ids fill the first word); the tail byte by byte.
    var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var i = 0
    while i + 8 <= kept {
      let w = UInt64(bigEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
      switch i {
      case 0: words.0 = w
      case 8: words.1 = w
      default: words.2 = w
      }
      i += 8
    }
    if i < kept {
      var w: UInt64 = 0
      if kept >= 8 {
        // The last eight kept bytes in one load; those already in the word before shift out
        // (1 to 7 bytes remain, so the shift is 8 to 56 bits).
        let last = UInt64(bigEndian: p.loadUnaligned(fromByteOffset: kept - 8, as: UInt64.self))
        w = last << UInt64((8 - (kept - i)) * 8)
      } else {
        var shift: UInt64 = 56
        for k in i..<kept {
          w |= UInt64(p.load(fromByteOffset: k, as: UInt8.self)) << shift
          shift &-= 8
        }
      }
      switch i {
      case 0: words.0 = w
      case 8: words.1 = w
      default: words.2 = w
      }
    }
    (w0, w1, w2) = words
    if n > Self.inlineCapacity {
      // Unseeded, so the order of such ids (`<`) is the same in every run.
      w2 = Self.fnv1a(UnsafeBufferPointer(rebasing: line[(range.lowerBound + Self.cutCapacity)..<range.upperBound]))
    }
    rest = UInt64(Swift.min(n, 0xFFFF)) | host << 16
  }

  init(_ s: String, host: UInt64 = 0) {
    var s = s
    self = s.withUTF8 { ByteKey($0, 0..<$0.count, host: host) }
  }

  /// The tag of a syslog host field: 48 bits of a fixed hash of its bytes (the same in every
  /// process, so that keys made by different shards, runs or saved aggregates agree).
  static func hostTag(of host: Bytes) -> UInt64 {
    mixWord(fnv1a(host)) >> 16
  }

  /// The tag of the host the key was logged by (`hostTag(of:)`).
  @inline(__always)
  var hostTag: UInt64 { rest >> 16 }

  /// FNV-1a, 64 bits.
  private static func fnv1a(_ bytes: Bytes) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
  }

  /// The key of `bytes[a]`, `separator` and `bytes[b]` joined (a postscreen client's
  /// `ip:port`, whose parts the line has as `[ip]:port`), without building the joined text
  /// anywhere but on the stack.
  init(_ bytes: Bytes, _ a: Range<Int>, _ separator: UInt8, _ b: Range<Int>, host: UInt64 = 0) {
    let n = a.count + 1 + b.count
    self = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { buffer in
      _ = UnsafeMutableBufferPointer(rebasing: buffer[..<a.count]).initialize(fromContentsOf: UnsafeBufferPointer(rebasing: bytes[a]))
      buffer[a.count] = separator
      _ = UnsafeMutableBufferPointer(rebasing: buffer[(a.count + 1)...]).initialize(fromContentsOf: UnsafeBufferPointer(rebasing: bytes[b]))
      return ByteKey(UnsafeBufferPointer(buffer), 0..<n, host: host)
    }
  }

  /// The id's bytes as text (cut to 16 bytes, with "…", for a token over 24 bytes).
  var string: String {
    let n = Int(rest & 0xFFFF)
    let kept = n > Self.inlineCapacity ? Self.cutCapacity : n
    var bytes: [UInt8] = []
    bytes.reserveCapacity(kept)
    for k in 0..<kept {
      let w = k < 8 ? w0 : k < 16 ? w1 : w2
      bytes.append(UInt8(truncatingIfNeeded: w >> (56 - UInt64(k % 8) * 8)))
    }
    let text = String(decoding: bytes, as: UTF8.self)
    return n > kept ? text + "…" : text
  }

  var description: String { string }

  /// The empty key (length 0, no host): what `OpenMessages` marks an empty slot with.
  init() {}

  /// Whether the key has no bytes (no queue id is empty).
  @inline(__always)
  var isEmpty: Bool { rest & 0xFFFF == 0 }

  /// The hash `OpenMessages` places keys by, from the table's seed.
  @inline(__always)
  func tableHash(seed: UInt64) -> UInt64 { mixed(seed: seed) }

  /// A stable 64-bit digest (the same in every process: the shard-crossing sets keep these).
  var fingerprint: UInt64 { mixed(seed: 0x9E37_79B9_7F4A_7C15) }

  /// Dictionaries and sets hash with this instead of SipHash: four multiply–mixes, seeded with
  /// the table's per-process seed.
  func _rawHashValue(seed: Int) -> Int {
    Int(truncatingIfNeeded: mixed(seed: UInt64(UInt(bitPattern: seed))))
  }

  /// The four words mixed in turn, starting from `seed`.
  @inline(__always)
  private func mixed(seed: UInt64) -> UInt64 {
    var h = Self.mixWord(seed ^ w0)
    h = Self.mixWord(h ^ w1)
    h = Self.mixWord(h ^ w2)
    return Self.mixWord(h ^ rest)
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(w0)
    hasher.combine(w1)
    hasher.combine(w2)
    hasher.combine(rest)
  }

  /// Byte order for keys of one host up to 24 bytes (longer ones after their first 16 bytes by
  /// hash); keys whose three words agree, by host tag, then length.
  static func < (a: ByteKey, b: ByteKey) -> Bool {
    (a.w0, a.w1, a.w2, a.rest) < (b.w0, b.w1, b.w2, b.rest)
  }

  @inline(__always)
  private static func mixWord(_ x: UInt64) -> UInt64 {
    var z = x &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 32)) &* 0xD6E8_FEB8_6659_FD93
    return z ^ (z >> 32)
  }
}

extension ByteKey: ExpressibleByStringLiteral {
  init(stringLiteral value: String) { self.init(value) }
}

// MARK: Aggregate file

extension ByteKey: AggregateCodable {
  /// The length and host tag, then the kept bytes: the whole key up to 24 bytes; past that, the
  /// first 16 and the tail's hash (8 bytes).
  func encode(to out: inout AggregateWriter) {
    out.uint(rest)
    let n = Int(rest & 0xFFFF)
    let kept = n > Self.inlineCapacity ? Self.inlineCapacity : n
    for k in 0..<kept {
      let w = k < 8 ? w0 : k < 16 ? w1 : w2
      out.byte(UInt8(truncatingIfNeeded: w >> (56 - UInt64(k % 8) * 8)))
    }
  }

  /// A key as `encode` wrote it: never empty (the empty key marks a free slot of
  /// `OpenMessages`). Any host tag reads (`Summary(aggregatePayload:)` checks that a host
  /// read has it).
  init(decoding input: inout AggregateReader) throws(AggregateError) {
    let rest = try input.uint()
    let n = Int(rest & 0xFFFF)
    guard n > 0 else { throw input.failure("an empty queue id or client key") }
    let kept = try input.raw(Swift.min(n, Self.inlineCapacity))
    self.init()
    var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
    for (k, b) in kept.enumerated() {
      let bits = UInt64(b) << (56 - UInt64(k % 8) * 8)
      switch k / 8 {
      case 0: words.0 |= bits
      case 1: words.1 |= bits
      default: words.2 |= bits
      }
    }
    (w0, w1, w2) = words
    self.rest = rest
  }
}
