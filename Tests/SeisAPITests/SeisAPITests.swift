import CacheServices
import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Pipeline
import SeedCore
@testable import seisapi
import Testing
import TestSupport

@Suite("seisapi routes", .timeLimit(.minutes(5)))
struct SeisAPITests {
    static let long = "network=HV&volcano=kilauea&station=LONG&location=&channel=LHZ"

    /// The events of an NDJSON miss, without `heartbeat` lines (keepalives a slow, loaded
    /// generation sends at any point; readers ignore them; GenerationBudgetTests checks them).
    static func lines(_ body: ByteBuffer) throws -> [[String: Any]] {
        try String(buffer: body).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }.filter { $0["event"] as? String != "heartbeat" }
    }

    static func json(_ body: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any])
    }

    @Test func healthReportsTheStore() async throws {
        let harness = try SeisAPITestHarness()
        try await harness.application.test(.router) { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status == .ok)
            let body = try Self.json(response.body)
            #expect(body["status"] as? String == "ok")
            #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
        }
    }

    /// 001: a miss streams the metadata, then 1 h chunks for the first 6 hours, 6 h chunks
    /// to 24 hours and a 24 h chunk beyond, then the manifest; the repeat is a hit whose
    /// chunks decompress to what the manifest says.
    @Test func dataMissGeneratesInPriorityOrderThenHits() async throws {
        let harness = try SeisAPITestHarness()
        let reference = try TestSupport.run(
            try TestSupport.python(),
            [TestSupport.repository.appendingPathComponent("Tests/SeisAPITests/Fixtures/make_long_sds.py").path,
             try TestSupport.temporaryFolder().path])
        let obspy = try Self.json(ByteBuffer(string: reference.stdout))
        let obspyMin = try #require(obspy["min"] as? Int)
        let obspyMax = try #require(obspy["max"] as? Int)
        let uri = "/data?\(Self.long)&start=2025-11-02T00:00:00Z&end=2025-11-04T00:00:00Z"
        try await harness.application.test(.router) { client in
            let miss = try await client.execute(uri: uri, method: .get)
            #expect(miss.status == .ok)
            #expect(miss.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
            #expect(miss.headers[HTTPField.Name("X-Cache")!] == "miss")
            let events = try Self.lines(miss.body)
            let names = events.compactMap { $0["event"] as? String }
            #expect(names.first == "metadata")
            #expect(names.last == "manifest")
            let kinds = events.filter { $0["event"] as? String == "chunk" }.compactMap {
                ($0["chunk"] as? [String: Any])?["kind"] as? String
            }
            #expect(kinds == Array(repeating: "1h", count: 6) + Array(repeating: "6h", count: 3) + ["24h"])
            let metadata = try #require(events.first?["metadata"] as? [String: Any])
            let normalization = try #require(metadata["normalization"] as? [String: Any])
            #expect(metadata["sample_rate"] as? Double == 1)
            #expect(normalization["global_min"] as? Int == obspyMin)
            #expect(normalization["global_max"] as? Int == obspyMax)

            let hit = try await client.execute(uri: uri, method: .get)
            #expect(hit.status == .ok)
            #expect(hit.headers[HTTPField.Name("X-Cache")!] == "hit")
            #expect(hit.headers[HTTPField.Name("X-Sample-Rate")!] == "1")
            #expect(hit.headers[HTTPField.Name("X-Data-Start")!] == "2025-11-02T00:00:00Z")
            #expect(hit.headers[HTTPField.Name("X-Data-End")!] == "2025-11-04T00:00:00Z")
            #expect(hit.headers[HTTPField.Name("X-Chunks-Manifest")!]?.contains("LONG//LHZ") == true)
            let manifest = try JSONDecoder().decode(ChunkManifest.self, from: Data(String(buffer: hit.body).utf8))
            #expect(manifest.complete)
            #expect(manifest.chunks.count == 10)
            #expect(manifest.normalization?.globalMin == Int32(obspyMin))
            let day = try #require(manifest.chunks.last)
            #expect(day.kind == "24h")
            let file = try await client.execute(uri: day.url, method: .get)
            #expect(file.status == .ok)
            let samples = try ChunkPayload.decode(Array(file.body.readableBytesView), expectedSamples: 86_400)
            #expect(samples.count == 86_400)
            #expect(samples.min() == day.min)
            #expect(samples.max() == day.max)
            let gapHour = try await client.execute(
                uri: "/files/data/2025/11/HV/kilauea/LONG//LHZ/HV_LONG__LHZ_1Hz_2025-11-02.json", method: .get)
            let metadataFile = try DayMetadata(json: Array(gapHour.body.readableBytesView))
            let hour3 = metadataFile.entries(.oneHour).first { $0.start == "03:00:00" }
            #expect(hour3?.gapCount == 1)
            #expect(hour3?.gapSamplesFilled == 5)
        }
    }

    @Test func concurrentIdenticalMissesGenerateOnce() async throws {
        let harness = try SeisAPITestHarness()
        let uri = "/data?\(Self.long)&start=2025-11-02T00:00:00Z&end=2025-11-02T06:00:00Z"
        try await harness.application.test(.router) { client in
            let finals = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let response = try await client.execute(uri: uri, method: .get)
                        return try Self.lines(response.body).last?["event"] as? String
                    }
                }
                var finals: [String?] = []
                for try await final in group { finals.append(final) }
                return finals
            }
            #expect(finals == Array(repeating: "manifest", count: 4))
        }
        #expect(harness.source.fetches == 1)
    }

    @Test(arguments: [
        ("/data?volcano=kilauea&station=UWE&channel=HHZ&start=2025-11-04T00:00:00Z&end=2025-11-04T01:00:00Z", "network"),
        ("/data?network=HV&volcano=kilauea&station=U%20W&channel=HHZ&start=2025-11-04T00:00:00Z&end=2025-11-04T01:00:00Z", "station"),
        ("/data?network=HV&volcano=Kilauea&station=UWE&channel=HHZ&start=2025-11-04T00:00:00Z&end=2025-11-04T01:00:00Z", "volcano"),
        ("/data?network=HV&volcano=kilauea&station=UWE&channel=HHZ&start=yesterday&end=2025-11-04T01:00:00Z", "start"),
        ("/data?network=HV&volcano=kilauea&station=UWE&channel=HHZ&start=2025-10-01T00:00:00Z&end=2025-11-04T01:00:00Z", "end"),
        ("/data?network=HV&volcano=kilauea&station=UWE&location=../&channel=HHZ&start=2025-11-04T00:00:00Z&end=2025-11-04T01:00:00Z", "location"),
        ("/api/cache-status?scope=planet", "scope"),
    ])
    func badInputIsA400NamingTheField(uri: String, field: String) async throws {
        let harness = try SeisAPITestHarness()
        try await harness.application.test(.router) { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .badRequest)
            let body = try Self.json(response.body)
            #expect(body["field"] as? String == field)
            #expect((body["error"] as? String)?.isEmpty == false)
        }
    }

    @Test func filesServeOnlyLayoutKeys() async throws {
        let harness = try SeisAPITestHarness()
        try await harness.application.test(.router) { client in
            for uri in ["/files/etc/passwd", "/files/data/../../etc/passwd", "/files/data/2025/11/HV/kilauea/UWE//HHZ/x.bin.zst"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
            }
        }
    }

    @Test func corsPreflightAllowsBrowsers() async throws {
        let harness = try SeisAPITestHarness()
        try await harness.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/data", method: .options,
                headers: [.origin: "https://player.example", .accessControlRequestMethod: "GET"])
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            #expect(response.headers[.accessControlExposeHeaders]?.contains("X-Chunks-Manifest") == true)
        }
    }

    @Test func backfillNeedsTheToken() async throws {
        let body = ByteBuffer(string: #"{"hours_back": 1}"#)
        let disabled = try SeisAPITestHarness(token: nil)
        try await disabled.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/backfill", method: .post, body: body)
            #expect(response.status == .serviceUnavailable)
        }
        let harness = try SeisAPITestHarness()
        try await harness.application.test(.router) { client in
            let missing = try await client.execute(uri: "/api/backfill", method: .post, body: body)
            #expect(missing.status == .unauthorized)
            let wrong = try await client.execute(
                uri: "/api/backfill", method: .post, headers: [.authorization: "Bearer nope-nope-nope-nope-nope-no"], body: body)
            #expect(wrong.status == .forbidden)
        }
        #expect(harness.source.fetches == 0)
    }

    @Test(arguments: [
        (#"{"hours_back": 500}"#, "hours_back"),
        (#"{"start_time": "2025-11-02T00:00:00Z"}"#, "duration_hours"),
        (#"{"start_time": "soon", "duration_hours": 2}"#, "start_time"),
        (#"{"volcano": "atlantis", "hours_back": 1}"#, "volcano"),
        (#"{"network": "HVX", "hours_back": 1}"#, "network"),
        (#"{"hours_back": "two"}"#, "hours_back"),
        ("not json", "body"),
    ])
    func badBackfillRequestIsA400NamingTheField(body: String, field: String) async throws {
        let harness = try SeisAPITestHarness()
        try await harness.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/backfill", method: .post, headers: [.authorization: "Bearer \(SeisAPITestHarness.token)"],
                body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            let answer = try Self.json(response.body)
            #expect(answer["field"] as? String == field)
        }
    }

    /// 000: a background job with progress, gap-filling only what is missing on a rerun;
    /// the cache status then reports the stored day.
    @Test(.timeLimit(.minutes(2))) func backfillJobFillsGapsAndReportsProgress() async throws {
        let harness = try SeisAPITestHarness()
        let request = #"{"network": "HV", "station": "LONG", "location": "", "channel": "LHZ", "volcano": "kilauea", "start_time": "2025-11-02T00:00:00Z", "duration_hours": 2}"#
        let auth: HTTPFields = [.authorization: "Bearer \(SeisAPITestHarness.token)"]
        try await harness.application.test(.router) { client in
            let accepted = try await client.execute(
                uri: "/api/backfill", method: .post, headers: auth, body: ByteBuffer(string: request))
            #expect(accepted.status == .accepted)
            let id = try #require(try Self.json(accepted.body)["job_id"] as? String)
            // However long the job takes on a loaded machine: the test's time limit ends a hang.
            var job: [String: Any] = [:]
            while job["finished_at"] == nil {
                job = try Self.json(try await client.execute(uri: "/api/backfill/\(id)", method: .get).body)
                if job["finished_at"] == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(job["status"] as? String == "complete")
            let result = try #require(job["result"] as? [String: Any])
            #expect(result["chunks_added"] as? Int == 12)
            #expect(result["metadata_updated"] as? Bool == true)

            let rerun = try await client.execute(
                uri: "/api/backfill?wait=true", method: .post, headers: auth, body: ByteBuffer(string: request))
            let again = try Self.json(rerun.body)
            #expect(again["chunks_added"] as? Int == 0)
            #expect(again["chunks_already_cached"] as? Int == 12)

            let status = try Self.json(
                try await client.execute(
                    uri: "/api/cache-status?scope=station&network=HV&station=LONG&channel=LHZ", method: .get
                ).body)
            #expect(status["days_cached"] as? Int == 1)
            let unknown = try await client.execute(uri: "/api/backfill/nope", method: .get)
            #expect(unknown.status == .notFound)
        }
    }
}
