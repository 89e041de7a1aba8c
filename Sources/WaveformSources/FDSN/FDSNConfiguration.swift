public import ChunkStore

/// How ``FDSNClient`` talks to an FDSN web service (dataselect and station).
///
/// Every field has a polite default for EarthScope; the executable fills the struct from its
/// environment, libraries never read it themselves.
public struct FDSNConfiguration: Sendable, Hashable {
    /// The service root, without a trailing `/fdsnws/...` path. Default
    /// `https://service.earthscope.org` (the old `https://service.iris.edu` redirects there).
    public var baseURL: String
    /// The `User-Agent` header. Default `seiscache/<Seiscache.version>`.
    public var userAgent: String
    /// The cap on requests from this client in flight at once, at least 1. Default 3.
    public var maximumConnections: Int
    /// The least time between the starts of two consecutive requests. Default 1 s.
    public var requestDelay: Duration
    /// Attempts per request, including the first, at least 1. Default 4.
    public var maximumAttempts: Int
    /// The backoff before the first retry; retry *n* waits a uniformly random time in
    /// `0...min(maximumDelay, baseDelay * 2^(n-1))`. Default 1 s.
    public var baseDelay: Duration
    /// The cap on any backoff, and on a `Retry-After` the service asks for. Default 30 s.
    public var maximumDelay: Duration
    /// The limit on one attempt, response body included. Default 120 s.
    public var timeout: Duration
    /// The cap on one response body; a larger response is an error naming the cap. Default 256 MiB.
    public var maximumResponseBytes: Int

    /// Creates a configuration.
    /// - Parameters:
    ///   - baseURL: The service root (a trailing `/` is ignored).
    ///   - userAgent: The `User-Agent` header.
    ///   - maximumConnections: Requests in flight at once; values below 1 mean 1.
    ///   - requestDelay: The least time between the starts of consecutive requests.
    ///   - maximumAttempts: Attempts per request; values below 1 mean 1.
    ///   - baseDelay: The backoff before the first retry.
    ///   - maximumDelay: The cap on any backoff or `Retry-After`.
    ///   - timeout: The limit on one attempt.
    ///   - maximumResponseBytes: The cap on one response body.
    public init(
        baseURL: String = "https://service.earthscope.org",
        userAgent: String = "seiscache/\(Seiscache.version)",
        maximumConnections: Int = 3,
        requestDelay: Duration = .seconds(1),
        maximumAttempts: Int = 4,
        baseDelay: Duration = .seconds(1),
        maximumDelay: Duration = .seconds(30),
        timeout: Duration = .seconds(120),
        maximumResponseBytes: Int = 256 * 1024 * 1024
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.userAgent = userAgent
        self.maximumConnections = max(1, maximumConnections)
        self.requestDelay = max(.zero, requestDelay)
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = max(.zero, baseDelay)
        self.maximumDelay = max(.zero, maximumDelay)
        self.timeout = timeout
        self.maximumResponseBytes = max(0, maximumResponseBytes)
    }

    /// The delay before retry number `retry` (1 for the first retry): full jitter, or what
    /// the service asked for with `Retry-After` (capped at ``maximumDelay``) when longer.
    func delay(beforeRetry retry: Int, retryAfter: Duration?, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let backoff = min(maximumDelay, baseDelay * (1 << exponent))
        let nanoseconds = Self.nanoseconds(backoff)
        let jittered: Duration = nanoseconds > 0 ? .nanoseconds(Int64.random(in: 0...nanoseconds, using: &generator)) : .zero
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, maximumDelay))
    }

    package static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
