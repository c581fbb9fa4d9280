import LogInput
import ReportModel

/// The head of an aggregate file: what it is, the options it was made with and the period it
/// covers, readable without the payload (docs/AGGREGATE.md).
///
///     offset  size  field
///     0       8     magic 89 50 53 55 4D 0D 0A 1A ("\x89PSUM\r\n\x1a", as PNG's)
///     8       2     format version, big-endian
///     10      2     flags, big-endian: bit 0 the payload is deflated; the others 0
///     12      4     header length H, big-endian
///     16      H     header fields (varints): the options, the period, the payload's size
///     16+H    4     CRC-32 of the header fields
///     20+H    8     stored payload length N, big-endian
///     28+H    4     CRC-32 of the stored payload
///     32+H    N     payload (deflated when flag 0 is set); the file ends there
public struct AggregateHeader: Sendable, Equatable {
  /// The version this postsumm writes and reads. Any change to what is written raises it
  /// (docs/AGGREGATE.md, "Versions"); older versions are refused until a release promises to
  /// read them (then their decoders stay).
  public static let currentVersion = 2
  static let magic: [UInt8] = [0x89, 0x50, 0x53, 0x55, 0x4D, 0x0D, 0x0A, 0x1A]
  /// Bytes before the header fields.
  public static let fixedLength = 16
  /// The header fields are small (options and two times); more is a damaged length.
  static let maximumFieldsLength = 1 << 20
  static let deflatedFlag: UInt16 = 1

  public var version: Int
  /// The options it was made with.
  public var options: AggregateOptions
  /// The first and last counted line (nil when no line was dated).
  var firstTime: LogTime?
  var lastTime: LogTime?
  /// The payload's size before deflating.
  var payloadLength: Int
  var deflated: Bool
  /// The stored payload's length and CRC as written in the file: equal for equal files, so
  /// that files of equal periods can be put in an order that does not depend on their names.
  public private(set) var contentTag: [UInt8] = []

  /// The days of the first and last counted line.
  public var period: ClosedRange<Day>? {
    guard let f = firstTime, let l = lastTime else { return nil }
    return f.date...l.date
  }

  /// The same as times of the local wall clock, in seconds since 1970 (for ordering inputs and
  /// telling whether two overlap; two files may share the second one ends and the other starts).
  public var span: ClosedRange<Int64>? {
    guard let f = firstTime, let l = lastTime else { return nil }
    return f.seconds...l.seconds
  }

  /// How many bytes of the file the header takes (magic to the payload's CRC), from its first
  /// `fixedLength` bytes (throws when they are not an aggregate's).
  public static func length(fromPrefix prefix: some Collection<UInt8>) throws(AggregateError) -> Int {
    let bytes = Array(prefix.prefix(fixedLength))
    guard bytes.count == fixedLength else { throw AggregateError("truncated: the file ends inside its header") }
    guard Array(bytes[0..<8]) == magic else { throw AggregateError("not an aggregate file (no postsumm magic)") }
    let fields = Int(bigEndian(bytes[12..<16]))
    guard fields <= maximumFieldsLength else { throw AggregateError("corrupt aggregate: a header of \(fields) bytes") }
    return fixedLength + fields + 16
  }

  /// Reads the header from the file's first bytes (at least `length(fromPrefix:)` of them; more
  /// are fine): checks the magic, the version, the flags and the header's own CRC.
  public init(prefix: [UInt8]) throws(AggregateError) {
    let total = try Self.length(fromPrefix: prefix)
    version = Int(Self.bigEndian(prefix[8..<10]))
    guard version <= Self.currentVersion else {
      throw AggregateError("format version \(version) is newer than this postsumm reads (\(Self.currentVersion)): use a newer postsumm")
    }
    guard version >= 1 else { throw AggregateError("corrupt aggregate: format version 0") }
    guard version == Self.currentVersion else {
      throw AggregateError("format version \(version) was written by an older postsumm, which this one does not read (\(Self.currentVersion)): save it again from the logs")
    }
    let flags = UInt16(Self.bigEndian(prefix[10..<12]))
    guard flags & ~Self.deflatedFlag == 0 else { throw AggregateError("corrupt aggregate: unknown flags \(flags)") }
    deflated = flags & Self.deflatedFlag != 0
    guard prefix.count >= total else { throw AggregateError("truncated: the file ends inside its header") }
    let fieldsEnd = total - 16
    let fields = prefix[Self.fixedLength..<fieldsEnd]
    guard CRC32.checksum(fields) == UInt32(Self.bigEndian(prefix[fieldsEnd..<(fieldsEnd + 4)])) else {
      throw AggregateError("corrupt aggregate: the header's checksum does not match (the file is damaged)")
    }
    var r = AggregateReader(prefix, from: Self.fixedLength, to: fieldsEnd, part: "header")
    options = try AggregateOptions(decoding: &r)
    if try r.bool() {
      let first = try LogTime(decoding: &r)
      let last = try LogTime(decoding: &r)
      guard first <= last else { throw r.failure("a period that ends before it starts") }
      (firstTime, lastTime) = (first, last)
    }
    let length = try r.uint()
    guard length <= UInt64(Int.max) else { throw r.failure("a payload too large") }
    payloadLength = Int(length)
    guard r.isAtEnd else { throw r.failure("bytes after the header fields") }
    contentTag = Array(prefix[(fieldsEnd + 4)..<total])
  }

