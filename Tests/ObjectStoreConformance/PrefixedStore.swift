package import ChunkStore

/// A store seen through a key prefix, so a check can use real layout keys in its own space.
package struct PrefixedStore: ObjectStore {
    let store: any ObjectStore
    let prefix: String

    package init(store: any ObjectStore, prefix: String) {
        self.store = store
        self.prefix = prefix
    }

    package var displayName: String { "\(store.displayName) under \(prefix)" }

    package func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
        try await store.get(prefix + key, range: range)
    }

    package func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo {
        try await store.head(prefix + key)
    }

    package func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        try await store.put(prefix + key, body: body, options: options)
    }

    package func delete(_ key: String) async throws(ObjectStoreError) {
        try await store.delete(prefix + key)
    }

    package func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
    {
        var page = try await store.list(
            prefix: self.prefix + prefix, delimiter: delimiter, continuationToken: continuationToken, maxKeys: maxKeys)
        page.objects = page.objects.map { var o = $0; o.key.removeFirst(self.prefix.count); return o }
        page.commonPrefixes = page.commonPrefixes.map { String($0.dropFirst(self.prefix.count)) }
        return page
    }
}
