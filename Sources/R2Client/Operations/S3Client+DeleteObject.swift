import NIOHTTP1

extension S3Client {
    /// Deletes an object (DeleteObject). Deleting a key that does not exist succeeds (S3 and R2
    /// answer 204 either way), so a retried delete is harmless.
    ///
    /// - Parameter key: The object key, sent as is.
    /// - Throws: ``S3Error``: `accessDenied`, ... or a transient code once retries ran out.
    public func deleteObject(key: String) async throws {
        try validateKey(key)
        _ = try await execute(S3Request(operation: "DeleteObject", method: .DELETE, key: key))
    }
}
