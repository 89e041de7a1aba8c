import NIOHTTP1

extension S3Client {
    /// Stores an object (PutObject), optionally only under a condition.
    ///
    /// The body is sent in one request with `Content-Length` and its SHA-256 in
    /// `x-amz-content-sha256` (no `aws-chunked` encoding, no `x-amz-checksum-*`: R2 does not support them all).
    /// Transient failures are retried; with a condition that is safe, since a retry of a write
    /// that did land fails its condition (412) rather than overwriting.
    ///
    /// - Parameters:
    ///   - key: The object key, sent as is (`//` and empty segments kept).
    ///   - body: The bytes to store.
    ///   - contentType: `Content-Type` to store with the object; the store's default when `nil`.
    ///   - cacheControl: `Cache-Control` to store with the object (served back on GET, e.g. by a CDN).
    ///   - metadata: User metadata, sent as `x-amz-meta-<name>` (names lowercased; ASCII values).
    ///   - condition: `.ifNoneMatchAny` to create only, `.ifMatch(eTag)` to replace only that version.
    /// - Returns: The new object's ETag.
    /// - Throws: ``S3Error``: `preconditionFailed` when the condition does not hold (someone else won),
    ///   `accessDenied`, `signatureMismatch`, ... or a transient code once retries ran out.
    public func putObject(
        key: String,
        body: [UInt8],
        contentType: String? = nil,
        cacheControl: String? = nil,
        metadata: [String: String] = [:],
        condition: S3WriteCondition? = nil
    ) async throws -> S3PutObjectResult {
        try validateKey(key)
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append((name: "content-type", value: contentType)) }
        if let cacheControl { headers.append((name: "cache-control", value: cacheControl)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            headers.append((name: "x-amz-meta-\(name.lowercased())", value: value))
        }
        if let condition { headers.append(condition.header) }
        let response = try await execute(S3Request(operation: "PutObject", method: .PUT, key: key, headers: headers, body: body))
        return S3PutObjectResult(eTag: response.header("etag"))
    }
}
