import CacheServices
import Synchronization

/// The events of a `/data` miss, with a `heartbeat` line whenever nothing was sent for
/// ``DataRoutes`` 's heartbeat interval (default 10 s): a generation waiting on a slow source
/// keeps its stream alive, so browsers and proxies do not time it out in silence.
///
/// Every half interval a ticker looks whether a line went out since its last look; when none
/// did it adds a heartbeat, so no silence lasts a whole interval. Time is the given clock's
/// (tests use a manual one). Structured: the pump and the ticker end with the iteration.
struct HeartbeatEvents: Sendable {
    let events: AsyncStream<DataEvent>
    let interval: Duration
    let clock: any Clock<Duration>

    init(_ events: AsyncStream<DataEvent>, every interval: Duration, clock: any Clock<Duration>) {
        self.events = events
        self.interval = interval
        self.clock = clock
    }

    /// Calls `body` with each event and heartbeat, in order, until the events end.
    func forEach(_ body: (DataEvent) async throws -> Void) async throws {
        try await Self.forEach(events, every: interval, clock: clock, body)
    }

    private static func forEach<C: Clock<Duration>>(
        _ events: AsyncStream<DataEvent>, every interval: Duration, clock: C, _ body: (DataEvent) async throws -> Void
    ) async throws {
        let (lines, continuation) = AsyncStream<DataEvent>.makeStream()
        let sent = SentLines()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [events] in
                for await event in events { continuation.yield(event) }
                continuation.finish()
            }
            group.addTask {
                let start = clock.now
                var seen = -1
                while !Task.isCancelled {
                    try await clock.sleep(for: interval / 2)
                    let count = sent.count.load(ordering: .relaxed)
                    if count == seen {
                        continuation.yield(.heartbeat(elapsedSeconds: start.duration(to: clock.now).components.seconds))
                    }
                    seen = count
                }
            }
            for await line in lines {
                sent.count.add(1, ordering: .relaxed)
                try await body(line)
            }
            group.cancelAll()
        }
    }

    private final class SentLines: Sendable {
        let count = Atomic<Int>(0)
    }
}
