import CacheServices
import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SeedCore
@testable import seisapi
import Testing
import TestSupport

/// Anonymous callers cannot make the API fetch or write arbitrary things (issue 15): a miss
/// generates only channels the API knows, generations are capped and queued, and each client
/// has a miss budget. Every test counts the source's fetches and the store's files.
@Suite("seisapi /data miss admission", .timeLimit(.minutes(5)))
struct MissAdmissionTests {
    static let range = "start=2025-11-02T00:00:00Z&duration=24h"

    /// Regular files under the local store's root (chunks, metadata, anything).
    static func files(in root: URL) -> Int {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var count = 0
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { count += 1 }
        }
        return count
    }

    @Test func madeUpVolcanoesAndChannelsFetchAndWriteNothing() async throws {
        let harness = try SeisAPITestHarness(environment: ["DATA_MISSES_PER_MINUTE": "0"])
        try await harness.application.test(.router) { client in
            for index in 0..<20 {
                let response = try await client.execute(
                    uri: "/data?network=HV&volcano=madeup\(index)&station=LONG&location=&channel=LHZ&\(Self.range)",
                    method: .get)
                #expect(response.status == .notFound)
                #expect(try SeisAPITests.json(response.body)["field"] as? String == "volcano")
            }
            for channel in ["network=HV&station=FAKE&location=&channel=HHZ", "network=XX&station=UWE&location=&channel=HHZ",
                "network=HV&station=UWE&location=99&channel=HHZ", "network=HV&station=UWE&location=&channel=LHZ"]
            {
                let response = try await client.execute(
                    uri: "/data?volcano=kilauea&\(channel)&\(Self.range)", method: .get)
                #expect(response.status == .notFound, "\(channel)")
                let body = try SeisAPITests.json(response.body)
                #expect(body["field"] as? String == "channel", "\(channel)")
                #expect((body["error"] as? String)?.contains("/api/stations") == true)
            }
        }
        #expect(harness.source.fetches == 0)
        #expect(Self.files(in: harness.dataRoot) == 0)
    }

    /// A channel stored under a volcano by an operator (backfill, ingest) is known there,
    /// though neither the config nor the catalog lists it at that volcano.
    @Test func aChannelAlreadyStoredUnderTheVolcanoGenerates() async throws {
        let harness = try SeisAPITestHarness(environment: ["DATA_MISSES_PER_MINUTE": "0"])
        let query = "/data?network=HV&volcano=maunaloa&station=LONG&location=&channel=LHZ&\(Self.range)"
        try await harness.application.test(.router) { client in
            let before = try await client.execute(uri: query, method: .get)
            #expect(before.status == .notFound)
            #expect(harness.source.fetches == 0)

            let stored = try ChunkKey(
                channel: ChannelKey(sourceID: .init(network: "HV", station: "LONG", location: "", channel: "LHZ"),
                    volcano: "maunaloa", sampleRate: 1),
                kind: .oneHour, start: try #require(UTCTime(iso8601: "2025-11-01T00:00:00Z")))
            _ = try await FileSystemStore(root: harness.dataRoot.path).put(stored.key, body: [0])

            let after = try await client.execute(uri: query, method: .get)
            #expect(after.status == .ok)
            #expect(after.headers[HTTPField.Name("X-Cache")!] == "miss")
            #expect(try SeisAPITests.lines(after.body).last?["event"] as? String == "manifest")
        }
        #expect(harness.source.fetches >= 1)
    }

    /// One generation runs, one waits, the third new miss gets 503 with `Retry-After` and
    /// fetches nothing; a request for a running generation joins it without a place.
    @Test(.timeLimit(.minutes(2)))
    func generationsBeyondTheCapAndQueueAre503() async throws {
        let blocking = BlockingSource()
        let harness = try SeisAPITestHarness(
            environment: [
                "DATA_GENERATION_CONCURRENCY": "1", "DATA_GENERATION_QUEUE": "1", "DATA_MISSES_PER_MINUTE": "0",
                "SHUTDOWN_DRAIN_SECONDS": "1",
            ],
            source: blocking)
        try await harness.withServer { port in
            func miss(_ day: Int) async throws -> String {
                let head = "GET /data?\(SeisAPITests.long)&start=2025-11-0\(day)T00:00:00Z&duration=1h HTTP/1.1\r\nHost: test\r\n"
                let request = head + "Connection: close\r\n\r\n"
                return try await RawConnection.exchange(port: port, limit: .seconds(2), initial: request).received
            }
            #expect(try await miss(1).hasPrefix("HTTP/1.1 200"))
            try await blocking.waitUntilFetching()
            #expect(try await miss(2).hasPrefix("HTTP/1.1 200"))
            let refused = try await miss(3)
            #expect(refused.hasPrefix("HTTP/1.1 503"))
            #expect(refused.lowercased().contains("retry-after: 5"))
            // Joining the running generation takes no place.
            #expect(try await miss(1).hasPrefix("HTTP/1.1 200"))
            #expect(blocking.fetches == 1)
            #expect(harness.services.data.generationLoad.running == 1)
            #expect(harness.services.data.generationLoad.waiting == 1)
        }
    }

    @Test func aClientPastItsMissBudgetIs429() async throws {
        let harness = try SeisAPITestHarness(environment: ["DATA_MISSES_PER_MINUTE": "2", "TRUSTED_PROXY_HOPS": "1"])
        let uri = "/data?network=HV&volcano=madeup&station=LONG&location=&channel=LHZ&\(Self.range)"
        try await harness.application.test(.router) { client in
            func miss(forwardedFor: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .get, headers: [.xForwardedFor: forwardedFor])
            }
            // Entries left of the one the trusted proxy appended are the caller's own words.
            #expect(try await miss(forwardedFor: "1.1.1.1, 203.0.113.7").status == .notFound)
            #expect(try await miss(forwardedFor: "2.2.2.2, 203.0.113.7").status == .notFound)
            let limited = try await miss(forwardedFor: "3.3.3.3, 203.0.113.7")
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try await miss(forwardedFor: "203.0.113.8").status == .notFound)
            // Hits are never limited.
            let health = try await client.execute(uri: "/health", method: .get, headers: [.xForwardedFor: "203.0.113.7"])
            #expect(health.status == .ok)
        }
        #expect(harness.source.fetches == 0)
    }
}
