/// How long the API waits for a client and how many clients it serves at once
/// (`HTTP_HEADER_TIMEOUT_SECONDS`, `HTTP_BODY_TIMEOUT_SECONDS`, `HTTP_IDLE_TIMEOUT_SECONDS`,
/// `HTTP_MAX_CONNECTIONS`, `MAX_CONNECTIONS_PER_CLIENT`, `HTTP_BUSY_IDLE_TIMEOUT_SECONDS`;
/// Docs/operations.md, "Limits and timeouts").
///
/// Every wait on a client is bounded, so slow or silent clients (slowloris) cannot hold
/// connections open: a request head must be complete within ``headerTimeout``, its body
/// within ``bodyTimeout`` of the head, and a kept-alive connection that sends nothing for
/// ``idleTimeout`` is closed.
struct ServerLimits: Sendable, Hashable {
    /// A request head (request line and headers) must be complete this long after the
    /// connection opened, or after the first byte of a later request on a kept-alive
    /// connection; trickling bytes does not extend it. Default 10 seconds.
    var headerTimeout: Duration
    /// A request body must be complete this long after its head. Default 30 seconds.
    var bodyTimeout: Duration
    /// A kept-alive connection with no request for this long is closed. Default 60 seconds.
    var idleTimeout: Duration
    /// Connections served at once. A connection past the cap is answered
    /// `503 Service Unavailable` (`Retry-After: 1`, `Connection: close`) at once and closed,
    /// without reading its request. Default 512.
    var maximumConnections: Int
    /// Connections (or, behind trusted proxies, requests in progress) one client may have
    /// at once; past it the client gets `429` with `Retry-After: 1`, so one address cannot
    /// take the slots of everyone else. The client is the one ``ClientIdentity`` names (the
    /// peer, or the `X-Forwarded-For` entry of the outermost trusted proxy). Default 64.
    var maximumConnectionsPerClient: Int
    /// When more than ``busyFraction`` of the connections are open, a kept-alive connection
    /// idle this long is closed (instead of after ``idleTimeout``), so idle connections do not
    /// keep new clients out. Default 5 seconds.
    var busyIdleTimeout: Duration
    /// The share of ``maximumConnections`` past which ``busyIdleTimeout`` applies: 3/4.
    static let busyFraction = 0.75

    /// Creates limits; every argument has the documented default.
    init(
        headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60),
        maximumConnections: Int = 512, maximumConnectionsPerClient: Int = 64, busyIdleTimeout: Duration = .seconds(5)
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
        self.maximumConnectionsPerClient = maximumConnectionsPerClient
        self.busyIdleTimeout = busyIdleTimeout
    }

    /// Open connections past which the server counts as busy (``busyIdleTimeout`` applies).
    var busyThreshold: Int { Int((Double(maximumConnections) * Self.busyFraction).rounded(.up)) }
}
