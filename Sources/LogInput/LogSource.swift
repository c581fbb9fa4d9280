/// Where log bytes come from: a file named on the command line, or standard input ("-").
///
/// A source is only a name; nothing is opened until it is inspected (``inspect(_:)``) or read
/// (``LineReader``), so sources can be created, sorted and compared freely.
public struct LogSource: Sendable, Hashable {
  enum Storage: Sendable, Hashable {
    case file(path: String)
    /// An already-open descriptor that the reader must not close: standard input, or a pipe in tests.
    case descriptor(Int32, displayName: String)
  }

  let storage: Storage

  init(storage: Storage) {
    self.storage = storage
  }

  /// A file read by path. The path is used exactly as given, including in messages.
  public static func file(_ path: String) -> LogSource {
    LogSource(storage: .file(path: path))
  }

  /// Standard input (descriptor 0), written "-" on the command line. It may be gzip too: it is sniffed like a file.
  public static let standardInput = LogSource(storage: .descriptor(0, displayName: "-"))

  /// The name that problems and reports use: the path as given, or "-" for standard input.
  public var displayName: String {
    switch storage {
    case .file(let path): path
    case .descriptor(_, let displayName): displayName
    }
  }

  /// The path of a file source; nil for standard input.
  public var path: String? {
    switch storage {
    case .file(let path): path
    case .descriptor: nil
    }
  }

  /// Reads an already-open descriptor (not closed by the reader). Internal: it lets tests feed a pipe
  /// through the same code path as standard input without touching the test process's real descriptor 0.
  static func descriptor(_ descriptor: Int32, displayName: String) -> LogSource {
    LogSource(storage: .descriptor(descriptor, displayName: displayName))
  }
}
