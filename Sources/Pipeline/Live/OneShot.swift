import Synchronization

/// Something that happens once (a shutdown, a lost lease): ``fire()`` wakes every ``wait()``,
/// past and future. A waiting task that is cancelled stops waiting.
final class OneShot: Sendable {
    private struct State {
        var fired = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Whether it happened.
    var hasFired: Bool { state.withLock { $0.fired } }

    /// Makes it happen (again: nothing).
    func fire() {
        let waiters = state.withLock { state in
            defer {
                state.fired = true
                state.waiters = [:]
            }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once it happened, or once the calling task is cancelled.
    func wait() async {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    if state.fired || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
