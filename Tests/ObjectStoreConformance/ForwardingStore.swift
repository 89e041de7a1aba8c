package import ChunkStore

/// A test double that passes every operation to ``inner``: a store that counts, logs, gates or
/// fails one operation implements only that one and inherits the rest from here.
package protocol ForwardingStore: ObjectStore {
    /// The store the operations go to.
    var inner: any ObjectStore { get }
}

extension ForwardingStore {
    package var displayName: String { inner.displayName }

    package func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
        try await inner.get(key, range: range)
    }

    package func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo { try await inner.head(key) }

    package func openForReading(_ key: String) async throws(ObjectStoreError) -> any ObjectReader {
        try await inner.openForReading(key)
    }

    package func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        try await inner.put(key, body: body, options: options)
    }

    package func delete(_ key: String) async throws(ObjectStoreError) { try await inner.delete(key) }

    package func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
    {
        try await inner.list(prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, maxKeys: maxKeys)
    }
}
