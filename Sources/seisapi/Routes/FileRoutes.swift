import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore

/// `GET /files/{key}`: chunks and day metadata of the store, for the local store's manifest
/// URLs. Only keys of the layout are served (they parse as a chunk or day-metadata key), so
/// no request reads anything else.
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
                .cacheControl: isChunk ? "public, max-age=31536000, immutable" : "no-cache",
            ]
            if let etag = object.info.etag {
                headers[.eTag] = etag.quoted
                if request.headers[.ifNoneMatch] == etag.quoted {
                    return Response(status: .notModified, headers: headers)
                }
            }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: object.body)))
        }
    }
}
