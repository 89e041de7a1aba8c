extension TickConfiguration {
    /// When the retry passes start, counted from the end of the first pass: pass `k` at
    /// `k × retryInterval`, for every `k ≤ maximumRetryPasses` with `k × retryInterval ≤
    /// retryWindow`. The defaults give the seed's four retries, at 30, 60, 90 and 120 s.
    ///
    /// Counted from the first pass's end and scheduled on the clock (not "sleep an interval
    /// after each pass"), so the time the passes themselves take does not push the last retry
    /// out of the window: measured from the tick's start, a fourth retry would need the
    /// first pass and three retries to take no time at all. The tick's deadline still bounds
    /// them: a pass whose start falls at or after it is not made.
    public var retrySchedule: [Duration] {
        guard maximumRetryPasses > 0 else { return [] }
        return (1...maximumRetryPasses).map { retryInterval * $0 }.filter { $0 <= retryWindow }
    }
}
