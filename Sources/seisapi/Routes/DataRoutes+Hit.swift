import CacheServices
import HTTPTypes
import Hummingbird
import NIOCore

extension DataRoutes {
    /// A hit (the stored chunks cover the range): the manifest JSON with 001's headers,
    /// kept in ``hits`` for identical requests while its metadata is fresh.
    /// - Parameters:
    ///   - headers: the `X-Data-*` headers every `/data` answer carries.
    ///   - key: the request's key in ``hits``.
    func hitResponse(
        _ manifest: ChunkManifest, lookup: DataLookup, headers: HTTPFields, key: HitResponseCache.Key
    ) throws -> Response {
        var headers = headers
        headers[.xCache] = "hit"
        headers[.xChunksCount] = "\(manifest.chunks.count)"
        let urls = try JSONResponse.bytes(manifest.chunks.map(\.url))
        if urls.readableBytes <= Self.manifestHeaderLimit {
            headers[.xChunksManifest] = String(buffer: urls)
        }
        headers[.cacheControl] = "public, max-age=5"
        headers[.contentType] = "application/json; charset=utf-8"
        let body = try JSONResponse.bytes(manifest)
        // Set here, once: `Response` adds it otherwise, copying the stored headers per request.
        headers[.contentLength] = String(body.readableBytes)
        if let expires = lookup.freshUntil {
            hits.store(key, headers: headers, body: body, expires: expires, generation: lookup.metadataGeneration)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
