import AsyncHTTPClient
import ChunkStore
import WaveformSources
import FDSNTestServer
import Foundation
import Logging
import Pipeline
import SeedCore
import TestSupport
import Testing

/// A station outage costs one retry (issue 23): a window the source answered "no data" for on
/// the first pass and on one retry is not fetched again in that tick, while incomplete data
/// keeps the seed's 30 s / 2 min schedule. Counted at the FDSN test server (the channel-window
/// lines of each bulk POST), on a virtual clock.
@Suite(.timeLimit(.minutes(5))) struct TickOutageTests {
    static let at = UTCTime(iso8601: "2025-11-04T22:12:00Z")!
    /// A channel the test server has no record of: every request for it is "no data".
    static let silent = SelectedChannel(
        volcano: "kilauea",
        region: "hawaii",
        sourceID: SourceID(network: "HV", station: "QUIET", location: "", channel: "HHZ"),
        dataType: .seismic,
        distanceKm: 1,
        sampleRate: 100
    )

    @Test func aChannelWithoutDataIsRetriedOnceWhileAnIncompleteOneKeepsItsSchedule() async throws {
        let channels = try StationConfig().select(from: .bundled) + [Self.silent]
        let (summary, server, source) = try await tick(channels: channels, fixtures: [FDSNTestServer.fixtures])
        // Lines per POST: every channel, then the silent one and the incomplete AV.SPCN..BHZ, then
        // AV.SPCN..BHZ alone on the three later retries.
        #expect(server.dataselectLines.map(\.count) == [16, 2, 1, 1, 1])
        #expect(source.fetchStarts == [.zero, .seconds(30), .seconds(60), .seconds(90), .seconds(120)])
        let quiet = try #require(summary.results.first { $0.channel == "HV.QUIET..HHZ" })
        #expect(quiet.status == .noData)
        #expect(quiet.attempts == 2)
        #expect(quiet.noDataGivenUp == true)
        let spcn = try #require(summary.results.first { $0.channel == "AV.SPCN..BHZ" && $0.role == "primary" })
        #expect(spcn.status == .incomplete)
        #expect(spcn.attempts == 5)
        #expect(spcn.noDataGivenUp == nil)
        #expect(summary.noDataGivenUp == 1)
        #expect(summary.retryPasses == 4)
        #expect(!summary.success)
    }

    @Test func aWholeOutageEndsAfterOneRetry() async throws {
        // The day fixtures hold only 1 Hz LHZ channels: the 15 configured channels have no data.
        let channels = try StationConfig().select(from: .bundled)
        let (summary, server, source) = try await tick(channels: channels, fixtures: [FDSNTestServer.dayFixtures])
        #expect(server.dataselectLines.map(\.count) == [15, 15])
        #expect(source.fetchStarts == [.zero, .seconds(30)], "one retry, not two minutes")
        #expect(summary.retryPasses == 1)
        #expect(summary.noDataGivenUp == 15)
        #expect(summary.results.filter { $0.role == "primary" }.allSatisfy { $0.noDataGivenUp == true && $0.attempts == 2 })
        let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        #expect(json.contains("\"no_data_given_up\":15"))
    }

    @Test func noDataAfterAFailedFetchIsNotAnOutageYet() async throws {
        // The first POST answers 503 (the client makes one attempt, so the tick retries it): the
        // first "no data" comes on the first retry, so the window gets a second retry.
        let (summary, server, _) = try await tick(
            channels: [Self.silent],
            fixtures: [FDSNTestServer.fixtures],
            faults: [.status(503, body: "busy")]
        )
        let quiet = try #require(summary.results.first)
        #expect(server.dataselectLines.count == 3, "failed, no data, no data")
        #expect(quiet.status == .noData)
        #expect(quiet.noDataGivenUp == true)
    }

    /// A tick on the FDSN test server whose fetches take no virtual time; retries wait on a virtual clock.
    func tick(
        channels: [SelectedChannel],
        fixtures: [URL],
        faults: [FDSNTestServer.Fault] = []
    ) async throws
        -> (TickSummary, FDSNTestServer, ClockedSource)
    {
        let server = try await FDSNTestServer.start(.init(faults: faults, fixtureFolders: fixtures))
        let fdsn = FDSNClient(
            configuration: FDSNConfiguration(
                baseURL: server.endpoint,
                requestDelay: .zero,
                maximumAttempts: 1,
                timeout: .seconds(60)
            ),
            httpClient: .shared
        )
        let configuration = TickConfiguration(lookBackMinutes: 0, maximumCheckpointRebuilds: 0)
        let clock = ManualClock(passingWaitsBefore: configuration.deadline)
        let source = ClockedSource(wrapping: fdsn, clock: clock, fetchTime: .zero)
        let tick = Tick(
            channels: channels,
            source: source,
            store: FileSystemStore(root: try TestSupport.temporaryFolder().path),
            configuration: configuration,
            logger: Logger.quiet("tick-outage"),
            clock: clock
        )
        let summary = await tick.run(at: Self.at)
        try await server.shutdown()
        return (summary, server, source)
    }
}

extension FDSNTestServer {
    /// The channel-window lines of each dataselect request, in arrival order.
    var dataselectLines: [[String]] {
        requests.filter { $0.path.hasSuffix("/dataselect/1/query") }.map(\.requestLines)
    }
}
