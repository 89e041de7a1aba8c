import AsyncAlgorithms

/// The records of a live feed as an `AsyncSequence`, backed by a task that follows the feed
/// and hands each record over through a rendezvous channel (the follower waits until the
/// consumer takes a record: a slow consumer slows the feed, memory does not grow). The task
/// starts with the first `next()` and is cancelled when the iterator goes away or the
/// consuming task is cancelled.
public struct LiveRecords<Position: Sendable>: AsyncSequence, Sendable {
    public typealias Element = LiveSourceRecord<Position>

    /// Follows the feed, calling `send` for each record until cancelled (it throws only
    /// `CancellationError`).
    public typealias Follow = @Sendable (_ send: @Sendable (Element) async -> Void) async throws -> Void

    private let follow: Follow

    /// Records produced by `follow`.
    public init(follow: @escaping Follow) { self.follow = follow }

    public func makeAsyncIterator() -> Iterator { Iterator(follow: follow) }

    /// Takes the records one by one.
    public struct Iterator: AsyncIteratorProtocol {
        private let follow: Follow
        private var state: State?
        private var records: AsyncChannel<Element>.Iterator?

        init(follow: @escaping Follow) { self.follow = follow }

        /// The channel and the following task, made on the first `next()`; cancelling the task
        /// when the last copy of the iterator goes away.
        private final class State: Sendable {
            let channel = AsyncChannel<Element>()
            let task: Task<Void, Never>
            init(follow: @escaping Follow) {
                let channel = self.channel
                task = Task {
                    try? await follow { await channel.send($0) }
                    channel.finish()
                }
            }
            deinit { task.cancel() }
        }

        public mutating func next() async -> Element? {
            let state = self.state ?? State(follow: follow)
            if self.state == nil {
                self.state = state
                records = state.channel.makeAsyncIterator()
            }
            return await withTaskCancellationHandler {
                await records?.next()
            } onCancel: {
                state.task.cancel()
            }
        }
    }
}
