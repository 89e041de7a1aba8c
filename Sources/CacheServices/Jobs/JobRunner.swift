package import Logging
import ServiceLifecycle

/// Runs background work (backfill jobs, on-demand generations) inside the service group:
/// work outlives the request that started it.
///
/// On a graceful shutdown (SIGTERM) the runner takes no new work and gives what runs
/// ``drainDeadline`` to finish; then it cancels it (work checks cancellation between
/// batches and channels), waits for it to stop and calls `afterStop`, which checkpoints
/// what was interrupted. `afterStop` runs here, outside the cancelled tasks, so its store
/// writes are not cancelled with them. The drain deadline runs on an injected clock.
package final class JobRunner: Service {
    /// How long running work may take to finish after a graceful shutdown began.
    package let drainDeadline: Duration
    private let clock: any Clock<Duration>
    private let afterStop: @Sendable () async -> Void
    private let logger: Logger
    private let stream: AsyncStream<@Sendable () async -> Void>
    private let continuation: AsyncStream<@Sendable () async -> Void>.Continuation

    /// Creates a runner.
    /// - Parameters:
    ///   - drainDeadline: how long running work may take after shutdown began; default 20 s.
    ///   - logger: where the drain is logged.
    ///   - clock: where the drain deadline runs.
    ///   - afterStop: called once all work stopped (finished or cancelled).
    package init(
        drainDeadline: Duration = .seconds(20), logger: Logger = Logger(label: "seisapi.jobs"),
        clock: any Clock<Duration> = ContinuousClock(), afterStop: @escaping @Sendable () async -> Void = {}
    ) {
        self.clock = clock
        self.drainDeadline = drainDeadline
        self.afterStop = afterStop
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
    }

    /// Queues work.
    /// - Returns: `false` when shutdown began and the work was dropped.
    @discardableResult
    package func submit(_ work: @escaping @Sendable () async -> Void) -> Bool {
        if case .terminated = continuation.yield(work) { return false }
        return true
    }

    package func run() async {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withDiscardingTaskGroup { work in
                    for await item in self.stream {
                        work.addTask { await item() }
                    }
                }
                return true
            }
            group.addTask {
                // Returns when a graceful shutdown begins, throws when this service is cancelled.
                try? await gracefulShutdown()
                self.continuation.finish()
                self.logger.info("draining background work", metadata: ["jobs.drain_seconds": "\(self.drainDeadline)"])
                do {
                    try await self.clock.sleep(for: self.drainDeadline)
                    return false
                } catch {
                    return true
                }
            }
            let drained = await group.next() ?? true
            if !drained {
                logger.warning(
                    "drain deadline passed: cancelling background work",
                    metadata: ["jobs.drain_seconds": "\(drainDeadline)"])
            }
            group.cancelAll()
        }
        await afterStop()
    }
}
