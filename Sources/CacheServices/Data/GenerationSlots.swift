import Synchronization

/// Bounds on-demand generations (each fetches up to days of miniSEED and writes chunks): at
/// most `concurrency` run at once and at most `queueLength` more wait for a turn, in arrival
/// order. Past that a new generation is refused, and the route answers 503 with
/// `Retry-After`, so a burst of anonymous misses cannot pile up memory, FDSN requests or
/// writes without bound.
final class GenerationSlots: Sendable {
    private struct State {
        var running = 0
        var waiting = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Generations that run at once.
    let concurrency: Int
    /// Generations that may wait for a turn.
    let queueLength: Int
    private let state = Mutex(State())

    /// Creates the slots (`concurrency` at least 1).
    init(concurrency: Int, queueLength: Int) {
        self.concurrency = max(1, concurrency)
        self.queueLength = max(0, queueLength)
    }

    /// Takes a place in the queue, or returns `false` when running and waiting ones fill
    /// every place. A reservation is followed by ``acquire()`` (or ``cancelReservation()``).
    func reserve() -> Bool {
        state.withLock { state in
            guard state.running + state.waiting < concurrency + queueLength else { return false }
            state.waiting += 1
            return true
        }
    }

    /// Gives a reservation back without running (the work was never started).
    func cancelReservation() {
        state.withLock { $0.waiting -= 1 }
    }

    /// Waits until the reservation's turn to run; pair with ``release()``.
    func acquire() async {
        await withCheckedContinuation { continuation in
            let runsNow = state.withLock { state -> Bool in
                if state.running < concurrency && state.waiters.isEmpty {
                    state.waiting -= 1
                    state.running += 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if runsNow { continuation.resume() }
        }
    }

    /// Ends a run: the longest-waiting reservation (if any) runs in its place.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.running -= 1
                return nil
            }
            state.waiting -= 1
            return state.waiters.removeFirst()
        }
        next?.resume()
    }

    /// Generations running and waiting now (metrics, tests).
    var load: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.waiting) } }

    /// Reservations whose ``acquire()`` waits for a turn now (tests: the order of arrival).
    var queued: Int { state.withLock { $0.waiters.count } }
}
