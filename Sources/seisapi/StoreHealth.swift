import ChunkStore
import Foundation
import Logging
import SeedCore

/// `/health`'s check of the store: it lists `data/` and writes and deletes a probe object
/// (outside `data/`), so a store that can be read but not written (a read-only volume,
/// credentials without write permission) is reported unhealthy. The outcome is reused for
/// ``cacheTTL``, so frequent health checks cost the store (and R2's per-operation billing)
/// little. The API's own writes count too (``WriteFailures``): after ``degradedAfter`` failed
/// in a row (a full disk fails 15 MB chunks while the tiny probe still fits) the store is
/// reported degraded until one succeeds.
///
/// What a failure says to anonymous callers is the step and a generic reason; the store's
/// error (paths, hosts) goes to the log.
actor StoreHealth {
    /// The outcome of a check.
    struct Outcome: Sendable {
        /// `nil` when healthy; else the step that failed (`list`, `write`, `delete`, `writes`).
        var failedStep: String?
        /// What went wrong, for anyone to read (no paths).
        var error: String?
        /// When it was checked (on the health check's clock).
        var checkedAt: Duration

        var isHealthy: Bool { failedStep == nil }
    }

    let store: any ObjectStore
    /// The probe object's key (`health/probe-{instance}`).
    let probeKey: String
    /// How long an outcome is reused.
    let cacheTTL: Duration
    /// The API's writes that failed in a row.
    nonisolated let writes: WriteFailures
    /// Failed writes in a row that make the store degraded.
    let degradedAfter: Int
    let logger: Logger
    private var last: Outcome?
    /// The time outcomes are reused by (a manual clock in tests).
    private let stopwatch: Stopwatch

    init(
        store: any ObjectStore, probeKey: String, cacheTTL: Duration, writes: WriteFailures = WriteFailures(),
        degradedAfter: Int = 3, logger: Logger = Logger(label: "seisapi.health"),
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        stopwatch = Stopwatch(clock)
        self.store = store
        self.probeKey = probeKey
        self.cacheTTL = cacheTTL
        self.writes = writes
        self.degradedAfter = max(1, degradedAfter)
        self.logger = logger
    }

    /// The store's health, checked now unless a check less than ``cacheTTL`` old is at hand.
    func check() async -> Outcome {
        let now = stopwatch.elapsed
        let recent = writes.current
        if recent.inARow >= degradedAfter {
            logger.warning(
                "store degraded: writes fail",
                metadata: ["store.failed_writes": "\(recent.inARow)", "error": "\(recent.last.map { "\($0)" } ?? "-")"])
            return Outcome(
                failedStep: "writes", error: "the last \(recent.inARow) writes to the store failed", checkedAt: now)
        }
        if let last, now - last.checkedAt < cacheTTL { return last }
        let outcome = await probe(at: now)
        last = outcome
        return outcome
    }

    private func probe(at now: Duration) async -> Outcome {
        func failed(_ step: String, _ what: String, _ error: ObjectStoreError) -> Outcome {
            logger.warning("store health check failed", metadata: ["store.step": "\(step)", "error": "\(error)"])
            return Outcome(failedStep: step, error: "\(what) failed (\(error.code))", checkedAt: now)
        }
        do {
            _ = try await store.list(prefix: "data/", delimiter: "/", continuationToken: nil, maxKeys: 1)
        } catch {
            return failed("list", "listing data/", error)
        }
        do {
            try await store.put(probeKey, body: Array("seisapi health probe\n".utf8))
        } catch {
            return failed("write", "writing the probe object", error)
        }
        do {
            try await store.delete(probeKey)
        } catch {
            return failed("delete", "deleting the probe object", error)
        }
        return Outcome(checkedAt: now)
    }
}
