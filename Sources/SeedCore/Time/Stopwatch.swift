/// Time on an injected clock, read as the duration since the stopwatch started.
///
/// Deadlines, leases, cache lifetimes and rate windows take `any Clock<Duration>` (the system's
/// `ContinuousClock` in production, a test's manual clock in tests), but the instants of an
/// existential clock cannot be stored or compared. A stopwatch turns them into durations since
/// its start, which can: `stopwatch.elapsed >= expires`, `stopwatch.sleep(until: deadline)`.
package struct Stopwatch: Sendable {
    private let read: @Sendable () -> Duration
    private let sleepUntil: @Sendable (Duration) async throws -> Void

    /// A stopwatch started now on `clock`.
    package init(_ clock: any Clock<Duration>) {
        self = Self.started(on: clock)
    }

    private static func started<C: Clock<Duration>>(on clock: C) -> Stopwatch {
        let start = clock.now
        return Stopwatch(
            read: { start.duration(to: clock.now) },
            sleepUntil: { try await clock.sleep(until: start.advanced(by: $0), tolerance: nil) })
    }

    private init(
        read: @escaping @Sendable () -> Duration, sleepUntil: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.read = read
        self.sleepUntil = sleepUntil
    }

    /// The time since the stopwatch started.
    package var elapsed: Duration { read() }

    /// Waits until ``elapsed`` reaches `point` (returns at once if it has).
    /// - Throws: `CancellationError` when the task is cancelled first.
    package func sleep(until point: Duration) async throws {
        try await sleepUntil(point)
    }

    /// Waits `duration` on the clock.
    /// - Throws: `CancellationError` when the task is cancelled first.
    package func sleep(for duration: Duration) async throws {
        try await sleepUntil(elapsed + duration)
    }
}
