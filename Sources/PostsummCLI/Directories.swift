#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogInput

/// The directories outputs go into, made as `mkdir -p` makes them (modes from the umask).
enum Directories {
  /// Makes `path` and any missing parents; fine if it is a directory already.
  static func create(_ path: String) throws(OutputFailure) {
    let path = trimmingTrailingSlashes(path)
    guard !path.isEmpty else { return }
    var info = stat()
    if stat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw .cannotCreate(path, "cannot create directory", SystemError(code: ENOTDIR))
      }
      return
    }
    guard errno == ENOENT else { throw .cannotCreate(path, "cannot create directory", .current) }
    let parent = parent(of: path)
    if parent != path { try create(parent) }
    if mkdir(path, 0o777) != 0 && errno != EEXIST {
      throw .cannotCreate(path, "cannot create directory", .current)
    }
  }

  /// The directory `path` is in: `.` for a bare name, `/` for a name at the root.
  static func parent(of path: String) -> String {
    let path = trimmingTrailingSlashes(path)
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let dir = trimmingTrailingSlashes(String(path[..<slash]))
    return dir.isEmpty ? "/" : dir
  }

  /// The last component of `path`.
  static func name(of path: String) -> String {
    let path = trimmingTrailingSlashes(path)
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// `out/csv/` → `out/csv`; `/` stays `/`.
  static func trimmingTrailingSlashes(_ path: String) -> String {
    var p = Substring(path)
    while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
    return String(p)
  }

  /// `realpath`, or nil when `path` does not exist.
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
