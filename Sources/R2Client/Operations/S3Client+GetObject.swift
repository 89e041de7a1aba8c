import NIOHTTP1

extension S3Client {
    /// Reads an object or a byte range of it (GetObject).
    ///
    /// - Parameters:
    ///   - key: The object key, sent as is (`//` and empty segments kept).
    ///   - range: Only these bytes (HTTP 206); the whole object when `nil`.
    ///   - ifNoneMatch: An ETag the caller already has; if the object still has it the call throws
    ///     `notModified` instead of sending the bytes again.
    ///   - maximumBytes: The most bytes to accept; larger bodies throw `responseTooLarge` without
    ///     being read to the end. Default ``defaultMaximumGetBytes``.
    /// - Returns: The bytes, ETag, sizes, content type and metadata.
    /// - Throws: ``S3Error``: `notFound`, `notModified`, `invalidRange`, `responseTooLarge`,
    ///   `accessDenied`, ... or a transient code once retries ran out.
    public func getObject(
        key: String,
        range: S3ByteRange? = nil,
        ifNoneMatch: String? = nil,
        maximumBytes: Int = S3Client.defaultMaximumGetBytes
    ) async throws -> S3Object {
        try validateKey(key)
        var headers: [(name: String, value: String)] = []
        if let range {
            guard range.isValid else {
                throw S3Error(code: .invalidRange, message: "\(range) is not a valid range; offsets must be >= 0", key: key)
            }
            headers.append((name: "range", value: range.headerValue))
        }
        if let ifNoneMatch { headers.append((name: "if-none-match", value: ifNoneMatch)) }
        let response = try await execute(
            S3Request(operation: "GetObject", method: .GET, key: key, headers: headers),
            maximumBodyBytes: max(0, maximumBytes)
        )
        return S3Object(key: key, body: response.body, attributes: S3ObjectAttributes(response: response))
    }
}
