/// An object's bytes (or the requested range of them) and its attributes, from
/// ``S3Client/getObject(key:range:ifNoneMatch:maximumBytes:)``.
public struct S3Object: Sendable, Hashable {
    /// The object key.
    public var key: String
    /// The bytes received.
    public var body: [UInt8]
    /// ETag, sizes, content type, metadata.
    public var attributes: S3ObjectAttributes

    /// Creates an object.
    public init(key: String, body: [UInt8], attributes: S3ObjectAttributes) {
        self.key = key
        self.body = body
        self.attributes = attributes
    }

    /// The entity tag (with quotes), for a later `If-Match` or `If-None-Match`.
    public var eTag: String? { attributes.eTag }
}
