import ChunkStore
import Foundation

/// `/health`'s check of the store: it lists `data/` and writes and deletes a probe object
/// (outside `data/`), so a store that can be read but not written (a read-only volume,
/// credentials without write permission) is reported unhealthy. The outcome is reused for
/// ``cacheTTL``, so frequent health checks cost the store (and R2's per-operation billing)
/// little.
actor StoreHealth {
    /// The outcome of a check.
    struct Outcome: Sendable {
        /// `nil` when healthy; else the step that failed (`list`, `write`, `delete`).
        var failedStep: String?
        /// What went wrong.
        var error: String?
        /// When it was checked.
        var checkedAt: ContinuousClock.Instant

        var isHealthy: Bool { failedStep == nil }
    }

    let store: any ObjectStore
    /// The probe object's key (`health/probe-{instance}`).
    let probeKey: String
    /// How long an outcome is reused.
    let cacheTTL: Duration
    private var last: Outcome?

    init(store: any ObjectStore, probeKey: String, cacheTTL: Duration) {
        self.store = store
        self.probeKey = probeKey
        self.cacheTTL = cacheTTL
    }

    /// The store's health, checked now unless a check less than ``cacheTTL`` old is at hand.
    func check() async -> Outcome {
        let now = ContinuousClock.now
        if let last, now - last.checkedAt < cacheTTL { return last }
        let outcome = await probe(at: now)
        last = outcome
        return outcome
    }

    private func probe(at now: ContinuousClock.Instant) async -> Outcome {
        do {
            _ = try await store.list(prefix: "data/", delimiter: "/", continuationToken: nil, maxKeys: 1)
        } catch {
            return Outcome(failedStep: "list", error: "listing data/ failed: \(error)", checkedAt: now)
        }
        do {
            try await store.put(probeKey, body: Array("seisapi health probe\n".utf8))
        } catch {
            return Outcome(failedStep: "write", error: "writing \(probeKey) failed: \(error)", checkedAt: now)
        }
        do {
            try await store.delete(probeKey)
        } catch {
            return Outcome(failedStep: "delete", error: "deleting \(probeKey) failed: \(error)", checkedAt: now)
        }
        return Outcome(checkedAt: now)
    }
}
