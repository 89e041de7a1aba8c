import FDSNTestServer
import AsyncHTTPClient
import ChunkStore
import WaveformSources
import Foundation
import Logging
import Pipeline
import SeedCore
import TestSupport
import Testing

/// The retry passes over incomplete channels (the seed's state machine: `max_retries = 4`,
/// 30 s apart) with the default settings, on a virtual clock: the schedule is checked without
/// waiting two minutes. The FDSN test server's AV.SPCN..BHZ ends at 22:04, so its 22:00–22:10
/// window stays incomplete however often it is fetched.
@Suite(.timeLimit(.minutes(5))) struct TickRetryTests {
    static let channels = try! StationConfig().select(from: .bundled)
    static let at = UTCTime(iso8601: "2025-11-04T22:12:00Z")!

    @Test func theDefaultScheduleIsTheSeedsFourRetriesThirtySecondsApart() {
        #expect(TickConfiguration().retrySchedule == [.seconds(30), .seconds(60), .seconds(90), .seconds(120)])
        #expect(TickConfiguration(retryInterval: .seconds(40)).retrySchedule == [.seconds(40), .seconds(80), .seconds(120)])
        #expect(TickConfiguration(maximumRetryPasses: 1).retrySchedule == [.seconds(30)])
        #expect(TickConfiguration(retryWindow: .zero).retrySchedule.isEmpty)
    }

    @Test func withDefaultSettingsAnIncompleteChannelGetsFourRetriesEvenWhenFetchesTakeTime() async throws {
        let (summary, source) = try await slowTick(configuration: TickConfiguration(lookBackMinutes: 0, maximumCheckpointRebuilds: 0))
        let spcn = try #require(summary.results.first { $0.channel == "AV.SPCN..BHZ" && $0.role == "primary" })
        #expect(spcn.status == .incomplete)
        #expect(spcn.attempts == 5, "the first pass and 4 retries")
        #expect(summary.retryPasses == 4)
        // Every fetch takes 10 s: the first pass ends at 10 s, the retries start 30, 60, 90 and
        // 120 s after it (counted from the tick's start, the fourth would not fit in 120 s).
        #expect(source.fetchStarts == [.zero, .seconds(40), .seconds(70), .seconds(100), .seconds(130)])
        #expect(!summary.deadlineReached)
    }

    @Test func noRetryStartsAtOrAfterTheTickDeadline() async throws {
        let (summary, source) = try await slowTick(
            configuration: TickConfiguration(lookBackMinutes: 0, maximumCheckpointRebuilds: 0, deadline: .seconds(120))
        )
        // Retries due at 40, 70, 100 s start; the one due at 130 s would be past the deadline.
        #expect(source.fetchStarts == [.zero, .seconds(40), .seconds(70), .seconds(100)])
        #expect(summary.retryPasses == 3)
    }

    /// A tick on the FDSN test server whose fetches take 10 s each on a virtual clock.
    func slowTick(configuration: TickConfiguration) async throws -> (TickSummary, ClockedSource) {
        let server = try await FDSNTestServer.start()
        let fdsn = FDSNClient(
            configuration: FDSNConfiguration(baseURL: server.endpoint, requestDelay: .zero, timeout: .seconds(60)),
            httpClient: .shared
        )
        // Retry waits pass at once; the deadline comes only if a fetch reaches it.
        let clock = ManualClock(passingWaitsBefore: configuration.deadline)
        let source = ClockedSource(wrapping: fdsn, clock: clock, fetchTime: .seconds(10))
        let tick = Tick(
            channels: Self.channels,
            source: source,
            store: FileSystemStore(root: try TestSupport.temporaryFolder().path),
            configuration: configuration,
            logger: Logger.quiet("tick-retry"),
            clock: clock
        )
        let summary = await tick.run(at: Self.at)
        try await server.shutdown()
        return (summary, source)
    }
}
