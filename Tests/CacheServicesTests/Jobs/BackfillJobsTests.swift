import ChunkStore
import WaveformSources
import Foundation
import Logging
import Pipeline
import SeedCore
import Synchronization
import TestSupport
import Testing

@testable import CacheServices

/// ``BackfillJobs`` on injected time: a running job's record is written every persist
/// interval of a ``ManualClock`` (dated by the injected `now`), and a job cancelled before it
/// ended is recorded `interrupted` with the note on how to resume it.
@Suite struct BackfillJobsTests {
    /// A source whose fetches answer only when cancelled (an FDSN server that hangs).
    final class HangingSource: WaveformSource {
        var displayName: String { "hanging" }

        func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
            let never = AsyncStream<Void> { _ in }
            for await _ in never {}
            throw WaveformSourceError(code: .transient, message: "cancelled")
        }

        func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] { [:] }
    }

    static func time(_ text: String) -> UTCTime { UTCTime(iso8601: text) ?? UTCTime(seconds: 0) }

    static func record(_ id: String, in store: any ObjectStore) async throws -> BackfillJobs.Job {
        try JSONDecoder().decode(BackfillJobs.Job.self, from: Data(try await store.get(BackfillJobStore.key(of: id)).body))
    }

    @Test(.timeLimit(.minutes(1)))
    func aRunningJobIsWrittenEveryIntervalAndACancelledOneIsInterrupted() async throws {
        let clock = ManualClock()
        let now = Mutex(Self.time("2025-11-05T00:00:00Z"))
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        let logger = Logger.quiet("jobs")
        let jobs = BackfillJobs(
            store: store,
            instance: "test",
            persistInterval: .seconds(10),
            logger: logger,
            now: { now.withLock { $0 } },
            clock: clock
        )
        let channel = SelectedChannel(
            volcano: "kilauea",
            region: "hawaii",
            sourceID: SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ"),
            dataType: .seismic,
            distanceKm: nil,
            sampleRate: 100
        )
        let request = try BackfillRequest(
            channels: [channel],
            start: Self.time("2025-11-04T12:00:00Z"),
            hours: 1,
            force: false,
            now: Self.time("2025-11-05T00:00:00Z")
        )
        let job = await jobs.add(request)
        #expect(try await Self.record(job.id, in: store).status == "queued")

        let backfill = Backfill(source: HangingSource(), store: store, logger: logger)
        let running = Task { await jobs.run(job.id, request: request, backfill: backfill) }
        // The periodic write is the one sleeper on the clock.
        try await clock.waitForSleepers(1)
        let started = try await Self.record(job.id, in: store)
        #expect(started.status == "running")
        #expect(started.updatedAt == "2025-11-05T00:00:00Z")

        now.withLock { $0 = Self.time("2025-11-05T00:00:10Z") }
        clock.advance(by: .seconds(9))
        #expect(try await Self.record(job.id, in: store).updatedAt == "2025-11-05T00:00:00Z", "not written before the interval")
        clock.advance(by: .seconds(1))
        // Written, then asleep for the next interval.
        try await clock.waitForSleepers(1)
        #expect(try await Self.record(job.id, in: store).updatedAt == "2025-11-05T00:00:10Z")

        running.cancel()
        await running.value
        let ended = try await Self.record(job.id, in: store)
        #expect(ended.status == "interrupted")
        #expect(ended.note == BackfillJobs.interruptedNote)
        #expect(ended.finishedAt == "2025-11-05T00:00:10Z")
    }
}
