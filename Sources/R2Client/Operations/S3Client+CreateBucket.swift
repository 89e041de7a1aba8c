import NIOHTTP1

extension S3Client {
    /// Creates the configured bucket (CreateBucket), for tests and operations.
    ///
    /// No location constraint is sent: R2 and most S3-compatible servers ignore it, and AWS
    /// `us-east-1` rejects an explicit one.
    ///
    /// - Throws: ``S3Error``: `bucketAlreadyExists` when it exists, `accessDenied`, ...
    public func createBucket() async throws {
        _ = try await execute(S3Request(operation: "CreateBucket", method: .PUT, key: nil, body: []))
    }
}
