public import SeedCore

/// Where chunks and day metadata live: an S3-like key → bytes store.
///
/// Implementations: ``FileSystemStore`` (the embedded default, a local directory) and the
/// S3/R2 store of the `Pipeline` module. Every implementation must pass the conformance
/// suite in `Tests/ObjectStoreConformance`. Keys are `/`-separated; empty segments are real
/// (`UWE//HHZ`) and must be kept.
///
/// All methods throw ``ObjectStoreError``, whose code tells a missing object
/// (`notFound`), a lost conditional write (`preconditionFailed`) and a failure worth
/// retrying (`transient`) apart.
public protocol ObjectStore: Sendable {
    /// A short description for logs, without secrets (`local ./data`, `s3 http://host/bucket`).
    var displayName: String { get }

    /// Reads an object, or a byte range of it.
    /// - Parameters:
    ///   - key: the object's key.
    ///   - range: the bytes to read (clamped to the object's end), or `nil` for all of it.
    /// - Throws: ``ObjectStoreError``: `notFound` if there is no such object.
    func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject

    /// The size, ETag and date of an object.
    /// - Throws: ``ObjectStoreError``: `notFound` if there is no such object.
    func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo

    /// Opens an object for reading in pieces of one version (``ObjectReader``), so a large
    /// object can be streamed without holding all of it. A default implementation reads
    /// ranges with ``get(_:range:)``.
    /// - Throws: ``ObjectStoreError``: `notFound` if there is no such object.
    func openForReading(_ key: String) async throws(ObjectStoreError) -> any ObjectReader

    /// Writes an object, replacing any earlier one, atomically.
    /// - Parameters:
    ///   - key: the object's key.
    ///   - body: its bytes.
    ///   - options: content type, cache control and the write's precondition.
    /// - Returns: the ETag of what was written.
    /// - Throws: ``ObjectStoreError``: `preconditionFailed` when the precondition does not hold
    ///   (nothing was written).
    func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag

    /// Deletes an object; deleting a missing object succeeds.
    func delete(_ key: String) async throws(ObjectStoreError)

    /// One page of the keys under a prefix, in ascending byte order.
    /// - Parameters:
    ///   - prefix: keys must start with this.
    ///   - delimiter: when given (usually `/`), keys containing it after the prefix are
    ///     rolled up into ``ObjectListing/commonPrefixes``.
    ///   - continuationToken: the previous page's ``ObjectListing/nextContinuationToken``.
    ///   - maxKeys: at most this many objects and common prefixes together (1...1000).
    func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
}

extension ObjectStore {
    /// Reads a whole object.
    public func get(_ key: String) async throws(ObjectStoreError) -> StoredObject {
        try await get(key, range: nil)
    }

    /// Reads a whole object, or returns `nil` when there is none.
    public func getIfPresent(_ key: String) async throws(ObjectStoreError) -> StoredObject? {
        do {
            return try await get(key, range: nil)
        } catch where error.code == .notFound {
            return nil
        }
    }

    /// The object's info, or `nil` when there is none.
    public func headIfPresent(_ key: String) async throws(ObjectStoreError) -> ObjectInfo? {
        do {
            return try await head(key)
        } catch where error.code == .notFound {
            return nil
        }
    }

    /// Writes an object with default options.
    @discardableResult
    public func put(_ key: String, body: [UInt8]) async throws(ObjectStoreError) -> ETag {
        try await put(key, body: body, options: PutOptions())
    }

    /// Every object and common prefix under a prefix, following continuation tokens.
    public func listAll(prefix: String, delimiter: String? = nil) async throws(ObjectStoreError) -> ObjectListing {
        var all = ObjectListing(objects: [], commonPrefixes: [], nextContinuationToken: nil)
        var token: String? = nil
        repeat {
            let page = try await list(prefix: prefix, delimiter: delimiter, continuationToken: token, maxKeys: 1000)
            all.objects += page.objects
            all.commonPrefixes += page.commonPrefixes
            token = page.nextContinuationToken
        } while token != nil
        return all
    }
}

/// How to write an object.
public struct PutOptions: Sendable, Hashable {
    /// `Content-Type` (S3 stores; the local store ignores it).
    public var contentType: String
    /// `Cache-Control` (S3 stores; the local store ignores it).
    public var cacheControl: String?
    /// When the write may happen.
    public var condition: WriteCondition

    /// Creates options.
    /// - Parameters:
    ///   - contentType: defaults to `application/octet-stream`.
    ///   - cacheControl: defaults to none.
    ///   - condition: defaults to ``WriteCondition/always``.
    public init(
        contentType: String = "application/octet-stream", cacheControl: String? = nil,
        condition: WriteCondition = .always
    ) {
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.condition = condition
    }
}

/// The precondition of a write (S3's `If-Match` / `If-None-Match: *`).
public enum WriteCondition: Sendable, Hashable {
    /// Write unconditionally.
    case always
    /// Write only if the object exists with this ETag (`If-Match`).
    case ifMatch(ETag)
    /// Write only if there is no object yet (`If-None-Match: *`).
    case ifNoneMatch
}

/// An entity tag: changes whenever an object's content changes. Stored without quotes.
public struct ETag: Hashable, Sendable, CustomStringConvertible {
    /// The tag without surrounding quotes.
    public let value: String

    /// Wraps a tag, dropping surrounding quotes and a weak `W/` prefix.
    public init(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = text.dropFirst().dropLast() }
        value = String(text)
    }

    /// The tag quoted as HTTP headers carry it.
    public var quoted: String { "\"\(value)\"" }

    public var description: String { value }
}

/// An object read from a store.
public struct StoredObject: Sendable {
    /// The bytes read (the requested range only, for ranged reads).
    public var body: [UInt8]
    /// Size, ETag and date of the whole object.
    public var info: ObjectInfo

    /// Creates a read result.
    public init(body: [UInt8], info: ObjectInfo) {
        self.body = body
        self.info = info
    }
}

/// What a store knows about an object.
public struct ObjectInfo: Sendable, Hashable {
    /// The key.
    public var key: String
    /// Size of the whole object in bytes.
    public var size: Int
    /// Its ETag, when the store reports one (listings of the local store do not).
    public var etag: ETag?
    /// When it was last written.
    public var lastModified: UTCTime?

    /// Creates an info.
    public init(key: String, size: Int, etag: ETag?, lastModified: UTCTime?) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// One page of a listing.
public struct ObjectListing: Sendable, Hashable {
    /// Objects, in ascending key order.
    public var objects: [ObjectInfo]
    /// Rolled-up prefixes (ending in the delimiter), in ascending order.
    public var commonPrefixes: [String]
    /// Pass this to get the next page; `nil` on the last page.
    public var nextContinuationToken: String?

    /// Creates a page.
    public init(objects: [ObjectInfo], commonPrefixes: [String], nextContinuationToken: String?) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.nextContinuationToken = nextContinuationToken
    }
}
