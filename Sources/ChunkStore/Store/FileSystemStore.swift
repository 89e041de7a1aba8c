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
///   then renamed over the target, and the folder is fsynced.
/// - Preconditions (`ifMatch`, `ifNoneMatch`) hold across processes: the check and the
///   rename happen under an `flock` on one of 64 lock files in `<root>/.seiscache/locks`.
/// - ETags are the MD5 of the content, as S3 and R2 compute them for single-part uploads.
/// - Keys map to paths as ``LocalKeyPath`` describes (an empty segment is the folder `--`);
///   no key can reach outside the root.
public struct FileSystemStore: ObjectStore {
    /// The directory holding the objects.
    public let root: String

    /// A store rooted at a directory (created on the first write).
    /// - Parameter root: the directory, e.g. `./data`. A trailing `/` is ignored.
    public init(root: String) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root.isEmpty ? "." : root
    }

    public var displayName: String { "local \(root)" }

    private var internalFolder: String { root + "/.seiscache" }

    public func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
        let path = try self.path(of: key)
        let bytes: [UInt8]
        let status: POSIXFile.Status
        do {
            (bytes, status) = try POSIXFile.read(path, range: range)
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
        try await get(key, range: nil).info
    }

    public func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        let relative = try LocalKeyPath.encode(key)
        let path = root + "/" + relative
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        let temporary = try temporaryPath(for: key)
        do throws(POSIXFile.Failure) {
            try POSIXFile.writeNew(temporary, bytes: body)
        } catch {
            throw Self.error(error, key: key)
        }
        defer { _ = try? POSIXFile.remove(temporary) }
        // A concurrent delete may prune the folder between mkdir and rename: try again.
        for attempt in 1...5 {
            do throws(POSIXFile.Failure) {
                try POSIXFile.makeDirectories(folder)
            } catch {
                throw Self.error(error, key: key, collision: true)
            }
            do {
                try lock(for: key).withLock(key: key) { () throws(ObjectStoreError) in
                    try checkCondition(options.condition, path: path, key: key)
                    do throws(POSIXFile.Failure) {
                        try POSIXFile.rename(temporary, path)
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
        let path = try self.path(of: key)
        try lock(for: key).withLock(key: key) { () throws(ObjectStoreError) in
            do throws(POSIXFile.Failure) {
                _ = try POSIXFile.remove(path)
            } catch {
                throw Self.error(error, key: key)
            }
        }
        // Drop folders left empty, so listings never show a prefix without objects.
        var folder = path
        while let slash = folder.lastIndex(of: "/"), folder.count > root.count {
            folder = String(folder[..<slash])
            guard folder.count > root.count, POSIXFile.removeEmptyDirectory(folder) else { break }
        }
    }

    public func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
    {
        let lister = FileSystemStoreLister(root: root, prefix: prefix, delimiter: delimiter)
        return lister.page(after: continuationToken, maxKeys: Swift.min(Swift.max(maxKeys, 1), 1000))
    }

    // MARK: - Helpers

    private func path(of key: String) throws(ObjectStoreError) -> String {
        root + "/" + (try LocalKeyPath.encode(key))
    }

    private func temporaryPath(for key: String) throws(ObjectStoreError) -> String {
        let folder = internalFolder + "/tmp"
        do throws(POSIXFile.Failure) {
            try POSIXFile.makeDirectories(folder)
            try POSIXFile.makeDirectories(internalFolder + "/locks")
        } catch {
            throw Self.error(error, key: key)
        }
        let random = UInt64.random(in: 0...UInt64.max)
        return folder + "/\(getpid())-" + String(random, radix: 16)
    }

    private func lock(for key: String) -> FileLock {
        var hash: UInt32 = 2_166_136_261
        for byte in key.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return FileLock(path: internalFolder + "/locks/\(hash % 64).lock")
    }

    private func checkCondition(_ condition: WriteCondition, path: String, key: String) throws(ObjectStoreError) {
        switch condition {
        case .always:
            return
        case .ifNoneMatch:
            if let status = POSIXFile.status(path), !status.isDirectory {
                throw ObjectStoreError(code: .preconditionFailed, key: key, message: "the object exists (If-None-Match: *)")
            }
        case .ifMatch(let expected):
            let current: ETag
            do {
                current = Self.etag(of: try POSIXFile.read(path).bytes)
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
