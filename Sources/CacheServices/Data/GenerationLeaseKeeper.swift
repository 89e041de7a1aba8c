import ChunkStore
import Logging
import SeedCore
import Synchronization

/// Keeps a generation's ``StoreLease`` alive while this replica generates: renews it every
/// third of its duration, and at once when there is a `metadata` event to publish (followers
/// on other replicas send it as their stream's first line), then releases it.
///
/// Only ``keepRenewing()`` writes while it runs, so renewals never race each other over the
/// lease's ETag; ``publish(_:)`` leaves the event for it. The loop's waits are on the given
/// clock (a manual one in tests); the lease's expiry is the store's wall-clock time.
final class GenerationLeaseKeeper: Sendable {
    private struct State {
        var held: StoreLease.Held?
        var pendingDetail: String?
    }

    let lease: StoreLease
    private let state: Mutex<State>
    private let logger: Logger
    private let stopwatch: Stopwatch

    /// How often the loop looks for a detail to publish.
    static let publishCheck: Duration = .milliseconds(100)

    init(lease: StoreLease, held: StoreLease.Held, logger: Logger, clock: any Clock<Duration> = ContinuousClock()) {
        stopwatch = Stopwatch(clock)
        self.lease = lease
        self.state = Mutex(State(held: held))
        self.logger = logger
    }

    /// Leaves the event for the next renewal, which comes within ``publishCheck``.
    func publish(_ metadata: DataEvent.Metadata) {
        guard let text = try? JSONResponseText.encode(metadata) else { return }
        state.withLock { $0.pendingDetail = text }
    }

    /// Renews until cancelled.
    func keepRenewing() async {
        let interval = lease.duration / 3
        var lastRenewal = stopwatch.elapsed
        while !Task.isCancelled {
            do {
                try await stopwatch.sleep(for: Self.publishCheck)
            } catch {
                return
            }
            let (held, detail) = state.withLock { state in
                defer { state.pendingDetail = nil }
                return (state.held, state.pendingDetail)
            }
            guard let held else { return }
            guard detail != nil || stopwatch.elapsed - lastRenewal >= interval else { continue }
            lastRenewal = stopwatch.elapsed
            do {
                let renewed = try await lease.renew(held, detail: detail)
                state.withLock { $0.held = renewed }
                if renewed == nil {
                    logger.warning(
                        "generation lease lost: it lapsed and another replica took it over",
                        metadata: ["lease.key": "\(lease.key)"])
                    return
                }
            } catch {
                // The next round tries again; the lease lives three intervals.
                if let detail { state.withLock { $0.pendingDetail = $0.pendingDetail ?? detail } }
                logger.warning("generation lease not renewed", metadata: ["lease.key": "\(lease.key)", "error": "\(error)"])
            }
        }
    }

    /// Gives the lease up (after ``keepRenewing()`` ended).
    func release() async {
        guard let held = state.withLock({ state in defer { state.held = nil }; return state.held }) else { return }
        do {
            try await lease.release(held)
        } catch {
            // It lapses by itself; followers then find the chunks stored.
            logger.warning("generation lease not released", metadata: ["lease.key": "\(lease.key)", "error": "\(error)"])
        }
    }
}
