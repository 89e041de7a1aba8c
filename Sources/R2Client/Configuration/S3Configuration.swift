public import Foundation

/// Where and how to reach one bucket of an S3-compatible store (Cloudflare R2, AWS S3, MinIO,
/// SeaweedFS, Ceph).
///
/// Build one with ``r2(accountID:bucket:credentials:retryPolicy:timeouts:)``, with
/// ``init(endpoint:region:bucket:credentials:addressing:retryPolicy:timeouts:)``, or from the
/// environment dictionary the executable passes in: ``fromEnvironment(_:)``. The description never
/// shows the secret.
public struct S3Configuration: Sendable, Hashable {
    /// The store's base URL, `http` or `https`, without path (e.g. `https://<account>.r2.cloudflarestorage.com`).
    public private(set) var endpoint: URL
    /// The signing region (`auto` for R2, `us-east-1` by default elsewhere).
    public var region: String
    /// The bucket all operations address.
    public private(set) var bucket: String
    /// The access key pair.
    public var credentials: S3Credentials
    /// Path-style (default) or virtual-host addressing.
    public var addressing: S3Addressing
    /// When transient failures are retried. Default ``S3RetryPolicy/default``.
    public var retryPolicy: S3RetryPolicy
    /// Time limits. Default ``S3Timeouts/default``.
    public var timeouts: S3Timeouts

    /// Creates a configuration for any S3-compatible store.
    /// - Parameters:
    ///   - endpoint: Base URL, `http` or `https`, host and optional port, no path, query or user info.
    ///   - region: The signing region; `us-east-1` suits most non-AWS servers, `auto` R2.
    ///   - bucket: The bucket name (3 to 63 characters of `a-z 0-9 . -`; also `_` and capitals for
    ///     servers that allow them in path-style).
    ///   - credentials: The access key pair.
    ///   - addressing: Path-style (default) or virtual-host.
    ///   - retryPolicy: When transient failures are retried.
    ///   - timeouts: Time limits.
    /// - Throws: ``S3ConfigurationError`` (`invalidValue`) naming the bad parameter.
    public init(
        endpoint: URL,
        region: String = "us-east-1",
        bucket: String,
        credentials: S3Credentials,
        addressing: S3Addressing = .path,
        retryPolicy: S3RetryPolicy = .default,
        timeouts: S3Timeouts = .default
    ) throws(S3ConfigurationError) {
        self.endpoint = try Self.validatedEndpoint(endpoint, variable: "endpoint")
        self.region = region
        self.bucket = try Self.validatedBucket(bucket, variable: "bucket", addressing: addressing)
        self.credentials = credentials
        self.addressing = addressing
        self.retryPolicy = retryPolicy
        self.timeouts = timeouts
        guard !region.isEmpty, !region.contains("/"), !region.contains(where: \.isWhitespace) else {
            throw S3ConfigurationError(
                code: .invalidValue,
                variable: "region",
                message: "\"\(region)\" is not a signing region; use e.g. us-east-1 (or auto for R2)"
            )
        }
    }

    /// A configuration for a Cloudflare R2 bucket: endpoint `https://<accountID>.r2.cloudflarestorage.com`,
    /// region `auto`, path-style addressing.
    /// - Parameters:
    ///   - accountID: The Cloudflare account ID (32 hex digits, in the dashboard URL).
    ///   - bucket: The R2 bucket name.
    ///   - credentials: The S3 access key pair of an R2 API token.
    ///   - retryPolicy: When transient failures are retried.
    ///   - timeouts: Time limits.
    /// - Throws: ``S3ConfigurationError`` (`invalidValue`) when the account ID or bucket is malformed.
    public static func r2(
        accountID: String,
        bucket: String,
        credentials: S3Credentials,
        retryPolicy: S3RetryPolicy = .default,
        timeouts: S3Timeouts = .default
    ) throws(S3ConfigurationError) -> S3Configuration {
        guard !accountID.isEmpty, accountID.utf8.allSatisfy({ isASCIIAlphanumeric($0) }),
            let endpoint = URL(string: "https://\(accountID.lowercased()).r2.cloudflarestorage.com")
        else {
            throw S3ConfigurationError(
                code: .invalidValue,
                variable: "accountID",
                message: "an R2 account ID is letters and digits only (32 hex digits, see the Cloudflare dashboard URL)"
            )
        }
        return try S3Configuration(
            endpoint: endpoint,
            region: "auto",
            bucket: bucket,
            credentials: credentials,
            addressing: .path,
            retryPolicy: retryPolicy,
            timeouts: timeouts
        )
    }

    static func validatedEndpoint(_ endpoint: URL, variable: String) throws(S3ConfigurationError) -> URL {
        let scheme = endpoint.scheme?.lowercased()
        guard scheme == "http" || scheme == "https", let host = endpoint.host, !host.isEmpty else {
            throw S3ConfigurationError(
                code: .invalidValue,
                variable: variable,
                message: "the endpoint must be an http or https URL with a host, e.g. https://s3.example.com or http://127.0.0.1:9000"
            )
        }
        guard endpoint.path.isEmpty || endpoint.path == "/", endpoint.query == nil, endpoint.fragment == nil, endpoint.user == nil else {
            throw S3ConfigurationError(
                code: .invalidValue,
                variable: variable,
                message: "the endpoint must be scheme, host and optional port only (no path, query or user info); give the bucket separately"
            )
        }
        return endpoint
    }

    static func validatedBucket(_ bucket: String, variable: String, addressing: S3Addressing) throws(S3ConfigurationError) -> String {
        let allowed = bucket.utf8.allSatisfy { byte in
            isASCIIAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        }
        // Virtual-host addressing puts the bucket in a DNS name: lowercase only.
        let dnsSafe = addressing != .virtualHost || bucket == bucket.lowercased()
        guard (3...63).contains(bucket.utf8.count), allowed, dnsSafe else {
            throw S3ConfigurationError(
                code: .invalidValue,
                variable: variable,
                message: "\"\(bucket)\" is not a bucket name: use 3 to 63 characters of a-z, 0-9, '.' and '-'"
            )
        }
        return bucket
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

extension S3Configuration: CustomStringConvertible {
    public var description: String {
        "S3Configuration(endpoint: \(endpoint.absoluteString), region: \(region), bucket: \(bucket), "
            + "addressing: \(addressing), accessKeyID: \(credentials.accessKeyID), secretAccessKey: <redacted>)"
    }
}
