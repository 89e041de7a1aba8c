import AsyncHTTPClient
import Foundation
import Logging
import R2Client
import TestSupport
import Testing

/// The SeaweedFS server started by `scripts/s3-test-server` (via `scripts/test`), described by
/// `SEISCACHE_TEST_S3_*` variables. Tests fail, not skip, when they are missing.
enum TestS3Server {
    static let howToStart =
        "run scripts/test, or start the server yourself: scripts/s3-test-server start && eval \"$(scripts/s3-test-server env)\", "
        + "then swift test --disable-xctest --filter R2ClientTests"

    struct Settings: Sendable {
        var endpoint: URL
        var accessKey: String
        var secretKey: String
        var region: String
    }

    static func settings(sourceLocation: SourceLocation = #_sourceLocation) throws -> Settings {
        let environment = ProcessInfo.processInfo.environment
        func variable(_ name: String) throws -> String {
            try #require(
                environment[name].flatMap { $0.isEmpty ? nil : $0 },
                "\(name) is not set: the integration tests need a real S3 server; \(howToStart)",
                sourceLocation: sourceLocation
            )
        }
        let endpoint = try variable("SEISCACHE_TEST_S3_ENDPOINT")
        return Settings(
            endpoint: try #require(URL(string: endpoint), "SEISCACHE_TEST_S3_ENDPOINT is not a URL: \(endpoint)", sourceLocation: sourceLocation),
            accessKey: try variable("SEISCACHE_TEST_S3_ACCESS_KEY"),
            secretKey: try variable("SEISCACHE_TEST_S3_SECRET_KEY"),
            region: try variable("SEISCACHE_TEST_S3_REGION")
        )
    }

    /// A unique bucket name for one test (S3 rules: lowercase, digits, '-').
    static func uniqueBucketName() -> String {
        let random = UInt64.random(in: 0...UInt64.max)
        return "r2c-\(UInt64(Date().timeIntervalSince1970 * 1000))-\(String(random, radix: 36))"
    }

    /// A client for a fresh, uniquely named bucket (created here).
    static func clientWithNewBucket(
        secretKey: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> S3Client {
        let settings = try settings(sourceLocation: sourceLocation)
        let client = try client(settings: settings, bucket: uniqueBucketName())
        try await client.createBucket()
        return client
    }

    /// A client for `bucket` with the test credentials (or another secret).
    static func client(settings: Settings, bucket: String, secretKey: String? = nil) throws -> S3Client {
        let configuration = try S3Configuration(
            endpoint: settings.endpoint,
            region: settings.region,
            bucket: bucket,
            credentials: S3Credentials(accessKeyID: settings.accessKey, secretAccessKey: secretKey ?? settings.secretKey),
            retryPolicy: S3RetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(50), maximumDelay: .milliseconds(200))
        )
        return S3Client(configuration: configuration, httpClient: .shared, logger: Logger.quiet("R2ClientTests"))
    }
}
