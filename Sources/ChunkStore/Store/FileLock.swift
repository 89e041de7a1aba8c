#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock(2)` on a lock file: holds across processes and between tasks of
/// one process (each acquisition opens its own file description).
///
/// Held only around short synchronous work (check a precondition, rename), never across
/// an `await`, so a blocked waiter cannot starve the holder.
struct FileLock {
    /// The descriptor of the folder holding the lock files (`.seiscache/locks`).
    let folder: Int32
    /// The lock file's name in it.
    let name: String
    /// Its path, for error messages.
    let path: String

    /// Runs `body` while holding the lock.
    /// - Throws: `body`'s error, or the store error for a lock file that cannot be used.
    func withLock<T>(key: String, _ body: () throws(ObjectStoreError) -> T) throws(ObjectStoreError) -> T {
        let fd = openat(folder, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemStore.error(POSIXFile.Failure(errno: errno, call: "open", path: path), key: key) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw FileSystemStore.error(POSIXFile.Failure(errno: errno, call: "flock", path: path), key: key)
            }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
