import ChunkStore
import SeedCore
import Synchronization
import Pipeline

/// Parsed day-metadata files kept for a few seconds: a burst of `/data` hits for the same
/// days reads each file once. The generator invalidates the days it writes.
final class DayMetadataCache: Sendable {
    private struct Entry {
        var metadata: DayMetadata?
        var expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    let lifetime: Duration

    init(lifetime: Duration) { self.lifetime = lifetime }

    /// The file's metadata (`nil` when it does not exist), from the cache or the store.
    func metadata(_ key: DayMetadataKey, store: any ObjectStore) async throws(ObjectStoreError) -> DayMetadata? {
        let now = ContinuousClock.now
        if let cached = entries.withLock({ $0[key.key] }), cached.expires > now { return cached.metadata }
        let object = try await store.getIfPresent(key.key)
        let metadata = object.flatMap { try? DayMetadata(json: $0.body) }
        entries.withLock {
            if $0.count > 10_000 { $0.removeAll() }
            $0[key.key] = Entry(metadata: metadata, expires: now + lifetime)
        }
        return metadata
    }

    func invalidate(_ keys: some Sequence<String>) {
        entries.withLock { for key in keys { $0[key] = nil } }
    }
}
