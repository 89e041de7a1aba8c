public import Foundation

/// What the store says about an object (from the response headers of HEAD and GET).
public struct S3ObjectAttributes: Sendable, Hashable {
    /// The entity tag, with its quotes as the store sent it (pass it unchanged to `ifMatch`).
    public var eTag: String?
    /// The body length of this response: the object size for HEAD and full GETs, the range's length for ranged GETs.
    public var contentLength: Int?
    /// `Content-Range` of a ranged GET, e.g. `bytes 0-9/1234`.
    public var contentRange: String?
    /// The object's size, from `Content-Range` for ranged GETs, else `Content-Length`.
    public var objectSize: Int?
    /// `Content-Type` stored with the object.
    public var contentType: String?
    /// `Cache-Control` stored with the object.
    public var cacheControl: String?
    /// `Last-Modified`.
    public var lastModified: Date?
    /// User metadata (`x-amz-meta-*` headers, names lowercased without the prefix).
    public var metadata: [String: String]

    /// Creates attributes.
    public init(
        eTag: String? = nil,
        contentLength: Int? = nil,
        contentRange: String? = nil,
        objectSize: Int? = nil,
        contentType: String? = nil,
        cacheControl: String? = nil,
        lastModified: Date? = nil,
        metadata: [String: String] = [:]
    ) {
        self.eTag = eTag
        self.contentLength = contentLength
        self.contentRange = contentRange
        self.objectSize = objectSize
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.lastModified = lastModified
        self.metadata = metadata
    }
}
