import SeedCore

/// Admits one client's requests: at most `capacity` in flight, and starts at least `spacing`
/// apart (in admission order).
///
/// Shared by every copy of an ``FDSNClient``, so concurrent fetches through the same client
/// together respect ``FDSNConfiguration/maximumConnections`` and
/// ``FDSNConfiguration/requestDelay``. The spacing is kept on the client's clock (a manual
/// one in tests).
actor FDSNRequestGate {
    private let capacity: Int
    private let spacing: Duration
    private let stopwatch: Stopwatch
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var nextStart: Duration?

    init(capacity: Int, spacing: Duration, stopwatch: Stopwatch) {
        self.capacity = max(1, capacity)
        self.spacing = spacing
        self.stopwatch = stopwatch
    }

    /// Waits for a free slot and for the spacing since the previous start; every successful
    /// call must be balanced by ``release()``.
    /// - Returns: When this request was scheduled to start on the gate's stopwatch (it returns
    ///   at or after it).
    /// - Throws: `CancellationError` when cancelled while waiting for the spacing (the slot is
    ///   then given back).
    @discardableResult
    func acquire() async throws -> Duration {
        if inFlight < capacity {
            inFlight += 1
        } else {
            // release() hands its slot over directly, so inFlight stays counted.
            await withCheckedContinuation { waiters.append($0) }
        }
        let now = stopwatch.elapsed
        let start = nextStart.map { max($0, now) } ?? now
        nextStart = start + spacing
        guard start > now else { return start }
        do {
            try await stopwatch.sleep(until: start)
        } catch {
            release()
            throw error
        }
        return start
    }

    /// Gives a slot back (to the longest waiter, if any).
    func release() {
        if waiters.isEmpty {
            inFlight -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
