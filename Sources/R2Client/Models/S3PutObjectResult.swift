/// The result of ``S3Client/putObject(key:body:contentType:cacheControl:metadata:condition:)``.
public struct S3PutObjectResult: Sendable, Hashable {
    /// The new object's entity tag, with quotes (for a later `If-Match`); `nil` if the store sent none.
    public var eTag: String?

    /// Creates a result.
    public init(eTag: String?) {
        self.eTag = eTag
    }
}
