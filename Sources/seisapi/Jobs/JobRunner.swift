import ServiceLifecycle

/// Runs background work (backfill jobs, on-demand generations) inside the service group:
/// work outlives the request that started it, and a graceful shutdown (SIGTERM) stops new
/// work and waits for what runs (which checks cancellation between batches).
final class JobRunner: Service {
    private let stream: AsyncStream<@Sendable () async -> Void>
    private let continuation: AsyncStream<@Sendable () async -> Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
    }

    /// Queues work; after shutdown began it is dropped.
    func submit(_ work: @escaping @Sendable () async -> Void) {
        continuation.yield(work)
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for await work in stream {
                    group.addTask { await work() }
                }
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
    }
}
