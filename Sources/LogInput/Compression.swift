/// How a source's bytes are encoded. Decided by the content (magic bytes), never by the file name:
/// rotated logs are sometimes renamed, and `.gz` files are sometimes plain text.
public enum Compression: Sendable, Hashable {
  /// Plain bytes, read as they are.
  case none
  /// One or more concatenated gzip members (RFC 1952), as written by `gzip` or logrotate's `compress`.
  case gzip

  /// The gzip magic number (ID1, ID2 in RFC 1952).
  static let gzipMagic: (UInt8, UInt8) = (0x1f, 0x8b)

  /// Classifies a source by its first bytes; fewer than two bytes can only be plain.
  static func sniff(_ first: UInt8, _ second: UInt8, count: Int) -> Compression {
    count >= 2 && first == gzipMagic.0 && second == gzipMagic.1 ? .gzip : .none
  }
}
