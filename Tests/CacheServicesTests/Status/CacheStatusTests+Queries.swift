import ChunkStore
import Foundation
import Logging
import CacheServices
import Pipeline
import SeedCore
import TestSupport
import Testing

/// Query parsing, the report cache and what each scope lists (``CacheStatusTests``' store).
extension CacheStatusTests {
    // MARK: - Parsing

    @Test(arguments: [
        (["scope": "everything"], "scope"),
        (["scope": "station", "network": "HV", "channel": "HHZ"], "station"),
        (["scope": "station", "network": "H V", "station": "UWE", "channel": "HHZ"], "network"),
        (["scope": "station", "network": "HV", "station": "UWE", "channel": "HH"], "channel"),
        (["scope": "station", "network": "HV", "station": "UWE", "channel": "HHZ", "location": "ABC"], "location"),
        (["scope": "station", "network": "HV", "station": "UWE", "channel": "HHZ", "volcano": "Kilauea"], "volcano"),
        (["scope": "volcano"], "volcano"),
        (["scope": "volcano", "volcano": "../etc"], "volcano"),
        (["scope": "location"], "location"),
        (["scope": "location", "location": "iceland"], "location"),
    ])
    func badQueriesNameTheField(_ parameters: [String: String], field: String) {
        do {
            let query = try CacheStatusQuery.parse(parameters, catalog: .bundled)
            Issue.record("accepted \(parameters) as \(query)")
        } catch {
            #expect(error.field == field)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func queriesKeepOnlyWhatTheirScopeUses() throws {
        let all = try CacheStatusQuery.parse([:], catalog: .bundled)
        #expect(all == CacheStatusQuery(scope: .all))
        let ignoring = try CacheStatusQuery.parse(["scope": "all", "network": "HV", "volcano": "x"], catalog: .bundled)
        #expect(ignoring == CacheStatusQuery(scope: .all))
        let region = try CacheStatusQuery.parse(["scope": "location", "location": "Alaska"], catalog: .bundled)
        #expect(region == CacheStatusQuery(scope: .location, region: "alaska"))
        let station = try CacheStatusQuery.parse(
            ["scope": "station", "network": "AV", "station": "SPCP", "channel": "BHZ", "location": ""], catalog: .bundled)
        #expect(station == CacheStatusQuery(scope: .station, network: "AV", station: "SPCP", channel: "BHZ", locationCode: ""))
        let volcano = try CacheStatusQuery.parse(["scope": "volcano", "volcano": "spurr"], catalog: .bundled)
        #expect(volcano == CacheStatusQuery(scope: .volcano, volcano: "spurr"))
    }

    // MARK: - Cost and caching

    @Test func reportsAreCachedForTheTTLThenSeeNewChunks() async throws {
        let (local, _) = try await Self.makeStore()
        let store = StatusCountingStore(wrapping: local)
        let service = Self.service(store, ttl: .seconds(30))
        let query = CacheStatusQuery(scope: .all)

        let first = try await service.report(for: query, now: Self.now)
        let listingsAfterFirst = store.listings.count
        let readsAfterFirst = store.reads.count
        #expect(listingsAfterFirst > 0)
        // One read per day-metadata file: UWE 2, UWE.01 1, SPCP 2.
        #expect(readsAfterFirst == 5)

        let second = try await service.report(for: query, now: Self.now.adding(seconds: 29))
        #expect(second == first)
        #expect(store.listings.count == listingsAfterFirst)
        #expect(store.reads.count == readsAfterFirst)

        try await Self.write(local, Self.uwe, volcano: "kilauea", rate: 10, kind: .tenMinutes, starts: [Self.at("2025-11-01T00:30:00Z")])
        let third = try await service.report(for: query, now: Self.now.adding(seconds: 30))
        #expect(store.listings.count > listingsAfterFirst)
        // Only the changed day file is read again.
        let reread = Array(store.reads.dropFirst(readsAfterFirst))
        #expect(reread == ["data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_10Hz_2025-11-01.json"])
        guard case .all(let updated) = third else {
            Issue.record("not an all report")
            return
        }
        #expect(updated.summary.totalChunks[.tenMinutes] == 152)
        #expect(updated.generatedAt == "2025-11-01T01:15:30Z")
    }

    @Test func differentQueriesAreCachedApart() async throws {
        let (local, _) = try await Self.makeStore()
        let store = StatusCountingStore(wrapping: local)
        let service = Self.service(store)
        _ = try await service.report(for: .init(scope: .volcano, volcano: "kilauea"), now: Self.now)
        let afterKilauea = store.listings.count
        _ = try await service.report(for: .init(scope: .volcano, volcano: "spurr"), now: Self.now)
        #expect(store.listings.count > afterKilauea)
        // The day files read for kilauea are not read again for an all report.
        let readsBefore = store.reads.count
        _ = try await service.report(for: .init(scope: .all), now: Self.now)
        let reread = store.reads.count - readsBefore
        #expect(reread == 0)
    }

    @Test func stationQueriesListOnlyTheStationsFolders() async throws {
        let (local, _) = try await Self.makeStore()
        let store = StatusCountingStore(wrapping: local)
        let query = CacheStatusQuery(scope: .station, network: "HV", station: "UWE", channel: "HHZ")
        _ = try await Self.service(store).report(for: query, now: Self.now)
        let recursive = store.listings.filter { $0.delimiter == nil }.map(\.prefix).sorted()
        #expect(recursive == ["data/2025/10/HV/kilauea/UWE/", "data/2025/11/HV/kilauea/UWE/"])
        // Delimiter listings stop at the volcano level: data/, years, months, the network's volcanoes.
        let walked = store.listings.filter { $0.delimiter == "/" }.map(\.prefix).sorted()
        #expect(walked == ["data/", "data/2025/", "data/2025/10/HV/", "data/2025/11/HV/"])
    }

    @Test func volcanoAndLocationQueriesNeverListTheWholeBucket() async throws {
        let (local, _) = try await Self.makeStore()
        let store = StatusCountingStore(wrapping: local)
        let service = Self.service(store)
        _ = try await service.report(for: .init(scope: .volcano, volcano: "spurr"), now: Self.now)
        _ = try await service.report(for: .init(scope: .location, region: "alaska"), now: Self.now)
        _ = try await service.report(for: .init(scope: .all), now: Self.now)
        let recursive = Set(store.listings.filter { $0.delimiter == nil }.map(\.prefix))
        // Every recursive listing is one volcano folder: data/YYYY/MM/NET/volcano/.
        let shallow = recursive.filter { $0.split(separator: "/").count < 5 }
        #expect(shallow.isEmpty)
        #expect(recursive.contains("data/2025/10/AV/spurr/"))
        #expect(recursive.contains("data/2025/11/HV/kilauea/"))
    }
}
