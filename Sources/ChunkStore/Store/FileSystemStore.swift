#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SeedCore

/// The embedded object store: a local directory (`./data` by default) holding the same
/// key layout as the bucket, one file per object.
///
/// - Writes are atomic: a temporary file in `<root>/.seiscache/tmp` is written and fsynced,
///   then renamed over the target, and the folder is fsynced. Temporary files a killed
///   writer left behind are removed by a later store's writes (`TemporaryFileSweeper`).
/// - Preconditions (`ifMatch`, `ifNoneMatch`) hold across processes: the check and the
///   rename happen under an `flock` on one of 64 lock files in `<root>/.seiscache/locks`.
/// - ETags are the MD5 of the content, as S3 and R2 compute them for single-part uploads.
/// - Keys map to paths as `LocalKeyPath` describes (an empty segment is the folder `--`);
///   no key can reach outside the root.
/// - Symbolic links inside the root are never followed or served: every folder on a key's
///   path is opened with `O_NOFOLLOW` (a link there makes reads `notFound` and writes
///   `invalidKey`), files are opened with `O_NOFOLLOW`, and listings skip links.
public struct FileSystemStore: ObjectStore {
    /// The directory holding the objects.
    public let root: String
    private let sweeper: TemporaryFileSweeper

    /// A store rooted at a directory (created on the first write).
    /// - Parameter root: the directory, e.g. `./data`. A trailing `/` is ignored.
    public init(root: String) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root.isEmpty ? "." : root
        sweeper = TemporaryFileSweeper()
    }

    public var displayName: String { "local \(root)" }

    /// The store's own folder (temporary files, locks); no key maps into it.
    static let internalFolder = ".seiscache"

    public func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
        let location = try Location(key: key, root: root)
        let bytes: [UInt8]
        let status: POSIXFile.Status
        do throws(POSIXFile.Failure) {
            let folders = try POSIXFile.openFolders(root: root, location.folders, create: false)
            defer { POSIXFile.closeAll(folders) }
            (bytes, status) = try POSIXFile.read(in: folders[folders.count - 1], location.name, path: location.path, range: range)
        } catch {
            throw Self.error(error, key: key)
        }
        if let range, range.lowerBound >= status.size, range.lowerBound > 0 {
            throw ObjectStoreError(
                code: .invalidRange, key: key,
                message: "range starts at byte \(range.lowerBound) of a \(status.size)-byte object")
        }
        return StoredObject(
            body: bytes,
            info: ObjectInfo(
                key: key, size: status.size, etag: range == nil ? Self.etag(of: bytes) : nil,
                lastModified: UTCTime(nanoseconds: status.modifiedNanoseconds)))
    }

    public func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo {
        try openReader(key).info
    }

    /// The opened file itself: every piece is of the version opened, also after a rewrite.
    public func openForReading(_ key: String) async throws(ObjectStoreError) -> any ObjectReader {
        try openReader(key)
    }

    private func openReader(_ key: String) throws(ObjectStoreError) -> FileObjectReader {
        let location = try Location(key: key, root: root)
        do throws(POSIXFile.Failure) {
            let folders = try POSIXFile.openFolders(root: root, location.folders, create: false)
            defer { POSIXFile.closeAll(folders) }
            return try FileObjectReader(in: folders[folders.count - 1], location.name, key: key, path: location.path)
        } catch {
            throw Self.error(error, key: key)
        }
    }

    public func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        let location = try Location(key: key, root: root)
        let temporaryFolder = try openInternalFolder("tmp", key: key)
        defer { POSIXFile.closeAll([temporaryFolder]) }
        sweeper.sweepIfDue(in: temporaryFolder)
        let temporaryName = "\(getpid())-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let temporaryPath = "\(root)/\(Self.internalFolder)/tmp/\(temporaryName)"
        do throws(POSIXFile.Failure) {
            try POSIXFile.writeNew(in: temporaryFolder, temporaryName, path: temporaryPath, bytes: body)
        } catch {
            throw Self.error(error, key: key)
        }
        defer { _ = try? POSIXFile.remove(in: temporaryFolder, temporaryName, path: temporaryPath) }
        let locks = try openInternalFolder("locks", key: key)
        defer { POSIXFile.closeAll([locks]) }
        // A concurrent delete may prune the folder between mkdir and rename: try again.
        for attempt in 1...5 {
            let folders: [Int32]
            do throws(POSIXFile.Failure) {
                folders = try POSIXFile.openFolders(root: root, location.folders, create: true)
            } catch {
                throw Self.error(error, key: key, collision: true)
            }
            defer { POSIXFile.closeAll(folders) }
            let folder = folders[folders.count - 1]
            do {
                try lock(for: key, in: locks).withLock(key: key) { () throws(ObjectStoreError) in
                    try checkCondition(options.condition, in: folder, location: location, key: key)
                    do throws(POSIXFile.Failure) {
                        try POSIXFile.rename(
                            from: temporaryFolder, temporaryName, to: folder, location.name, path: location.path)
                    } catch {
                        throw Self.error(error, key: key, collision: true)
                    }
                }
                POSIXFile.syncDirectory(folder)
                return Self.etag(of: body)
            } catch where error.code == .notFound && attempt < 5 {
                continue
            }
        }
        throw ObjectStoreError(code: .transient, key: key, message: "the folder kept disappearing; try again")
    }

    public func delete(_ key: String) async throws(ObjectStoreError) {
        let location = try Location(key: key, root: root)
        let folders: [Int32]
        do throws(POSIXFile.Failure) {
            folders = try POSIXFile.openFolders(root: root, location.folders, create: false)
        } catch {
            // No folder (or a link, a file in the way): there is no such object to delete.
            if [ENOENT, ENOTDIR, ELOOP].contains(error.errno) { return }
            throw Self.error(error, key: key)
        }
        defer { POSIXFile.closeAll(folders) }
        let locks = try openInternalFolder("locks", key: key)
        defer { POSIXFile.closeAll([locks]) }
        try lock(for: key, in: locks).withLock(key: key) { () throws(ObjectStoreError) in
            do throws(POSIXFile.Failure) {
                _ = try POSIXFile.remove(in: folders[folders.count - 1], location.name, path: location.path)
            } catch {
                throw Self.error(error, key: key)
            }
        }
        // Drop folders left empty, so listings never show a prefix without objects.
        for depth in stride(from: location.folders.count, to: 0, by: -1) {
            guard POSIXFile.removeEmptyDirectory(in: folders[depth - 1], location.folders[depth - 1]) else { break }
        }
    }

    public func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
    {
        let lister = FileSystemStoreLister(root: root, prefix: prefix, delimiter: delimiter)
        return lister.page(after: continuationToken, maxKeys: Swift.min(Swift.max(maxKeys, 1), 1000))
    }

    // MARK: - Helpers

    /// Where a key lives on disk.
    private struct Location {
        /// Folder names below the root.
        var folders: [String]
        /// The file's name in the innermost folder.
        var name: String
        /// The whole path, for messages.
        var path: String

        init(key: String, root: String) throws(ObjectStoreError) {
            var segments = try LocalKeyPath.encodedSegments(key)
            name = segments.removeLast()
            folders = segments
            path = root + "/" + (segments + [name]).joined(separator: "/")
        }
    }

    /// Opens (creating it) `.seiscache/<name>`.
    private func openInternalFolder(_ name: String, key: String) throws(ObjectStoreError) -> Int32 {
        do throws(POSIXFile.Failure) {
            let folders = try POSIXFile.openFolders(root: root, [Self.internalFolder, name], create: true)
            POSIXFile.closeAll(Array(folders.dropLast()))
            return folders[folders.count - 1]
        } catch {
            // A link or a file in place of the store's own folder is refused like one on a key's path.
            throw Self.error(error, key: key, collision: error.errno == ELOOP)
        }
    }

    private func lock(for key: String, in folder: Int32) -> FileLock {
        var hash: UInt32 = 2_166_136_261
        for byte in key.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let name = "\(hash % 64).lock"
        return FileLock(folder: folder, name: name, path: "\(root)/\(Self.internalFolder)/locks/\(name)")
    }

    private func checkCondition(_ condition: WriteCondition, in folder: Int32, location: Location, key: String)
        throws(ObjectStoreError)
    {
        switch condition {
        case .always:
            return
        case .ifNoneMatch:
            // A link is not an object: the rename replaces it.
            if let status = POSIXFile.status(in: folder, location.name), !status.isDirectory, !status.isSymbolicLink {
                throw ObjectStoreError(code: .preconditionFailed, key: key, message: "the object exists (If-None-Match: *)")
            }
        case .ifMatch(let expected):
            let current: ETag
            do {
                current = Self.etag(of: try POSIXFile.read(in: folder, location.name, path: location.path).bytes)
            } catch {
                throw ObjectStoreError(
                    code: .preconditionFailed, key: key, message: "the object does not exist (If-Match \(expected))")
            }
            guard current == expected else {
                throw ObjectStoreError(
                    code: .preconditionFailed, key: key,
                    message: "the object changed (ETag \(current), If-Match \(expected)); re-read and retry")
            }
        }
    }

    static func etag(of bytes: [UInt8]) -> ETag { ETag(md5Of: bytes) }

    static func error(_ failure: POSIXFile.Failure, key: String, collision: Bool = false) -> ObjectStoreError {
        switch failure.errno {
        case ENOENT:
            return ObjectStoreError(code: .notFound, key: key, message: "no such object")
        case ENOTDIR where collision, EISDIR where collision, EEXIST where collision, ENOTEMPTY where collision:
            return ObjectStoreError(
                code: .invalidKey, key: key,
                message: "the key collides with another object's folder on disk (\(failure.path)); "
                    + "the local store cannot hold both `a` and `a/b`")
        case ELOOP where collision:
            return ObjectStoreError(
                code: .invalidKey, key: key,
                message: "\(failure.path) is a symbolic link; the local store never follows links inside its "
                    + "directory: replace the link with a real folder")
        case ELOOP:
            return ObjectStoreError(
                code: .notFound, key: key,
                message: "no such object (\(failure.path) is a symbolic link, which the local store does not follow)")
        case ENOTDIR, EISDIR:
            return ObjectStoreError(code: .notFound, key: key, message: "no such object")
        case EACCES, EPERM, EROFS:
            return ObjectStoreError(
                code: .permissionDenied, key: key,
                message: "\(failure.call) \(failure.path): \(failure.reason); check the data directory's permissions")
        case ENOSPC, EDQUOT:
            // A full disk does not empty itself within a retry window: fail at once and say so.
            return ObjectStoreError(
                code: .failed, key: key,
                message: "\(failure.call) \(failure.path): \(failure.reason); free space on the data directory's disk, then run again")
        case EIO, EAGAIN, EMFILE, ENFILE, EINTR:
            return ObjectStoreError(
                code: .transient, key: key, message: "\(failure.call) \(failure.path): \(failure.reason)")
        default:
            return ObjectStoreError(code: .failed, key: key, message: "\(failure.call) \(failure.path): \(failure.reason)")
        }
    }
}
