import Synchronization

/// Something that happens once (a shutdown, a lost lease): ``fire()`` wakes every ``wait()``,
/// past and future.
final class OneShot: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Whether it happened.
    var hasFired: Bool { state.withLock { $0.fired } }

    /// Makes it happen (again: nothing).
    func fire() {
        let waiters = state.withLock { state in
            defer { state = (true, []) }
            return state.fired ? [] : state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once it happened.
    func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.fired { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}
