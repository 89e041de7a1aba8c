#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX calls the local store needs, with errno kept for error mapping.
///
/// Everything below the store's root is reached through directory descriptors opened one
/// segment at a time with `O_NOFOLLOW` (`openat`, `renameat`, `unlinkat`, `fstatat` with
/// `AT_SYMLINK_NOFOLLOW`): a symbolic link inside the data directory is never followed, so
/// neither a link planted there nor a folder swapped for a link between two calls can make
/// the store read or write outside its root. The root itself is opened by path and may be a
/// link (the operator chose it).
enum POSIXFile {
    struct Failure: Error {
        var errno: Int32
        var call: String
        var path: String

        var reason: String { String(cString: strerror(errno)) }
    }

    struct Status {
        var isDirectory: Bool
        var isRegularFile: Bool
        var isSymbolicLink: Bool
        var size: Int
        var modifiedNanoseconds: Int64

        init(_ info: stat) {
            let kind = info.st_mode & S_IFMT
            isDirectory = kind == S_IFDIR
            isRegularFile = kind == S_IFREG
            isSymbolicLink = kind == S_IFLNK
            size = Int(info.st_size)
            modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        }
    }

    /// The status of `name` in a folder, without following a link (`lstat` semantics).
    static func status(in folder: Int32, _ name: String) -> Status? {
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return Status(info)
    }

    /// Opens `root` and then each of `segments` below it, refusing links and files on the way.
    /// - Parameters:
    ///   - root: the store's directory (opened by path, links allowed).
    ///   - segments: folder names below it, as ``LocalKeyPath`` encodes them.
    ///   - create: create missing folders (and the root).
    /// - Returns: descriptors of the root and of every segment, in order (close them with
    ///   ``closeAll(_:)``); the last one is the innermost folder.
    /// - Throws: `ENOENT` for a missing folder, `ELOOP` for a link, `ENOTDIR` for a file in the way.
    static func openFolders(root: String, _ segments: some Collection<String>, create: Bool) throws(Failure) -> [Int32] {
        if create { try makeDirectories(root) }
        let rootDescriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootDescriptor >= 0 else { throw Failure(errno: errno, call: "open", path: root) }
        var descriptors = [rootDescriptor]
        descriptors.reserveCapacity(segments.count + 1)
        var path = root
        for segment in segments {
            path += "/" + segment
            let parent = descriptors[descriptors.count - 1]
            if create, mkdirat(parent, segment, 0o755) != 0, errno != EEXIST {
                let failure = Failure(errno: errno, call: "mkdir", path: path)
                closeAll(descriptors)
                throw failure
            }
            let child = openat(parent, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else {
                var code = errno
                if status(in: parent, segment)?.isSymbolicLink == true { code = ELOOP }
                closeAll(descriptors)
                throw Failure(errno: code, call: "open", path: path)
            }
            descriptors.append(child)
        }
        return descriptors
    }

    /// Opens one folder below `folder` without following a link; `nil` if it is not a folder.
    static func openFolder(in folder: Int32, _ name: String) -> Int32? {
        let descriptor = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        return descriptor >= 0 ? descriptor : nil
    }

    static func closeAll(_ descriptors: [Int32]) {
        for descriptor in descriptors { close(descriptor) }
    }

    /// Reads a regular file in a folder, or `range` of it (clamped to its end). A link, a
    /// folder, a FIFO or a device is not read (`O_NOFOLLOW`, `O_NONBLOCK`, then `fstat`).
    static func read(in folder: Int32, _ name: String, path: String, range: ClosedRange<Int>? = nil) throws(Failure)
        -> (bytes: [UInt8], status: Status)
    {
        let (fd, status) = try openRegular(in: folder, name, path: path)
        defer { close(fd) }
        let start = range?.lowerBound ?? 0
        let end = Swift.min(range.map { $0.upperBound + 1 } ?? status.size, status.size)
        return (try read(fd, from: start, count: Swift.max(0, end - start), path: path), status)
    }

    /// Opens a regular file in a folder for reading, with its status; close the descriptor.
    /// A link, a folder, a FIFO or a device is refused (`O_NOFOLLOW`, `O_NONBLOCK`, then `fstat`).
    static func openRegular(in folder: Int32, _ name: String, path: String) throws(Failure) -> (Int32, Status) {
        let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(errno: errno, call: "open", path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = Failure(errno: errno, call: "fstat", path: path)
            close(fd)
            throw failure
        }
        let status = Status(info)
        guard status.isRegularFile else {
            close(fd)
            throw Failure(errno: status.isDirectory ? EISDIR : ENOENT, call: "read", path: path)
        }
        return (fd, status)
    }

    /// Up to `count` bytes of an open file from `offset` (fewer at its end).
    static func read(_ fd: Int32, from offset: Int, count: Int, path: String) throws(Failure) -> [UInt8] {
        var failure: Failure?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count, let base = buffer.baseAddress {
                let n = pread(fd, base + done, count - done, off_t(offset + done))
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
        return bytes
    }

    /// Creates `name` in a folder (it must not exist), writes `bytes` and fsyncs it.
    static func writeNew(in folder: Int32, _ name: String, path: String, bytes: [UInt8]) throws(Failure) {
        let fd = openat(folder, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(errno: errno, call: "open", path: path) }
        var failure: Failure?
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count, let base = raw.baseAddress {
                let n = write(fd, base + done, raw.count - done)
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
            unlinkat(folder, name, 0)
            throw failure
        }
    }

    /// Creates a directory and its parents by path (for the root: links allowed); an existing
    /// directory is fine.
    static func makeDirectories(_ path: String) throws(Failure) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw Failure(errno: errno, call: "mkdir", path: current)
            }
            var info = stat()
            if stat(current, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR {
                throw Failure(errno: ENOTDIR, call: "mkdir", path: current)
            }
        }
    }

    /// Moves `name` of one folder over `newName` of another (replacing a link, never following it).
    static func rename(from folder: Int32, _ name: String, to target: Int32, _ newName: String, path: String)
        throws(Failure)
    {
        guard renameat(folder, name, target, newName) == 0 else { throw Failure(errno: errno, call: "rename", path: path) }
    }

    /// Removes a file (or a link, not its target); returns false when there was none.
    static func remove(in folder: Int32, _ name: String, path: String) throws(Failure) -> Bool {
        if unlinkat(folder, name, 0) == 0 { return true }
        if errno == ENOENT || errno == ENOTDIR || errno == EISDIR { return false }
        throw Failure(errno: errno, call: "unlink", path: path)
    }

    /// Removes an empty directory; false if it is not empty or gone.
    static func removeEmptyDirectory(in folder: Int32, _ name: String) -> Bool {
        unlinkat(folder, name, AT_REMOVEDIR) == 0
    }

    /// Flushes a directory's entries (after a rename) to disk.
    static func syncDirectory(_ folder: Int32) {
        fsync(folder)
    }

    /// The names in a folder (without `.` and `..`), or `nil` if it cannot be read.
    static func names(in folder: Int32) -> [String]? {
        // fdopendir takes ownership of the descriptor it is given: hand it a duplicate.
        let duplicate = dup(folder)
        guard duplicate >= 0 else { return nil }
        guard let dir = fdopendir(duplicate) else {
            close(duplicate)
            return nil
        }
        defer { closedir(dir) }
        // The duplicate shares the original's offset, which an earlier listing left at the end.
        rewinddir(dir)
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
