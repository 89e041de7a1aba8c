import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore

/// `GET /` (the web player) and `GET /player/{file}` (its modules, style, worklet, worker and
/// zstd WebAssembly), from the executable itself, with ETags and a Content-Security-Policy.
struct PlayerRoutes {
    var services: APIServices

    func add(to router: Router<APIRequestContext>) {
        let policy = Self.contentSecurityPolicy(chunkOrigin: services.chunkOrigin)
        router.get("/") { request, _ -> Response in
            try Self.serve("index.html", request: request, policy: policy)
        }
        router.get("/player/{file}") { request, context -> Response in
            let file = context.parameters.get("file") ?? ""
            guard file != "index.html" else { throw APIError(.notFound, "the player is at /", field: "file") }
            return try Self.serve(file, request: request, policy: policy)
        }
    }

    /// Only this origin runs scripts; WebAssembly may compile (`wasm-unsafe-eval`, not
    /// `unsafe-eval`); chunks may come from this origin or the bucket the manifests name.
    static func contentSecurityPolicy(chunkOrigin: String?) -> String {
        let connect = ["'self'", chunkOrigin].compactMap { $0 }.joined(separator: " ")
        return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src \(connect); object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'"
    }

    static func serve(_ name: String, request: Request, policy: String) throws -> Response {
        guard let asset = PlayerAssets.byName[name] else {
            throw APIError(.notFound, "the player has no file \(name)", field: "file")
        }
        // The files change only with the binary: browsers revalidate (cheap 304s) instead
        // of keeping a stale player after an upgrade.
        let headers: HTTPFields = [
            .contentType: asset.contentType, .eTag: asset.etag, .cacheControl: "no-cache",
            .contentSecurityPolicy: policy, .xContentTypeOptions: "nosniff",
            .referrerPolicy: "no-referrer",
        ]
        if request.headers[.ifNoneMatch] == asset.etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}
