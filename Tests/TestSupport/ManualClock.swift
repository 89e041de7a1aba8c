import Synchronization

/// A clock that moves only when a test moves it (``advance(by:)``): deadlines, budgets and
/// heartbeats are tested as orderings, without sleeping and without depending on how fast a
/// loaded machine runs the tasks.
public final class ManualClock: Clock, Sendable {
    /// A point on the manual clock: the time advanced since it was made.
    public struct Instant: InstantProtocol, Sendable, Hashable {
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let passingWaitsBefore: Duration?

    /// A clock at zero that moves only when advanced.
    /// - Parameter passingWaitsBefore: when given, a sleep until a time before it (time since
    ///   the clock was made) moves the clock there and returns at once: retry passes and
    ///   backoffs run in order without a test driving them, while a deadline at or after it
    ///   comes only when the test advances the clock.
    public init(passingWaitsBefore: Duration? = nil) {
        self.passingWaitsBefore = passingWaitsBefore
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }

    /// Tasks sleeping on this clock now.
    public var sleepers: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        if let passingWaitsBefore, deadline.offset < passingWaitsBefore {
            try Task.checkCancellation()
            advance(to: deadline)
            return
        }
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { state in
                    if deadline <= state.now { return true }
                    if Task.isCancelled { return true }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if resumeNow {
                    if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { continuation.resume() }
                }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock and wakes every sleeper whose deadline came.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers[id] = nil }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves the clock to `instant` (if it is later) and wakes the sleepers due.
    public func advance(to instant: Instant) {
        advance(by: max(.zero, now.duration(to: instant)))
    }

    /// The earliest time a sleeper waits for, if any sleeps.
    public var nextWake: Instant? { state.withLock { $0.sleepers.values.map(\.deadline).min() } }

    /// Waits until at least `count` tasks sleep on this clock: the moment a test may advance
    /// it. `patience` only keeps a broken test from hanging; nothing is asserted about time.
    public func waitForSleepers(_ count: Int = 1, patience: Duration = .seconds(120)) async throws {
        let giveUp = ContinuousClock.now + patience
        while sleepers < count {
            guard ContinuousClock.now < giveUp else { throw ManualClockError.noSleepers(expected: count, found: sleepers) }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// The clock waited for sleepers that never came.
    public enum ManualClockError: Error {
        case noSleepers(expected: Int, found: Int)
    }
}
