import AsyncHTTPClient
import Foundation
import Logging
package import R2Client

/// A fresh bucket on the SeaweedFS server that `scripts/test` starts (`scripts/s3-test-server`),
/// described by the `SEISCACHE_TEST_S3_*` variables. Tests fail, not skip, without them.
package enum S3TestBucket {
    package static let howToStart =
        "run scripts/test, or: scripts/s3-test-server start && eval \"$(scripts/s3-test-server env)\" && swift test"

    /// The environment a seiscron process needs to use that server (`S3_*` variables).
    package static func environment(bucket: String, secretKey: String? = nil) throws -> [String: String] {
        let env = ProcessInfo.processInfo.environment
        func variable(_ name: String) throws -> String {
            guard let value = env[name].flatMap({ $0.isEmpty ? nil : $0 }) else {
                throw TestSupport.Missing(description: "\(name) is not set: \(howToStart)")
            }
            return value
        }
        return [
            "S3_ENDPOINT": try variable("SEISCACHE_TEST_S3_ENDPOINT"),
            "S3_REGION": try variable("SEISCACHE_TEST_S3_REGION"),
            "S3_ACCESS_KEY_ID": try variable("SEISCACHE_TEST_S3_ACCESS_KEY"),
            "S3_SECRET_ACCESS_KEY": try secretKey ?? variable("SEISCACHE_TEST_S3_SECRET_KEY"),
            "S3_BUCKET": bucket,
        ]
    }

    /// A client for a new, uniquely named bucket.
    package static func client(secretKey: String? = nil) async throws -> S3Client {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let bucket = "pipe-\(UInt64(Date().timeIntervalSince1970))-\(random)"
        guard var configuration = try S3Configuration.fromEnvironment(try environment(bucket: bucket)) else {
            throw TestSupport.Missing(description: "no S3 configuration: \(howToStart)")
        }
        configuration.retryPolicy = S3RetryPolicy(
            maximumAttempts: 3, baseDelay: .milliseconds(50), maximumDelay: .milliseconds(200))
        let client = S3Client(configuration: configuration, httpClient: .shared, logger: Logger.quiet("PipelineTests"))
        try await client.createBucket()
        return client
    }
}
