import SeedCore

/// Runs work against a deadline: whichever comes first, the work's result or the deadline.
///
/// The deadline is a point on a ``Stopwatch`` (the tick's injected clock, a manual one in
/// tests). The work runs as a child task; when the deadline comes first it is cancelled (an
/// AsyncHTTPClient request stops at once) and the caller gets `nil`. Structured: nothing
/// outlives the call.
enum Deadline {
    /// The result of `operation`, or `nil` when `deadline` (on `stopwatch`) passed before it finished.
    static func run<T: Sendable>(
        until deadline: Duration, on stopwatch: Stopwatch, _ operation: @escaping @Sendable () async -> T
    ) async -> T? {
        guard stopwatch.elapsed < deadline else { return nil }
        return await withTaskGroup(of: Outcome<T>.self) { group in
            group.addTask { .finished(await operation()) }
            group.addTask {
                try? await stopwatch.sleep(until: deadline)
                return .deadline
            }
            let first = await group.next() ?? .deadline
            group.cancelAll()
            if case .finished(let value) = first { return value }
            return nil
        }
    }

    private enum Outcome<T: Sendable>: Sendable {
        case finished(T)
        case deadline
    }
}
