/// Admits one client's requests: at most `capacity` in flight, and starts at least `spacing`
/// apart (in admission order).
///
/// Shared by every copy of an ``FDSNClient``, so concurrent fetches through the same client
/// together respect ``FDSNConfiguration/maximumConnections`` and
/// ``FDSNConfiguration/requestDelay``.
actor FDSNRequestGate {
    private let capacity: Int
    private let spacing: Duration
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var nextStart: ContinuousClock.Instant?

    init(capacity: Int, spacing: Duration) {
        self.capacity = max(1, capacity)
        self.spacing = spacing
    }

    /// Waits for a free slot and for the spacing since the previous start; every successful
    /// call must be balanced by ``release()``.
    /// - Returns: The instant this request was scheduled to start (it returns at or after it).
    /// - Throws: `CancellationError` when cancelled while waiting for the spacing (the slot is
    ///   then given back).
    @discardableResult
    func acquire() async throws -> ContinuousClock.Instant {
        if inFlight < capacity {
            inFlight += 1
        } else {
            // release() hands its slot over directly, so inFlight stays counted.
            await withCheckedContinuation { waiters.append($0) }
        }
        let now = ContinuousClock.now
        let start = nextStart.map { max($0, now) } ?? now
        nextStart = start + spacing
        guard start > now else { return start }
        do {
            try await Task.sleep(until: start, clock: .continuous)
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