  init(options: AggregateOptions, firstTime: LogTime?, lastTime: LogTime?, payloadLength: Int, deflated: Bool) {
    version = Self.currentVersion
    self.options = options
    self.firstTime = firstTime
    self.lastTime = lastTime
    self.payloadLength = payloadLength
    self.deflated = deflated
  }

  /// The file: header, stored payload, checksums.
  func file(storedPayload payload: [UInt8]) -> [UInt8] {
    var fields = AggregateWriter(capacity: 256)
    options.encode(to: &fields)
    fields.bool(firstTime != nil && lastTime != nil)
    if let f = firstTime, let l = lastTime {
      f.encode(to: &fields)
      l.encode(to: &fields)
    }
    fields.count(payloadLength)
    var out = Self.magic
    out.reserveCapacity(Self.fixedLength + fields.bytes.count + 16 + payload.count)
    Self.append(UInt64(version), bytes: 2, to: &out)
    Self.append(UInt64(deflated ? Self.deflatedFlag : 0), bytes: 2, to: &out)
    Self.append(UInt64(fields.bytes.count), bytes: 4, to: &out)
    out.append(contentsOf: fields.bytes)
    Self.append(UInt64(CRC32.checksum(fields.bytes[...])), bytes: 4, to: &out)
    Self.append(UInt64(payload.count), bytes: 8, to: &out)
    Self.append(UInt64(CRC32.checksum(payload[...])), bytes: 4, to: &out)
    out.append(contentsOf: payload)
    return out
  }

  /// The payload of a whole file whose header this is (`headerLength` bytes long): its length
  /// and CRC checked, inflated if need be.
  ///
  /// `whoIsSending: false`: the payload up to its who-is-sending part, which comes last and
  /// whose length its first 8 bytes give (`Summary.aggregateBytes`), inflating no further.
  func payload(of file: [UInt8], headerLength: Int, whoIsSending: Bool = true) throws(AggregateError) -> [UInt8] {
    let lengthAt = headerLength - 12
    let stored = Self.bigEndian(file[lengthAt..<(lengthAt + 8)])
    let available = UInt64(file.count - headerLength)
    guard stored <= available else {
      throw AggregateError("truncated: \(available) of \(stored) payload bytes")
    }
    guard stored == available else {
      let extra = available - stored
      throw AggregateError("corrupt aggregate: \(extra) byte\(extra == 1 ? "" : "s") after the payload")
    }
    let body = file[headerLength...]
    guard CRC32.checksum(body) == UInt32(Self.bigEndian(file[(lengthAt + 8)..<headerLength])) else {
      throw AggregateError("corrupt aggregate: the payload's checksum does not match (the file is damaged)")
    }
    if !deflated && body.count != payloadLength { throw AggregateError("corrupt aggregate: a stored payload of another size") }
    func first(_ n: Int) throws(AggregateError) -> [UInt8] {
      deflated ? try AggregateCompression.inflate(body, count: payloadLength, wanted: n) : Array(body.prefix(n))
    }
    if whoIsSending { return try first(payloadLength) }
    let width = Self.whoIsSendingLengthWidth
    guard payloadLength >= width else { throw AggregateError("corrupt aggregate: a payload too short for its parts") }
    let whoIsSendingLength = Self.bigEndian(try first(width)[...])
    guard whoIsSendingLength <= UInt64(payloadLength - width) else {
      throw AggregateError("corrupt aggregate: a who-is-sending part longer than the payload")
    }
    return try first(payloadLength - Int(whoIsSendingLength))
  }

  /// The payload's first field: the length of its last part, who is sending, in as many bytes
  /// big-endian (fixed, so that it can be read before the rest is inflated).
  static let whoIsSendingLengthWidth = 8

  static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    bytes.reduce(0) { $0 << 8 | UInt64($1) }
  }

  private static func append(_ value: UInt64, bytes n: Int, to out: inout [UInt8]) {
    for k in stride(from: n - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))) }
  }
}
