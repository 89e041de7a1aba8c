import ChunkStore
import Synchronization

/// A store that records the listings and reads passing through it (to check what a
/// cache-status request costs).
final class StatusCountingStore: ObjectStore {
    /// One `list` call.
    struct Listing: Hashable, Sendable {
        var prefix: String
        var delimiter: String?
    }

    let store: any ObjectStore
    private let calls = Mutex<(listings: [Listing], reads: [String])>(([], []))

    init(wrapping store: any ObjectStore) { self.store = store }

    /// Every `list` call so far (pages of one `listAll` each count).
    var listings: [Listing] { calls.withLock { $0.listings } }
    /// Keys read with `get` so far.
    var reads: [String] { calls.withLock { $0.reads } }

    var displayName: String { "counting \(store.displayName)" }

    func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
        calls.withLock { $0.reads.append(key) }
        return try await store.get(key, range: range)
    }

    func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo { try await store.head(key) }

    func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        try await store.put(key, body: body, options: options)
    }

    func delete(_ key: String) async throws(ObjectStoreError) { try await store.delete(key) }

    func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
    {
        calls.withLock { $0.listings.append(Listing(prefix: prefix, delimiter: delimiter)) }
        return try await store.list(
            prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, maxKeys: maxKeys)
    }
}
