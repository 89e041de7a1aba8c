public import Foundation

/// One page of ``S3Client/listObjectsV2(prefix:delimiter:continuationToken:startAfter:maxKeys:)``.
public struct S3ListObjectsV2Result: Sendable, Hashable {
    /// One listed object.
    public struct Object: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The size in bytes.
        public var size: Int
        /// The entity tag, with quotes.
        public var eTag: String?
        /// When it was last written.
        public var lastModified: Date?

        /// Creates a listed object.
        public init(key: String, size: Int, eTag: String? = nil, lastModified: Date? = nil) {
            self.key = key
            self.size = size
            self.eTag = eTag
            self.lastModified = lastModified
        }
    }

    /// Objects of this page, in key order.
    public var objects: [Object]
    /// With a delimiter: the distinct key prefixes up to and including the delimiter ("folders").
    public var commonPrefixes: [String]
    /// Whether more results follow; then pass ``nextContinuationToken`` to get them.
    public var isTruncated: Bool
    /// The token for the next page, when ``isTruncated``.
    public var nextContinuationToken: String?

    /// Creates a page.
    public init(objects: [Object], commonPrefixes: [String], isTruncated: Bool, nextContinuationToken: String?) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.isTruncated = isTruncated
        self.nextContinuationToken = nextContinuationToken
    }
}
