/// When and how long to wait before retrying a transient failure (HTTP 500/502/503/504,
/// `SlowDown`, 409 conflicts, timeouts, connection resets).
///
/// The delay before retry *n* (n = 1, 2, ...) is drawn uniformly from
/// `0...min(maximumDelay, baseDelay * 2^(n-1))` ("full jitter", which spreads out clients that
/// failed together better than a fixed backoff). Conditional-write losses (412) and client
/// errors are never retried.
public struct S3RetryPolicy: Sendable, Hashable {
    /// How the backoff is randomised.
    public struct Jitter: Hashable, Sendable {
        private enum Value: Hashable, Sendable {
            case full
            case none
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Uniform in `0...backoff` (the default).
        public static let full = Jitter(.full)
        /// Exactly the backoff (deterministic; for tests).
        public static let none = Jitter(.none)

        var isFull: Bool { value == .full }
    }

    /// Total attempts including the first, at least 1. Default 5.
    public var maximumAttempts: Int
    /// The backoff before the first retry. Default 0.2 s.
    public var baseDelay: Duration
    /// The cap on any backoff. Default 5 s.
    public var maximumDelay: Duration
    /// How the backoff is randomised. Default ``Jitter/full``.
    public var jitter: Jitter

    /// Creates a policy.
    /// - Parameters:
    ///   - maximumAttempts: Total attempts including the first; values below 1 mean 1.
    ///   - baseDelay: The backoff before the first retry.
    ///   - maximumDelay: The cap on any backoff.
    ///   - jitter: How the backoff is randomised.
    public init(
        maximumAttempts: Int = 5,
        baseDelay: Duration = .milliseconds(200),
        maximumDelay: Duration = .seconds(5),
        jitter: Jitter = .full
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.jitter = jitter
    }

    /// Five attempts, 0.2 s base, 5 s cap, full jitter.
    public static let `default` = S3RetryPolicy()
    /// One attempt, no retries.
    public static let never = S3RetryPolicy(maximumAttempts: 1)

    /// The delay before retry number `retry` (1 for the first retry).
    func delay(beforeRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let backoff = min(maximumDelay, baseDelay * (1 << exponent))
        guard jitter.isFull else { return backoff }
        let nanoseconds = Self.nanoseconds(backoff)
        guard nanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanoseconds, using: &generator))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
