import CacheServices
import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import seisapi
import Testing

/// Issue 15 item 6: finished hit responses are reused, but never past the day metadata they
/// were made from: a chunk another writer stores shows within the metadata lifetime, one a
/// generation stores shows at once.
@Suite("/data hit responses reused while fresh", .timeLimit(.minutes(5)))
struct HitResponseCacheTests {
    static let channel = "network=HV&volcano=kilauea&station=LONG&location=&channel=LHZ"
    static let tenMinutes = "/data?\(channel)&start=2025-11-02T00:00:00Z&end=2025-11-02T00:10:00Z"

    static func parameters(_ pairs: (String, String)...) -> [(key: Substring, value: Substring)] {
        pairs.map { (key: Substring($0.0), value: Substring($0.1)) }
    }

    static func kinds(_ client: some TestClientProtocol, _ uri: String) async throws -> [String] {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.headers[HTTPField.Name("X-Cache")!] == "hit")
        return try JSONDecoder().decode(ChunkManifest.self, from: Data(String(buffer: response.body).utf8)).chunks.map(\.kind)
    }

    @Test func entriesAreUsedOnlyWhileFreshAtTheirGenerationAndWithinBounds() {
        let cache = HitResponseCache(capacity: 2, maximumBytes: 64 << 10)
        let now = ContinuousClock.now
        func key(_ query: String, _ end: Int64 = 0) -> HitResponseCache.Key {
            .init(parameters: Self.parameters(("station", query)), availableEnd: end)
        }
        func store(_ query: String, _ body: String = "{}", expires: Duration = .seconds(5)) {
            cache.store(
                key(query), headers: [.contentType: "application/json"], body: ByteBuffer(string: body),
                expires: now + expires, generation: 1, now: now)
        }
        store("a", "{\"a\":1}")
        let hit = cache.response(key("a"), generation: 1, now: now)
        #expect(hit?.body.contentLength == 7)
        #expect(hit?.headers[.contentType] == "application/json")
        #expect(cache.response(key("a"), generation: 2, now: now) == nil, "metadata invalidated since")
        #expect(cache.response(key("a"), generation: 1, now: now + .seconds(5)) == nil, "expired")
        #expect(cache.response(key("a", 600), generation: 1, now: now) == nil, "another newest-data time")
        store("b")
        store("c")  // past the capacity, all fresh: the cache starts over
        #expect(cache.response(key("a"), generation: 1, now: now) == nil)
        #expect(cache.response(key("c"), generation: 1, now: now) != nil)
        store("huge", String(repeating: "x", count: 16 << 10))  // over a quarter of the bytes: not kept
        #expect(cache.response(key("huge"), generation: 1, now: now) == nil)
        store("gone", expires: .zero)
        #expect(cache.response(key("gone"), generation: 1, now: now) == nil)
    }

    /// Parameters `/data` does not read (a cache-buster, junk) do not make entries of their
    /// own, and what a key holds counts toward the byte cap.
    @Test func keysAreTheParametersDataReadsAndCountTowardTheCap() {
        let plain = HitResponseCache.Key(
            parameters: Self.parameters(("network", "HV"), ("start", "2025-11-02T00:00:00Z")), availableEnd: 1)
        let junk = String(repeating: "j", count: 76_000)
        let withJunk = HitResponseCache.Key(
            parameters: Self.parameters(("_", junk), ("start", "2025-11-02T00:00:00Z"), ("network", "HV")), availableEnd: 1)
        #expect(plain == withJunk)
        let long = HitResponseCache.Key(parameters: Self.parameters(("network", junk)), availableEnd: 1)
        #expect(long.bytes > 76_000)
        let cache = HitResponseCache(capacity: 100, maximumBytes: 1 << 20)
        let now = ContinuousClock.now
        for index in 0..<40 {
            let key = HitResponseCache.Key(parameters: Self.parameters(("station", "\(index)" + junk)), availableEnd: 1)
            cache.store(key, headers: [:], body: ByteBuffer(string: "{}"), expires: now + .seconds(5), generation: 1, now: now)
            #expect(cache.bytes <= 1 << 20)
        }
    }

    /// 400 hits, each with its own junk parameter, keep one entry.
    @Test func junkParametersDoNotGrowTheCache() async throws {
        let harness = try SeisAPITestHarness(metadataLifetime: .seconds(600))
        try await StoredChunkWriter.write(harness.services.store, kind: .tenMinutes, starts: ["2025-11-02T00:00:00Z"], seed: 8)
        let routes = DataRoutes(services: harness.services)
        let router = Router(context: APIRequestContext.self)
        routes.add(to: router)
        try await Application(router: router).test(.router) { client in
            for index in 0..<400 {
                let response = try await client.execute(uri: Self.tenMinutes + "&_=\(index)-\(String(repeating: "x", count: 2000))", method: .get)
                #expect(response.status == .ok)
            }
        }
        #expect(routes.hits.count == 1)
    }

    /// Real time, asserted one way only: once a lifetime has passed since the write (a loaded
    /// machine can only make it more), the answer must show the new chunk. That a fresh entry
    /// is reused is checked on a manual instant above.
    @Test(.timeLimit(.minutes(1))) func aChunkAnotherWriterStoresShowsOnceTheMetadataLifetimePassed() async throws {
        let lifetime = Duration.seconds(1)
        let harness = try SeisAPITestHarness(metadataLifetime: lifetime)
        try await StoredChunkWriter.write(harness.services.store, kind: .tenMinutes, starts: ["2025-11-02T00:00:00Z"], seed: 5)
        try await harness.application.test(.router) { client in
            #expect(try await Self.kinds(client, Self.tenMinutes) == ["10min"])
            // The cron (another process) stores the hour: nothing invalidates this API's cache.
            try await StoredChunkWriter.write(
                harness.services.store, kind: .oneHour, starts: ["2025-11-02T00:00:00Z"], seed: 6)
            // Every reading the cached answer was made from is older than the write.
            try await Task.sleep(for: lifetime)
            // The coarsest stored chunk covering the range (Coverage); a cache that ignored the
            // lifetime would still answer 10min.
            #expect(try await Self.kinds(client, Self.tenMinutes) == ["1h"])
        }
    }

    @Test func chunksAGenerationStoresShowAtOnce() async throws {
        // A lifetime longer than the test: only the generation's invalidation can refresh it.
        let harness = try SeisAPITestHarness(metadataLifetime: .seconds(600))
        try await StoredChunkWriter.write(harness.services.store, kind: .tenMinutes, starts: ["2025-11-02T00:00:00Z"], seed: 7)
        try await harness.application.test(.router) { client in
            #expect(try await Self.kinds(client, Self.tenMinutes) == ["10min"])
            #expect(try await Self.kinds(client, Self.tenMinutes) == ["10min"])
            // A miss over the next hours of the day: the generator stores 1 h chunks and
            // rewrites that day's metadata.
            let miss = try await client.execute(
                uri: "/data?\(Self.channel)&start=2025-11-02T00:00:00Z&end=2025-11-02T03:00:00Z", method: .get)
            #expect(miss.headers[HTTPField.Name("X-Cache")!] == "miss")
            #expect(String(buffer: miss.body).contains("\"event\":\"manifest\""))
            let day = try await client.execute(
                uri: "/files/data/2025/11/HV/kilauea/LONG//LHZ/HV_LONG__LHZ_1Hz_2025-11-02.json", method: .get)
            let metadata = try DayMetadata(json: Array(day.body.readableBytesView))
            // The hole 00:10–03:00 is generated as 1 h chunks aligned to the hour (GenerationPlan).
            #expect(metadata.entries(.oneHour).map(\.start).contains("00:00:00"))
            // The earlier range's answer now lists the coarser chunk, long before its lifetime.
            #expect(try await Self.kinds(client, Self.tenMinutes) == ["1h"])
        }
    }
}
