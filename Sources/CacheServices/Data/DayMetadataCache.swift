import ChunkStore
import SeedCore
import Synchronization
import Pipeline

/// Parsed day-metadata files kept for a few seconds: a burst of `/data` hits for the same
/// days reads each file once. The generator invalidates the days it writes.
///
/// A result made from these readings (a finished hit response) may be reused until the
/// earliest reading it used expires and no invalidation happened since (``generation``), so
/// it is never staler than the readings themselves.
final class DayMetadataCache: Sendable {
    /// A file's parsed metadata (`nil`: no such file) and until when it may be used.
    struct Reading {
        var metadata: DayMetadata?
        var expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Reading]>([:])
    private let invalidations = Atomic<UInt64>(0)
    let lifetime: Duration

    init(lifetime: Duration) { self.lifetime = lifetime }

    /// Counts invalidations. Read it before the readings a result is made from: when it has
    /// changed since, a file the result used may have been rewritten.
    var generation: UInt64 { invalidations.load(ordering: .acquiring) }

    /// The file's metadata (`nil` when it does not exist), from the cache or the store.
    func metadata(_ key: DayMetadataKey, store: any ObjectStore) async throws(ObjectStoreError) -> DayMetadata? {
        try await reading(key, store: store).metadata
    }

    /// The file's metadata with its expiry, from the cache or the store.
    func reading(_ key: DayMetadataKey, store: any ObjectStore) async throws(ObjectStoreError) -> Reading {
        let now = ContinuousClock.now
        if let cached = entries.withLock({ $0[key.key] }), cached.expires > now { return cached }
        let object = try await store.getIfPresent(key.key)
        let reading = Reading(metadata: object.flatMap { try? DayMetadata(json: $0.body) }, expires: now + lifetime)
        entries.withLock {
            if $0.count > 10_000 { $0.removeAll() }
            $0[key.key] = reading
        }
        return reading
    }

    func invalidate(_ keys: some Sequence<String>) {
        entries.withLock { for key in keys { $0[key] = nil } }
        // After the removal: a reader that sees the new generation also misses the old entries.
        invalidations.add(1, ordering: .releasing)
    }
}
