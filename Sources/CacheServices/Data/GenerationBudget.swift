/// The time one `/data` generation may spend waiting on the waveform source
/// (`DATA_GENERATION_BUDGET_SECONDS`, default 120 s).
///
/// A stalled source would otherwise hold a generation place for as long as the FDSN client's
/// retries (and its halving of requests refused as too large) last: two such misses took
/// every place. Past the budget the fetch running is cancelled and no other starts; what was
/// fetched is stored and the rest is reported as `chunk_skipped`. Storing is not budgeted
/// (the store has its own timeouts), so nothing half-written is left behind.
///
/// Time is a parameter: the budget runs on any `Clock`, and tests use a manual one.
package struct GenerationBudget: Sendable {
    /// How long the generation may wait on the source.
    package let limit: Duration
    private let passed: @Sendable () -> Bool
    private let sleepUntilUsedUp: @Sendable () async throws -> Void

    /// A budget of `limit` from now on `clock`.
    package init(_ limit: Duration, clock: any Clock<Duration>) {
        self = Self.starting(limit, on: clock)
    }

    private static func starting<C: Clock<Duration>>(_ limit: Duration, on clock: C) -> GenerationBudget {
        let deadline = clock.now.advanced(by: limit)
        return GenerationBudget(
            limit: limit, passed: { clock.now >= deadline },
            sleep: { try await clock.sleep(until: deadline, tolerance: nil) })
    }

    /// A budget that never runs out (tools that wait as long as the source takes).
    package static let unlimited = GenerationBudget(limit: .seconds(Int64.max / 2), passed: { false }, sleep: {
        try await Task.sleep(for: .seconds(86_400 * 365))
    })

    private init(
        limit: Duration, passed: @escaping @Sendable () -> Bool, sleep: @escaping @Sendable () async throws -> Void
    ) {
        self.limit = limit
        self.passed = passed
        sleepUntilUsedUp = sleep
    }

    /// Whether the budget is used up.
    package var isUsedUp: Bool { passed() }

    /// The budget in whole seconds, for messages.
    package var seconds: Int64 { limit.components.seconds }

    /// The operation's result, or `nil` when the budget runs out first (the operation is
    /// then cancelled: an AsyncHTTPClient request stops at once).
    package func run<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> T? {
        guard !isUsedUp else { return nil }
        return await withTaskGroup(of: T?.self) { group in
            group.addTask { await operation() }
            group.addTask { [sleepUntilUsedUp] in
                try? await sleepUntilUsedUp()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
