import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import TestSupport
@testable import seisapi
import Testing

/// `/health` sees the API's own writes failing; what anonymous callers read names fields
/// and steps, never paths or process ids; request lines are summed up once a minute.
@Suite("seisapi: health of writes, error text, request summary", .timeLimit(.minutes(5)))
struct HealthAndErrorTextTests {
    /// A store whose writes fail with a message full of local detail, as a full disk's do.
    struct FullDiskStore: ObjectStore {
        let base: any ObjectStore
        static let secret = "/srv/seiscache/data/.seiscache/tmp/4242-deadbeef"

        var displayName: String { "local /srv/seiscache/data" }
        func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
            throw ObjectStoreError(code: .failed, key: key, message: "read \(Self.secret): Input/output error")
        }
        func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo { try await base.head(key) }
        func openForReading(_ key: String) async throws(ObjectStoreError) -> any ObjectReader {
            throw ObjectStoreError(code: .failed, key: key, message: "open \(Self.secret): Input/output error")
        }
        func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
            // The health probe's tiny object still fits; chunks do not.
            if key.hasPrefix("health/") { return try await base.put(key, body: body, options: options) }
            throw ObjectStoreError(code: .failed, key: key, message: "write \(Self.secret): No space left on device")
        }
        func delete(_ key: String) async throws(ObjectStoreError) { try await base.delete(key) }
        func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
            async throws(ObjectStoreError) -> ObjectListing
        {
            try await base.list(prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, maxKeys: maxKeys)
        }
    }

    @Test func healthIsDegradedAfterWritesFailInARowAndSaysNoPath() async throws {
        let harness = try SeisAPITestHarness(
            environment: ["HEALTH_WRITE_FAILURES": "3", "HEALTH_CACHE_SECONDS": "0"], store: { FullDiskStore(base: $0) })
        try await harness.application.test(.router) { client in
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            for index in 0..<3 {
                await #expect(throws: ObjectStoreError.self) {
                    try await harness.services.store.put("data/x\(index)", body: [1, 2, 3])
                }
            }
            let degraded = try await client.execute(uri: "/health", method: .get)
            #expect(degraded.status == .serviceUnavailable)
            let text = String(buffer: degraded.body)
            #expect(text.contains("\"degraded\""))
            #expect(text.contains("\"writes\""))
            #expect(!text.contains("/srv"), "\(text)")
            #expect(!text.contains("4242"), "\(text)")
            // One write that succeeds (a chunk stored) ends it.
            harness.services.health.writes.succeeded()
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test func storeFailuresReachCallersWithoutPathsOrProcessIDs() async throws {
        let harness = try SeisAPITestHarness(store: { FullDiskStore(base: $0) })
        try await harness.application.test(.router) { client in
            let key = "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst"
            for uri in ["/files/\(key)", "/api/cache-status?scope=all", "/data?\(SeisAPITests.long)&start=2025-11-02T00:00:00Z&duration=1h"] {
                let response = try await client.execute(uri: uri, method: .get)
                let text = String(buffer: response.body)
                #expect(response.status.code >= 500 || response.status == .ok, "\(uri): \(response.status)")
                #expect(!text.contains("/srv"), "\(uri): \(text)")
                #expect(!text.contains("4242"), "\(uri): \(text)")
            }
        }
    }

    @Test func requestsAreSummedUpOncePerPeriod() {
        let clock = ManualClock()
        let summary = RequestSummary(period: .seconds(60), clock: clock)
        let logger = Logger.quiet("test")
        #expect(summary.count(status: 200, logger: logger) == nil)
        #expect(summary.count(status: 404, logger: logger) == nil)
        clock.advance(by: .seconds(61))
        let finished = summary.count(status: 503, logger: logger)
        #expect(finished != nil)
        #expect(finished?.byClass[2] == 1)
        #expect(finished?.byClass[4] == 1)
        #expect(finished?.byClass[5] == 0)
        #expect(summary.count(status: 200, logger: logger) == nil)
    }
}
