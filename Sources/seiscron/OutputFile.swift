#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file a command was asked to write (`--out PATH`), written the way Unix tools write.
///
/// - `-` is standard output.
/// - A path that exists and is not a regular file (a character device such as `/dev/null`, a
///   FIFO, a terminal), or that names an open descriptor (`/dev/stdout`, `/dev/stderr`,
///   `/dev/fd/N`, anything under `/proc`), is opened and written in place, as a shell's `>`
///   does. Replacing it would replace the device or pipe itself: run as root, a rename over
///   `/dev/null` leaves a regular file there that every program on the machine then writes into.
/// - Anything else (a regular file, or nothing yet) is replaced atomically: written to a
///   temporary file beside it, flushed to disk and renamed over it, so a reader never sees half
///   of it and a failed write leaves the old file. A link is followed: its target is replaced,
///   keeping its permissions.
struct OutputFile {
    /// How ``write(_:)`` reaches the path.
    enum Destination: Equatable {
        /// `-`: the process's standard output.
        case standardOutput
        /// An existing device, FIFO or descriptor, opened and written where it is.
        case inPlace(String)
        /// A regular file or a new one, replaced by a rename (the path after following links).
        case replaced(String)
    }

    /// The file could not be written; the description names the path and the reason.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The `--out` help's description of the rules.
    static let help = "File to write: a regular file is replaced atomically, a device or FIFO written in place, - is standard output"

    /// The path as given.
    let path: String
    /// Where ``write(_:)`` writes, decided once from what is at the path now.
    let destination: Destination

    /// Decides how to write `path` from what is there now.
    init(_ path: String) {
        self.path = path
        if path == "-" {
            destination = .standardOutput
        } else if path == "/dev/stdout" || path == "/dev/stderr" || path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/") {
            destination = .inPlace(path)
        } else {
            var info = stat()
            if stat(path, &info) == 0 {
                if info.st_mode & S_IFMT == S_IFREG {
                    destination = .replaced(Self.resolved(path))
                } else {
                    destination = .inPlace(path)
                }
            } else {
                destination = .replaced(path)
            }
        }
    }

    /// Whether the bytes go to standard output (so a command prints anything else elsewhere).
    var isStandardOutput: Bool { destination == .standardOutput }

    /// Writes `bytes` to the destination, all of them or throws.
    /// - Throws: ``Failure`` naming the path and the system's reason.
    func write(_ bytes: [UInt8]) throws(Failure) {
        switch destination {
        case .standardOutput:
            try Self.writeAll(bytes, to: STDOUT_FILENO, path: "standard output")
        case .inPlace(let target):
            let fd = open(target, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard fd >= 0 else { throw failure("open", path: target) }
            defer { close(fd) }
            try Self.writeAll(bytes, to: fd, path: target)
        case .replaced(let target):
            try replace(target, with: bytes)
        }
    }

    /// Writes a temporary file in the target's folder, fsyncs it, renames it over the target and
    /// fsyncs the folder; the temporary file is removed on any failure.
    private func replace(_ target: String, with bytes: [UInt8]) throws(Failure) {
        let slash = target.lastIndex(of: "/")
        let folder = slash.map { $0 == target.startIndex ? "/" : String(target[..<$0]) } ?? "."
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        let temporary = (folder == "/" ? "" : folder) + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        // 0666 less the umask for a new file, as a shell's `>` makes it; an existing file's mode is kept.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure("create a temporary file in \(folder) for", path: target) }
        var info = stat()
        var result: Failure?
        if stat(target, &info) == 0, fchmod(fd, info.st_mode & 0o7777) != 0 {
            result = failure("keep the permissions of", path: target)
        }
        if result == nil {
            do throws(Failure) { try Self.writeAll(bytes, to: fd, path: target) } catch { result = error }
        }
        if result == nil, fsync(fd) != 0 { result = failure("flush", path: target) }
        close(fd)
        if result == nil, rename(temporary, target) != 0 { result = failure("rename a temporary file over", path: target) }
        if let result {
            unlink(temporary)
            throw result
        }
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(Failure) {
        var failed: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count, let base = raw.baseAddress {
                let n = systemWrite(fd, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                done += n
            }
        }
        if failed != 0 { throw Failure(description: "cannot write \(path): \(String(cString: strerror(failed)))") }
    }

    /// The path with its links followed (the file a rename must replace), or as given.
    private static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    private func failure(_ action: String, path: String) -> Failure {
        Failure(description: "cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}

/// POSIX `write(2)` (inside ``OutputFile`` the name is its own method's).
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
