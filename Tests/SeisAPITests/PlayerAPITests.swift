import CacheServices
import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Pipeline
import Testing

/// What the web player needs of the API: `/api/stations`, `duration` in `/data`, and a miss
/// whose first line already normalizes the whole request.
@Suite(.timeLimit(.minutes(5))) struct PlayerAPITests {
    static let long = SeisAPITests.long

    /// On a partly stored range the early `metadata` line covers the stored chunks too, so
    /// the player's normalization never changes mid-playback: it equals the final manifest's.
    @Test func aPartlyStoredMissNormalizesTheWholeRequestFirst() async throws {
        let harness = try SeisAPITestHarness()
        try await harness.application.test(.router) { client in
            let first = try await client.execute(
                uri: "/data?\(Self.long)&start=2025-11-02T00:00:00Z&end=2025-11-02T02:00:00Z", method: .get)
            let stored = try #require(SeisAPITests.lines(first.body).last?["manifest"] as? [String: Any])
            #expect((stored["chunks"] as? [Any])?.count == 2)

            let miss = try await client.execute(
                uri: "/data?\(Self.long)&start=2025-11-02T00:00:00Z&end=2025-11-02T04:00:00Z", method: .get)
            #expect(miss.headers[HTTPField.Name("X-Cache")!] == "miss")
            let events = try SeisAPITests.lines(miss.body)
            let metadata = try #require(events.first?["metadata"] as? [String: Any])
            #expect(metadata["total_samples"] as? Int == 4 * 3600)
            // The stored hours are announced at once, so playback need not wait for the rest.
            #expect((metadata["chunks"] as? [[String: Any]])?.map { $0["start"] as? String } == [
                "2025-11-02T00:00:00Z", "2025-11-02T01:00:00Z",
            ])
            let generated = events.filter { $0["event"] as? String == "chunk" }
            #expect(generated.count == 2, "only the missing hours are generated")
            let manifest = try #require(events.last?["manifest"] as? [String: Any])
            #expect((manifest["chunks"] as? [[String: Any]])?.map { $0["start"] as? String } == [
                "2025-11-02T00:00:00Z", "2025-11-02T01:00:00Z", "2025-11-02T02:00:00Z", "2025-11-02T03:00:00Z",
            ])
            let early = try #require(metadata["normalization"] as? [String: Int])
            let final = try #require(manifest["normalization"] as? [String: Int])
            #expect(early == final)
            // The first two hours hold an extreme the generated hours do not reach.
            let generatedMin = generated.compactMap { ($0["chunk"] as? [String: Any])?["min"] as? Int }.min() ?? 0
            let generatedMax = generated.compactMap { ($0["chunk"] as? [String: Any])?["max"] as? Int }.max() ?? 0
            #expect(early["global_min"] != generatedMin || early["global_max"] != generatedMax)
            // Chunk entries carry the gap counts the player marks (03:30 has a 5 s gap).
            let hour3 = (manifest["chunks"] as? [[String: Any]])?.last
            #expect(hour3?["gap_count"] as? Int == 1)
            #expect(hour3?["gap_samples_filled"] as? Int == 5)
            #expect(hour3?["edge_filled_samples"] as? Int == 0)
        }
    }

    @Test func durationReplacesEndAndAloneMeansTheLatest() async throws {
        let harness = try SeisAPITestHarness()
        try await harness.application.test(.router) { client in
            let withStart = try await client.execute(
                uri: "/data?\(Self.long)&start=2025-11-02T00:00:00Z&duration=2h", method: .get)
            #expect(withStart.status == .ok)
            #expect(withStart.headers[HTTPField.Name("X-Data-End")!] == "2025-11-02T02:00:00Z")
            // The pinned clock is 2025-11-05T00:05Z with a 2-minute delay: data ends at 00:00.
            let latest = try await client.execute(uri: "/data?\(Self.long)&duration=6h", method: .get)
            #expect(latest.status == .ok)
            #expect(latest.headers[HTTPField.Name("X-Data-Start")!] == "2025-11-04T18:00:00Z")
            #expect(latest.headers[HTTPField.Name("X-Data-End")!] == "2025-11-05T00:00:00Z")
            for bad in ["5m", "8d", "0h", "1w", "h", "-1h", "99999999999999999999h", "1.5h"] {
                let response = try await client.execute(uri: "/data?\(Self.long)&duration=\(bad)", method: .get)
                #expect(response.status == .badRequest, "\(bad)")
                #expect(try SeisAPITests.json(response.body)["field"] as? String == "duration", "\(bad)")
            }
            let both = try await client.execute(
                uri: "/data?\(Self.long)&start=2025-11-02T00:00:00Z&end=2025-11-02T01:00:00Z&duration=1h", method: .get)
            #expect(try SeisAPITests.json(both.body)["field"] as? String == "duration")
        }
    }

    @Test func stationsListTheConfiguredChannelsAndWhatIsStored() async throws {
        let harness = try SeisAPITestHarness(sampleArchive: true)
        try await harness.application.test(.router) { client in
            let empty = try await client.execute(uri: "/api/stations", method: .get)
            #expect(empty.status == .ok)
            let before = try SeisAPITests.json(empty.body)
            let stations = try #require(before["stations"] as? [[String: Any]])
            // The shipped 15 and the harness's test channel.
            #expect(stations.count == 16)
            #expect(stations.contains { $0["id"] as? String == "HV.LONG..LHZ" })
            #expect(stations.allSatisfy { $0["cached"] is NSNull })
            let volcanoes = try #require(before["volcanoes"] as? [[String: Any]])
            // The observatory's spelling, not the catalog's ASCII one.
            #expect(volcanoes.first { $0["key"] as? String == "kilauea" }?["name"] as? String == "Kīlauea")
            #expect(volcanoes.first { $0["key"] as? String == "maunaloa" }?["name"] as? String == "Mauna Loa")
            // The harness generates misses from an SDS archive: the listing says so, without its folder.
            let source = try #require(before["source"] as? [String: Any])
            #expect(source["kind"] as? String == "sds")
            #expect(source["name"] as? String == "local archive")
            #expect(before["newest_available"] as? String == "2025-11-05T00:00:00Z")
            let uwe = try #require(stations.first { $0["id"] as? String == "HV.UWE..HHZ" })
            #expect(uwe["volcano"] as? String == "kilauea")
            #expect(uwe["sample_rate"] as? Double == 100)
            #expect(uwe["distance_km"] as? Double != nil)

            let backfill = try await client.execute(
                uri: "/api/backfill?wait=true", method: .post,
                headers: [.authorization: "Bearer \(SeisAPITestHarness.token)"],
                body: ByteBuffer(string: #"{"volcano": "kilauea", "start_time": "2025-11-04T22:00:00Z", "duration_hours": 1}"#))
            #expect(backfill.status == .ok)
        }
        // A new service: the holdings are listed again, not served from the 30 s cache.
        let fresh = try SeisAPITestHarness(sampleArchive: true, dataRoot: harness.dataRoot)
        try await fresh.application.test(.router) { client in
            let after = try SeisAPITests.json(try await client.execute(uri: "/api/stations", method: .get).body)
            let stations = try #require(after["stations"] as? [[String: Any]])
            let uwe = try #require(stations.first { $0["id"] as? String == "HV.UWE..HHZ" }?["cached"] as? [String: Any])
            #expect(uwe["days"] as? Int == 1)
            #expect(uwe["first_day"] as? String == "2025-11-04")
            #expect(uwe["last_day"] as? String == "2025-11-04")
            #expect(uwe["chunks"] as? Int == 1)
            #expect(uwe["latest_end"] as? String == "2025-11-04T22:10:00Z")
            #expect(uwe["newest_run_start"] as? String == "2025-11-04T22:00:00Z")
            let alaska = stations.filter { $0["volcano"] as? String == "spurr" }
            #expect(!alaska.isEmpty && alaska.allSatisfy { $0["cached"] is NSNull })
        }
    }

    @Test(arguments: [
        ("fdsn https://service.earthscope.org", "fdsn", "service.earthscope.org"),
        ("fdsn http://127.0.0.1:8080/fdsnws", "fdsn", "127.0.0.1:8080"),
        ("sds /srv/archive", "sds", "local archive"),
    ])
    func sourceIsNamedForWhatItIs(displayName: String, kind: String, name: String) {
        let source = StationListing.Source(displayName: displayName)
        #expect(source.kind == kind)
        #expect(source.name == name)
    }
}
