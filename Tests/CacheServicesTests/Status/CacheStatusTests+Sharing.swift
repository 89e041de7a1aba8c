import ChunkStore
import CacheServices
import Pipeline
import SeedCore
import Testing

extension CacheStatusTests {
    /// 64 identical cold requests at once walk the store once: the others wait for that walk.
    @Test func concurrentIdenticalColdRequestsComputeOnce() async throws {
        let (local, _) = try await Self.makeStore()
        let query = CacheStatusQuery(scope: .all)
        // What one computation costs.
        let alone = StatusCountingStore(wrapping: local)
        let expected = try await Self.service(alone).report(for: query, now: Self.now)

        let store = StatusCountingStore(wrapping: local)
        let service = Self.service(store)
        let reports = try await withThrowingTaskGroup(of: CacheStatusReport.self) { group in
            for _ in 0..<64 {
                group.addTask { try await service.report(for: query, now: Self.now) }
            }
            var reports: [CacheStatusReport] = []
            for try await report in group { reports.append(report) }
            return reports
        }
        #expect(reports.count == 64)
        #expect(reports.allSatisfy { $0 == expected })
        #expect(store.listings.count == alone.listings.count)
        // One read per day-metadata file, as for a single request.
        #expect(store.reads.count == 5)
        // Then the 30 s cache answers without the store.
        _ = try await service.report(for: query, now: Self.now.adding(seconds: 10))
        #expect(store.listings.count == alone.listings.count)
    }

    /// The API's own objects (backfill job records, the health probe) live outside `data/`:
    /// the walks never list them and the counts do not change.
    @Test func jobRecordsAndHealthProbesAreNotCounted() async throws {
        let (local, _) = try await Self.makeStore()
        let before = try await Self.service(local).report(for: .init(scope: .all), now: Self.now)
        try await local.put("jobs/backfill/0f0e0d0c-0000-4000-8000-000000000000.json", body: Array("{}".utf8))
        try await local.put("health/probe-test", body: [1])
        let store = StatusCountingStore(wrapping: local)
        let after = try await Self.service(store).report(for: .init(scope: .all), now: Self.now)
        #expect(after == before)
        #expect(store.listings.allSatisfy { $0.prefix.hasPrefix("data/") })
        #expect(store.reads.allSatisfy { $0.hasPrefix("data/") })
    }
}
