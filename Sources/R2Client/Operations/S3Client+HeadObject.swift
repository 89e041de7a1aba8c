import NIOHTTP1

extension S3Client {
    /// Reads an object's attributes without its bytes (HeadObject).
    ///
    /// - Parameter key: The object key, sent as is.
    /// - Returns: ETag, size, content type, cache control, last modified, metadata.
    /// - Throws: ``S3Error``: `notFound` (HEAD responses have no body, so only the status tells),
    ///   `accessDenied`, ... or a transient code once retries ran out.
    public func headObject(key: String) async throws -> S3ObjectAttributes {
        try validateKey(key)
        let response = try await execute(S3Request(operation: "HeadObject", method: .HEAD, key: key))
        return S3ObjectAttributes(response: response)
    }
}
