import CacheServices
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Pipeline
import SeedCore

/// `GET /data?network&volcano&station&location&channel&start&end` (001); `duration`
/// (`10m` … `7d`) may replace `end`, and without `start` means the latest such span.
///
/// A hit answers the JSON manifest with 001's `X-Data-*` headers. A miss answers a stream
/// of NDJSON events (`application/x-ndjson`): `metadata` (rate and normalization range)
/// as soon as the data is fetched and merged, then one `chunk` line per chunk the moment
/// it is stored (1 h chunks of the first 6 hours first), and a final `manifest` (or
/// `error`) line. A browser can start fetching the first chunks while the rest are made.
struct DataRoutes {
    var services: APIServices
    /// Finished hit responses, reused while their day metadata is fresh (``hitResponse``).
    let hits = HitResponseCache()

    static let exposedHeaders = [
        "X-Data-Start", "X-Data-End", "X-Channel", "X-Format", "X-Sample-Rate", "X-Chunks-Manifest", "X-Chunks-Count",
        "X-Cache",
    ]

    /// The largest `X-Chunks-Manifest` header sent; longer lists are only in the body.
    static let manifestHeaderLimit = 8192

    func add(to router: Router<APIRequestContext>) {
        router.get("/data") { request, context -> Response in
            let now = services.now()
            let available = services.data.availableEnd(now: now)
            let hitKey = HitResponseCache.Key(parameters: request.uri.queryParameters, availableEnd: available.secondsFloor)
            if let hit = hits.response(hitKey, generation: services.data.metadataGeneration) { return hit }
            let query: DataQuery
            do {
                query = try DataQuery.parse(
                    request.uri.parameters, maximumHours: services.config.dataMaximumHours, latestEnd: available)
            } catch let error as FieldError {
                throw APIError(.badRequest, error.message, field: error.field)
            }
            let lookup: DataLookup
            do {
                lookup = try await services.data.lookup(query, now: now)
            } catch let error as DataServiceError {
                switch error.code {
                case .noDataYet: throw APIError(.notFound, error.message, field: error.field)
                case .storeUnavailable: throw APIError.storeFailed(error)
                default: throw APIError.internalFailure(error)
                }
            }
            var headers: HTTPFields = [
                HTTPField.Name("X-Data-Start")!: lookup.range.start.iso8601(),
                HTTPField.Name("X-Data-End")!: lookup.range.end.iso8601(),
                HTTPField.Name("X-Channel")!: query.sourceID.channel,
                HTTPField.Name("X-Format")!: "int32",
            ]
            if let rate = lookup.sampleRate { headers[HTTPField.Name("X-Sample-Rate")!] = Self.rateText(rate) }
            if let manifest = lookup.manifest, lookup.isHit {
                return try hitResponse(manifest, lookup: lookup, headers: headers, key: hitKey)
            }
            headers[HTTPField.Name("X-Cache")!] = "miss"
            headers[.contentType] = "application/x-ndjson; charset=utf-8"
            headers[.cacheControl] = "no-store"
            // Proxies that buffer responses (nginx) pass this stream's lines on at once.
            headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
            // HEAD asks what a GET would answer without making it happen: no generation.
            guard request.method != .head else { return Response(status: .ok, headers: headers) }
            let events = try await generate(query, lookup: lookup, request: request, context: context)
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { [heartbeats = HeartbeatEvents(events, every: services.config.dataHeartbeat, clock: services.clock)] writer in
                    try await heartbeats.forEach { event in
                        var line = try JSONResponse.bytes(event)
                        line.writeString("\n")
                        try await writer.write(line)
                    }
                    try await writer.finish(nil)
                })
        }
    }

    /// The miss's event stream, after the client's miss limit and the service's admission
    /// (known channels, generation places).
    /// - Throws: ``APIError`` 429 (this client's misses), 404 naming the unknown field, 503
    ///   with `Retry-After` (every place taken, shutting down, store failed).
    private func generate(
        _ query: DataQuery, lookup: DataLookup, request: Request, context: APIRequestContext
    ) async throws -> AsyncStream<DataEvent> {
        let client = services.clients.client(
            forwardedFor: request.headers[.xForwardedFor], peer: context.remoteAddress)
        if let wait = services.missLimiter.admit(client) {
            services.logger.notice("/data miss limit reached", metadata: ["client": "\(client)", "query": "\(query.sourceID)"])
            var error = APIError(
                .tooManyRequests,
                "this client started \(services.missLimiter.perMinute) uncached /data requests in the last minute; retry in \(wait) s")
            error.headers[.retryAfter] = "\(wait)"
            throw error
        }
        do {
            return try await services.data.generate(query, missing: lookup, now: services.now())
        } catch {
            var answer: APIError
            switch error.code {
            case .unknownChannel: answer = APIError(.notFound, error.message, field: error.field)
            case .overloaded, .shuttingDown: answer = APIError(.serviceUnavailable, error.message)
            case .storeUnavailable: answer = APIError.storeFailed(error)
            default: answer = APIError.internalFailure(error)
            }
            if let seconds = error.retryAfterSeconds { answer.headers[.retryAfter] = "\(seconds)" }
            throw answer
        }
    }

    /// `100`, `40.96` (as in keys).
    static func rateText(_ rate: Double) -> String {
        rate == rate.rounded() ? String(Int(rate)) : String(rate)
    }
}
