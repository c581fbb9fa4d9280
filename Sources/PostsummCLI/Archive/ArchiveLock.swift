#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogInput

/// Keeps two `postsumm archive` runs on one directory apart: an exclusive `flock` on
/// `DIR/.lock`, taken without waiting and held until the run ends (the kernel lets it go when
/// the process does, killed or not). The file itself stays: removing a lock file while another
/// process waits for it would let a third one lock a new file beside it.
final class ArchiveLock {
  private let descriptor: Int32

  enum Failure: Error {
    /// Another run holds the lock.
    case held(String)
    case cannotOpen(OutputFailure)
  }

  init(directory: String) throws(Failure) {
    let path = "\(directory)/.lock"
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw .cannotOpen(.cannotCreate(path, "cannot create lock file", .current)) }
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      if errno == EINTR { continue }
      let error = SystemError.current
      close(fd)
      if error.code == EWOULDBLOCK { throw .held(path) }
      throw .cannotOpen(.cannotCreate(path, "cannot lock", error))
    }
    descriptor = fd
  }

  deinit {
    close(descriptor)
  }
}
