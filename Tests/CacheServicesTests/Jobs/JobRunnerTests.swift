import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import TestSupport
import Testing

@testable import CacheServices

/// ``JobRunner``'s drain on a ``ManualClock``: after a graceful shutdown began it takes no new
/// work, gives running work the drain deadline, then cancels it and calls `afterStop`. The
/// orderings are asserted by moving the clock, never by sleeping.
@Suite struct JobRunnerTests {
    /// What happened, in order.
    final class Log: Sendable {
        private let entries = Mutex([String]())
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    @Test(.timeLimit(.minutes(1)))
    func workPastTheDrainDeadlineIsCancelledThenAfterStopRuns() async throws {
        let clock = ManualClock()
        let log = Log()
        let runner = JobRunner(drainDeadline: .seconds(20), clock: clock) { log.append("after stop") }
        try await testGracefulShutdown { trigger in
            let running = AsyncStream.makeStream(of: Void.self)
            #expect(
                runner.submit {
                    running.continuation.yield()
                    // Work that only ends when cancelled (a backfill between its batches).
                    let stream = AsyncStream<Void> { _ in }
                    for await _ in stream {}
                    log.append(Task.isCancelled ? "work cancelled" : "work ended")
                }
            )
            async let run: Void = runner.run()
            for await _ in running.stream { break }
            trigger.triggerGracefulShutdown()
            // The drain deadline is the one sleeper on the clock.
            try await clock.waitForSleepers(1)
            #expect(!runner.submit { log.append("late work") }, "no new work once shutdown began")
            clock.advance(by: .seconds(19))
            #expect(log.all.isEmpty, "still draining 1 s before the deadline")
            clock.advance(by: .seconds(1))
            await run
            #expect(log.all == ["work cancelled", "after stop"])
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func workEndingWithinTheDrainIsNotCancelled() async throws {
        let clock = ManualClock()
        let log = Log()
        let runner = JobRunner(drainDeadline: .seconds(20), clock: clock) { log.append("after stop") }
        try await testGracefulShutdown { trigger in
            let release = AsyncStream.makeStream(of: Void.self)
            runner.submit {
                for await _ in release.stream { break }
                log.append(Task.isCancelled ? "work cancelled" : "work ended")
            }
            async let run: Void = runner.run()
            trigger.triggerGracefulShutdown()
            try await clock.waitForSleepers(1)
            // The work ends at once, the clock never reaching the deadline.
            release.continuation.yield()
            await run
            #expect(log.all == ["work ended", "after stop"])
            #expect(clock.now.offset == .zero)
        }
    }
}
