/// How long the API waits for a client and how many clients it serves at once
/// (`HTTP_HEADER_TIMEOUT_SECONDS`, `HTTP_BODY_TIMEOUT_SECONDS`, `HTTP_IDLE_TIMEOUT_SECONDS`,
/// `HTTP_MAX_CONNECTIONS`; Docs/operations.md, "Limits and timeouts").
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

    /// Creates limits; every argument has the documented default.
    init(
        headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60),
        maximumConnections: Int = 512
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
    }
}
