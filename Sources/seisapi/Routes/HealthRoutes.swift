import CacheServices
import ChunkStore
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import Pipeline
import Prometheus

/// `GET /health` (the store answers a one-key listing and takes a probe write and delete, and
/// the API's own writes do not fail in a row: ``StoreHealth``; 503 naming the failed step
/// otherwise; `stale` lists the configured channels whose newest stored sample is older than
/// `STALE_AFTER_MINUTES`, without failing the check) and `GET /metrics` (Prometheus text, with
/// each configured channel's data age: ``ChannelFreshness``).
struct HealthRoutes {
    var services: APIServices

    /// `seiscache_channel_newest_sample_age_seconds` (``ChannelFreshness/gaugeName``).
    static var ageGauge: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "seiscache", metricName: "channel_newest_sample_age", unitName: "seconds",
            helpText: ChannelFreshness.gaugeHelp)
    }

    func add(to router: Router<APIRequestContext>) {
        router.get("/health") { _, _ -> Response in
            struct Health: Encodable {
                var status: String
                var store: String
                var version: String
                /// The step that failed: `list`, `write` or `delete` (the probe), `writes` (the API's own).
                var failed: String?
                var error: String?
                /// Configured channels whose newest stored sample is too old (an outage upstream
                /// or a stalled cron): reported, not a failure of this server.
                var stale: [ChannelFreshness.Reading] = []
            }
            let store = services.store
            let outcome = await services.health.check()
            guard outcome.isHealthy else {
                return try JSONResponse.make(
                    Health(
                        status: outcome.failedStep == "writes" ? "degraded" : "unavailable", store: Self.kind(of: store),
                        version: Seiscache.version,
                        failed: outcome.failedStep, error: outcome.error),
                    status: .serviceUnavailable, headers: [.cacheControl: "no-store"])
            }
            return try JSONResponse.make(
                Health(
                    status: "ok", store: Self.kind(of: store), version: Seiscache.version,
                    stale: await services.freshness.stale()),
                headers: [.cacheControl: "no-store"])
        }
        router.get("/metrics") { _, _ -> Response in
            guard let registry = services.metrics else { throw APIError(.notFound, "metrics are not enabled") }
            // The data-age gauges, current as of this scrape.
            for reading in await services.freshness.readings() {
                registry.makeGauge(
                    descriptor: Self.ageGauge, labels: [("channel", reading.channel), ("volcano", reading.volcano)]
                ).set(reading.ageSeconds)
            }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(8192)
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    /// The store's kind (`local`, `s3`) without its location: `/health` is public.
    static func kind(of store: any ObjectStore) -> String {
        String(store.displayName.split(separator: " ").first ?? "store")
    }
}
