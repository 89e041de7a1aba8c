import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore

/// `GET /files/{key}`: chunks and day metadata of the store, for the local store's manifest
/// URLs. Only keys of the layout are served (they parse as a chunk or day-metadata key), so
/// no request reads anything else.
///
/// Caching (Docs/data-format.md, "Caching"): every answer carries the object's `ETag` and a
/// matching `If-None-Match` is a `304`. A chunk asked for with `?v=` naming the version of
/// the bytes served is immutable (a rewrite makes another version, hence another URL);
/// without it, or with an older version, it is ``ChunkCacheControl/stored`` (reused a minute,
/// then revalidated). Day metadata changes all the time: `no-cache`.
struct FileRoutes {
    var services: APIServices

    static let prefix = "/files/"

    func add(to router: Router<APIRequestContext>) {
        router.get("/files/**") { request, _ -> Response in
            // The raw path keeps an empty location segment (`UWE//HHZ`).
            let path = request.uri.path
            guard path.hasPrefix(Self.prefix), let key = String(path.dropFirst(Self.prefix.count)).removingPercentEncoding
            else { throw APIError(.badRequest, "not a file path", field: "key") }
            let isChunk = (try? ChunkKey(key: key)) != nil
            guard isChunk || (try? DayMetadataKey(key: key)) != nil else {
                throw APIError(.notFound, "\(key) is not a chunk or day-metadata key", field: "key")
            }
            let object: StoredObject?
            do {
                object = try await services.store.getIfPresent(key)
            } catch {
                throw APIError(.serviceUnavailable, "the store failed: \(error)")
            }
            guard let object else { throw APIError(.notFound, "\(key) is not stored", field: "key") }
            var headers: HTTPFields = [
                .contentType: isChunk ? "application/zstd" : "application/json",
                .cacheControl: isChunk
                    ? Self.chunkCacheControl(
                        asked: request.uri.parameters[ChunkCacheControl.versionParameter],
                        stored: object.info.etag)
                    : "no-cache",
            ]
            if let etag = object.info.etag {
                headers[.eTag] = etag.quoted
                if let condition = request.headers[.ifNoneMatch], Self.matches(condition, etag) {
                    return Response(status: .notModified, headers: headers)
                }
            }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: object.body)))
        }
    }

    /// Immutable when the URL's version is the one of the bytes served, else reused briefly
    /// and revalidated (an unversioned URL, or an old manifest's URL after a rewrite: those
    /// bytes must not be kept as if they were the version the URL names).
    static func chunkCacheControl(asked version: String?, stored etag: ETag?) -> String {
        guard let version, version.count == ChunkEntry.versionLength, let etag,
            etag.value.lowercased().hasPrefix(version.lowercased())
        else { return ChunkCacheControl.stored }
        return ChunkCacheControl.versioned
    }

    /// Whether an `If-None-Match` value names this ETag: `*`, or a comma-separated list of
    /// tags compared weakly (RFC 9110 13.1.2: a `W/` prefix does not matter for it).
    static func matches(_ condition: String, _ etag: ETag) -> Bool {
        condition.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            return tag == "*" || ETag(tag).value == etag.value
        }
    }
}
