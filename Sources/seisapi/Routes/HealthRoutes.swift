import ChunkStore
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import Pipeline
import Prometheus

/// `GET /health` (the store answers a one-key listing) and `GET /metrics` (Prometheus text).
struct HealthRoutes {
    var services: APIServices

    func add(to router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ -> Response in
            struct Health: Encodable {
                var status: String
                var store: String
                var version: String
                var error: String?
            }
            let store = services.store
            do {
                _ = try await store.list(prefix: "data/", delimiter: "/", continuationToken: nil, maxKeys: 1)
                return try JSONResponse.make(Health(status: "ok", store: store.displayName, version: Seiscache.version))
            } catch {
                return try JSONResponse.make(
                    Health(status: "unavailable", store: store.displayName, version: Seiscache.version, error: "\(error)"),
                    status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { _, _ -> Response in
            guard let registry = services.metrics else { throw APIError(.notFound, "metrics are not enabled") }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(8192)
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
