/// Time limits for S3 requests.
///
/// The connect timeout belongs to the `HTTPClient` the caller passes in
/// (`HTTPClient.Configuration.timeout.connect`), since the client owns its connection pool.
public struct S3Timeouts: Sendable, Hashable {
    /// The deadline for one attempt of a request (sending, waiting, and reading the whole body).
    /// A timed-out attempt is retried like any transient failure. Default 60 s.
    public var request: Duration

    /// Creates timeouts.
    /// - Parameter request: The deadline for one attempt of a request.
    public init(request: Duration = .seconds(60)) {
        self.request = request
    }

    /// 60 s per attempt.
    public static let `default` = S3Timeouts()
}
