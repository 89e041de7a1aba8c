import ChunkStore
import Synchronization

/// A store that reads and lists but refuses every write, as a read-only volume or a bucket
/// token without write permission does (the tests run as root, which file modes do not stop).
final class ReadOnlyStore: ObjectStore {
    let store: any ObjectStore
    private let attempts = Mutex(0)

    init(wrapping store: any ObjectStore) { self.store = store }

    /// Writes and deletes attempted.
    var writeAttempts: Int { attempts.withLock { $0 } }

    var displayName: String { "read-only \(store.displayName)" }

    func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
        try await store.get(key, range: range)
    }

    func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo { try await store.head(key) }

    func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        attempts.withLock { $0 += 1 }
        throw ObjectStoreError(
            code: .permissionDenied, key: key, message: "open: Read-only file system; check the data directory's permissions")
    }

    func delete(_ key: String) async throws(ObjectStoreError) {
        attempts.withLock { $0 += 1 }
        throw ObjectStoreError(code: .permissionDenied, key: key, message: "unlink: Read-only file system")
    }

    func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
    {
        try await store.list(prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, maxKeys: maxKeys)
    }
}
