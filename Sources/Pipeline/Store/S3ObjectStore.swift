public import ChunkStore
public import Foundation
public import R2Client
import SeedCore

/// The ``ObjectStore`` of an S3-compatible bucket (Cloudflare R2, S3, MinIO, SeaweedFS...):
/// ChunkStore's protocol over R2Client's ``S3Client``.
///
/// Conditional writes are S3's `If-Match` / `If-None-Match: *`; a conditional write to a
/// missing object (404) is reported as `preconditionFailed`, like a stale ETag. Retries of
/// transient failures happen inside the client; what still fails comes out as `transient`.
public struct S3ObjectStore: ObjectStore {
    /// The client (owns the configuration; the caller owns its HTTP client).
    public let client: S3Client

    /// Wraps a client.
    public init(client: S3Client) { self.client = client }

    public var displayName: String {
        "s3 \(client.configuration.endpoint.absoluteString)/\(client.configuration.bucket)"
    }

    public func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
        do {
            let object = try await client.getObject(key: key, range: range.map { .bytes($0) })
            let attributes = object.attributes
            let size = attributes.objectSize ?? attributes.contentLength ?? object.body.count
            return StoredObject(
                body: object.body,
                info: ObjectInfo(
                    // A ranged GET names the whole object's ETag: readers check pieces against it.
                    key: key, size: size, etag: attributes.eTag.map(ETag.init),
                    lastModified: attributes.lastModified.map(Self.time)))
        } catch {
            throw Self.storeError(error, key: key)
        }
    }

    public func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo {
        do {
            let attributes = try await client.headObject(key: key)
            return ObjectInfo(
                key: key, size: attributes.contentLength ?? 0, etag: attributes.eTag.map(ETag.init),
                lastModified: attributes.lastModified.map(Self.time))
        } catch {
            throw Self.storeError(error, key: key)
        }
    }

    public func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        let condition: S3WriteCondition? =
            switch options.condition {
            case .always: nil
            case .ifMatch(let etag): .ifMatch(etag.quoted)
            case .ifNoneMatch: .ifNoneMatchAny
            }
        do {
            let result = try await client.putObject(
                key: key, body: body, contentType: options.contentType, cacheControl: options.cacheControl,
                condition: condition)
            guard let etag = result.eTag else {
                throw ObjectStoreError(code: .failed, key: key, message: "the store answered PUT without an ETag")
            }
            return ETag(etag)
        } catch let error as S3Error where error.code == .notFound && condition != nil {
            throw ObjectStoreError(
                code: .preconditionFailed, key: key, message: "the object does not exist (\(options.condition))")
        } catch {
            throw Self.storeError(error, key: key)
        }
    }

    public func delete(_ key: String) async throws(ObjectStoreError) {
        do {
            try await client.deleteObject(key: key)
        } catch let error as S3Error where error.code == .notFound {
            return
        } catch {
            throw Self.storeError(error, key: key)
        }
    }

    public func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
    {
        do {
            let page = try await client.listObjectsV2(
                prefix: prefix.isEmpty ? nil : prefix, delimiter: delimiter, continuationToken: continuationToken,
                maxKeys: min(max(maxKeys, 1), 1000))
            return ObjectListing(
                objects: page.objects.map {
                    ObjectInfo(
                        key: $0.key, size: $0.size, etag: $0.eTag.map(ETag.init), lastModified: $0.lastModified.map(Self.time))
                },
                commonPrefixes: page.commonPrefixes,
                nextContinuationToken: page.isTruncated ? page.nextContinuationToken : nil)
        } catch {
            throw Self.storeError(error, key: prefix)
        }
    }

    /// A URL that reads (or writes) one object without credentials until it expires.
    /// - Parameters:
    ///   - key: the object's key.
    ///   - upload: a URL for `PUT` instead of `GET`.
    ///   - expiresIn: at most 7 days (S3's limit).
    /// - Throws: ``S3Error`` for an expiry out of range.
    public func presignedURL(for key: String, upload: Bool = false, expiresIn: Duration) throws(S3Error) -> URL {
        try client.presignedURL(method: upload ? .put : .get, key: key, expiresIn: expiresIn)
    }

    static func time(_ date: Date) -> UTCTime {
        UTCTime(nanoseconds: Int64((date.timeIntervalSince1970 * 1e9).rounded()))
    }

    /// Maps the client's errors onto the store's codes, keeping the S3 message (never secrets).
    static func storeError(_ error: any Error, key: String) -> ObjectStoreError {
        if let error = error as? ObjectStoreError { return error }
        guard let s3 = error as? S3Error else {
            return ObjectStoreError(code: .failed, key: key, message: "\(error)")
        }
        let code: ObjectStoreError.Code =
            switch s3.code {
            case .notFound: .notFound
            case .preconditionFailed: .preconditionFailed
            case .invalidRange: .invalidRange
            case .accessDenied, .signatureMismatch, .clockSkewed: .permissionDenied
            default: s3.isTransient ? .transient : .failed
            }
        return ObjectStoreError(code: code, key: key, message: s3.description)
    }
}
