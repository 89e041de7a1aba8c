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
            let reader: any ObjectReader
            do throws(ObjectStoreError) {
                reader = try await services.store.openForReading(key)
            } catch where error.code == .notFound {
                throw APIError(.notFound, "\(key) is not stored", field: "key")
            } catch {
                throw APIError.storeFailed(error)
            }
            var headers: HTTPFields = [
                .contentType: isChunk ? "application/zstd" : "application/json",
                .cacheControl: isChunk
                    ? Self.chunkCacheControl(
                        asked: request.uri.parameters[ChunkCacheControl.versionParameter],
                        stored: reader.info.etag)
                    : "no-cache",
            ]
            if let etag = reader.info.etag {
                headers[.eTag] = etag.quoted
                if let condition = request.headers[.ifNoneMatch], Self.matches(condition, etag) {
                    return Response(status: .notModified, headers: headers)
                }
            }
            let size = reader.info.size
            headers[.contentLength] = String(size)
            guard request.method != .head else { return Response(status: .ok, headers: headers) }
            return Response(status: .ok, headers: headers, body: Self.streamed(reader, size: size))
        }
    }

    /// Bytes read from the store and written per step of a response body.
    static let pieceSize = 64 << 10

    /// The object's bytes in pieces of ``pieceSize``: each write waits until the connection
    /// can take more (NIO's writability), so a client that reads slowly or not at all holds
    /// one piece in this server's memory, not the object (a day chunk is 15 MB).
    static func streamed(_ reader: any ObjectReader, size: Int) -> ResponseBody {
        ResponseBody(contentLength: size) { writer in
            var offset = 0
            while offset < size {
                let piece = try await reader.read(from: offset, count: pieceSize)
                guard !piece.isEmpty else {
                    // The file is shorter than its opened size: end the connection, not the body.
                    throw ObjectStoreError(code: .failed, key: reader.info.key, message: "ended at byte \(offset) of \(size)")
                }
                try await writer.write(ByteBuffer(bytes: piece))
                offset += piece.count
            }
            try await writer.finish(nil)
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
