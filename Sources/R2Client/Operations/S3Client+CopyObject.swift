import NIOHTTP1

extension S3Client {
    /// Copies an object onto a key of this bucket with new attributes (CopyObject with
    /// `x-amz-metadata-directive: REPLACE`); copying an object onto its own key rewrites its
    /// `Content-Type`, `Cache-Control` and user metadata without sending its bytes again.
    ///
    /// With `REPLACE` the store keeps none of the source's attributes: pass every one to keep
    /// (read them with ``headObject(key:)``). A single-part object keeps its ETag (the MD5 of
    /// its bytes). S3 may answer 200 and put an `<Error>` in the body when the copy fails
    /// midway; that is thrown like an error status.
    ///
    /// - Parameters:
    ///   - sourceKey: The object to copy (this bucket).
    ///   - key: Where to write the copy (the same key rewrites in place).
    ///   - contentType: `Content-Type` of the copy; the store's default when `nil`.
    ///   - cacheControl: `Cache-Control` of the copy; none when `nil`.
    ///   - metadata: User metadata of the copy, sent as `x-amz-meta-<name>`.
    ///   - sourceETag: Copy only if the source still has this ETag (`x-amz-copy-source-if-match`,
    ///     with its quotes as the store sent it): nothing is copied over a newer version.
    /// - Returns: The copy's ETag.
    /// - Throws: ``S3Error``: `preconditionFailed` when the source's ETag changed, `notFound`
    ///   when there is no source, `accessDenied`, ... or a transient code once retries ran out.
    public func copyObject(
        from sourceKey: String,
        to key: String,
        contentType: String? = nil,
        cacheControl: String? = nil,
        metadata: [String: String] = [:],
        sourceETag: String? = nil
    ) async throws -> S3PutObjectResult {
        try validateKey(sourceKey)
        try validateKey(key)
        // The source is `bucket/key`, URL-encoded as a path (`/` and empty segments kept).
        var headers: [(name: String, value: String)] = [
            (name: "x-amz-copy-source", value: S3URIEncoding.encode(configuration.bucket) + "/" + S3URIEncoding.encodePath(sourceKey)),
            (name: "x-amz-metadata-directive", value: "REPLACE"),
        ]
        if let sourceETag { headers.append((name: "x-amz-copy-source-if-match", value: sourceETag)) }
        if let contentType { headers.append((name: "content-type", value: contentType)) }
        if let cacheControl { headers.append((name: "cache-control", value: cacheControl)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            headers.append((name: "x-amz-meta-\(name.lowercased())", value: value))
        }
        let response = try await execute(
            S3Request(operation: "CopyObject", method: .PUT, key: key, headers: headers),
            maximumBodyBytes: Self.maximumErrorBodyBytes)
        guard let root = XMLNode.parse(response.body) else {
            throw S3Error(
                code: .invalidResponse, message: "the CopyObject answer is not XML; is the endpoint an S3 API?",
                httpStatus: response.status, requestID: response.header("x-amz-request-id"), key: key)
        }
        if root.name == "Error" {
            throw S3Error.fromResponse(response, key: key, localNow: now())
        }
        // `<ETag>` carries the quotes on AWS and R2 and none on SeaweedFS: quoted as in headers.
        let eTag = root.childText("ETag").map { $0.hasPrefix("\"") ? $0 : "\"\($0)\"" } ?? response.header("etag")
        return S3PutObjectResult(eTag: eTag)
    }
}
