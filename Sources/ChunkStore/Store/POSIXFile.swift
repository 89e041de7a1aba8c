#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX calls the local store needs, with errno kept for error mapping.
enum POSIXFile {
    struct Failure: Error {
        var errno: Int32
        var call: String
        var path: String

        var reason: String { String(cString: strerror(errno)) }
    }

    struct Status {
        var isDirectory: Bool
        var size: Int
        var modifiedNanoseconds: Int64
    }

    static func status(_ path: String) -> Status? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return Status(isDirectory: (info.st_mode & S_IFMT) == S_IFDIR, size: Int(info.st_size), modifiedNanoseconds: mtime)
    }

    /// Reads a regular file, or `range` of it (clamped to its end).
    static func read(_ path: String, range: ClosedRange<Int>? = nil) throws(Failure) -> (bytes: [UInt8], status: Status) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(errno: errno, call: "open", path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(errno: errno, call: "fstat", path: path) }
        let status = Status(
            isDirectory: (info.st_mode & S_IFMT) == S_IFDIR, size: Int(info.st_size),
            modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
        guard !status.isDirectory else { throw Failure(errno: EISDIR, call: "read", path: path) }
        let start = range?.lowerBound ?? 0
        let end = Swift.min(range.map { $0.upperBound + 1 } ?? status.size, status.size)
        let count = Swift.max(0, end - start)
        var failure: Failure?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(start + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = Failure(errno: errno, call: "read", path: path)
                    break
                }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if let failure { throw failure }
        return (bytes, status)
    }

    /// Creates `path` (which must not exist), writes `bytes` and fsyncs it.
    static func writeNew(_ path: String, bytes: [UInt8]) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(errno: errno, call: "open", path: path) }
        var failure: Failure?
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = Failure(errno: errno, call: "write", path: path)
                    return
                }
                done += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = Failure(errno: errno, call: "fsync", path: path) }
        close(fd)
        if let failure {
            unlink(path)
            throw failure
        }
    }

    /// Creates a directory and its parents; an existing directory is fine.
    static func makeDirectories(_ path: String) throws(Failure) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw Failure(errno: errno, call: "mkdir", path: current)
            }
            if let status = status(current), !status.isDirectory {
                throw Failure(errno: ENOTDIR, call: "mkdir", path: current)
            }
        }
    }

    static func rename(_ from: String, _ to: String) throws(Failure) {
        guard systemRename(from, to) == 0 else { throw Failure(errno: errno, call: "rename", path: to) }
    }

    /// Removes a file; returns false when there was none.
    static func remove(_ path: String) throws(Failure) -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT || errno == ENOTDIR || errno == EISDIR { return false }
        throw Failure(errno: errno, call: "unlink", path: path)
    }

    /// Removes an empty directory; false if it is not empty or gone.
    static func removeEmptyDirectory(_ path: String) -> Bool { rmdir(path) == 0 }

    /// Flushes a directory's entries (after a rename) to disk.
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// The names in a directory (without `.` and `..`), or `nil` if it cannot be read.
    static func names(in path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// `rename(2)`, outside `POSIXFile` whose own `rename` would shadow it.
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
