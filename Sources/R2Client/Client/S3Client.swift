public import AsyncHTTPClient
package import Foundation
public import Logging

/// A client for one bucket of an S3-compatible store (Cloudflare R2, AWS S3, MinIO, SeaweedFS, Ceph),
/// signing every request with AWS Signature Version 4.
///
/// ```swift
/// let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)   // the caller owns it
/// let s3 = S3Client(configuration: configuration, httpClient: httpClient, logger: logger)
/// let put = try await s3.putObject(key: "a//b.bin", body: bytes, condition: .ifNoneMatchAny)
/// // ... when done with every client using it:
/// try await httpClient.shutdown()
/// ```
///
/// - The `HTTPClient` is injected and owned by the caller, who must keep it alive while the client
///   is used and shut it down afterwards (`try await httpClient.shutdown()`). One `HTTPClient` can
///   serve many `S3Client`s; its configuration sets the connect timeout, pool size and TLS.
/// - Transient failures (HTTP 500/502/503/504, `SlowDown`, 409, timeouts, connection resets) are
///   retried with jittered exponential backoff (``S3RetryPolicy``); every other failure is thrown at
///   once as an ``S3Error``.
/// - Keys are sent and signed exactly as given: each segment percent-encoded once, `//` and empty
///   segments kept.
/// - Logs go to `logger` at `debug` (each request) and `info` (retries); they carry the operation,
///   bucket, key, status and attempt, never credentials, signatures or presigned URLs.
public struct S3Client: Sendable {
    /// The bucket, endpoint and policies this client uses.
    public let configuration: S3Configuration
    let httpClient: HTTPClient
    let logger: Logger
    let signer: SigV4Signer
    /// The local clock (the signing time); injectable so tests can be deterministic.
    let now: @Sendable () -> Date
    /// The time of waits before retries and of request timeouts (tests may pass a manual clock).
    let clock: any Clock<Duration>

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: Where the bucket is and how to reach it.
    ///   - httpClient: The HTTP client to send requests with. The caller owns it: keep it alive while
    ///     this client is in use and shut it down afterwards.
    ///   - logger: Where to log requests and retries (never secrets).
    public init(configuration: S3Configuration, httpClient: HTTPClient, logger: Logger) {
        self.init(configuration: configuration, httpClient: httpClient, logger: logger, now: { Date() })
    }

    /// Creates a client with given clocks: `now` for signing times and clock skew, `clock` for
    /// retry waits and request timeouts.
    package init(
        configuration: S3Configuration, httpClient: HTTPClient, logger: Logger, now: @escaping @Sendable () -> Date,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.clock = clock
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
        self.now = now
    }

    /// The default cap on GET response bodies: 256 MiB.
    public static let defaultMaximumGetBytes = 256 * 1024 * 1024
}
