import FDSNTestServer
import AsyncHTTPClient
import ChunkStore
import Foundation
import Logging
import NIOCore
import Pipeline
import SeedCore
import TestSupport
import Synchronization
import Testing
import WaveformSources

/// The tick's deadline (`TICK_DEADLINE_SECONDS`): a source that accepts but never answers
/// cannot hold the cron past it, and what was stored before is still recorded. On a manual
/// clock: the deadline comes when the test advances it, once the stall is observed, so the
/// tests assert what happens in which order, not how fast a loaded machine gets there.
@Suite(.timeLimit(.minutes(2))) struct TickDeadlineTests {
    static let channels = try! StationConfig().select(from: .bundled)
    static let at = UTCTime(iso8601: "2025-11-04T22:12:00Z")!

    @Test func aStalledFDSNServerEndsTheTickByItsDeadline() async throws {
        // The server accepts every request and answers an hour later.
        let server = try await FDSNTestServer.start(.init(fallback: .delay(.hours(1))))
        let clock = ManualClock()
        let fdsn = FDSNClient(
            configuration: FDSNConfiguration(baseURL: server.endpoint, requestDelay: .zero, timeout: .seconds(120)),
            httpClient: .shared)
        let data = try TestSupport.temporaryFolder()
        let tick = Tick(
            channels: Self.channels, source: fdsn, store: FileSystemStore(root: data.path),
            configuration: TickConfiguration(lookBackMinutes: 0, deadline: .seconds(2)),
            logger: Logger.quiet("tick-deadline"), clock: clock)
        async let ran = tick.run(at: Self.at)
        // The request has reached the server (which answers in an hour); then the deadline comes.
        try await waitUntil("the stalled request") { server.requests.count == 1 }
        clock.advance(by: .seconds(2))
        let summary = await ran
        try await server.shutdown()

        #expect(summary.deadlineReached)
        #expect(!summary.success)
        let primary = summary.results.filter { $0.role == "primary" }
        #expect(primary.count == 15)
        #expect(primary.allSatisfy { $0.status == .failed && $0.error?.contains("TICK_DEADLINE_SECONDS") == true })
        #expect(server.requests.count == 1, "no retry is started after the deadline")
    }

    @Test func whatWasStoredBeforeTheDeadlineIsStillRecorded() async throws {
        // The waveforms come at once (the shipped SDS sample); the station service stalls.
        let source = StalledStationFacts(
            source: SDSArchive(root: TestSupport.repository.appendingPathComponent("Samples/sds").path))
        let clock = ManualClock()
        let data = try TestSupport.temporaryFolder()
        let tick = Tick(
            channels: Self.channels, source: source, store: FileSystemStore(root: data.path),
            configuration: TickConfiguration(lookBackMinutes: 0, deadline: .seconds(2)),
            logger: Logger.quiet("tick-deadline"), clock: clock)
        async let ran = tick.run(at: Self.at)
        // The waveforms are stored and the station facts are asked for; then the deadline comes.
        try await waitUntil("the station facts request") { source.stationFactsAsked }
        clock.advance(by: .seconds(2))
        let summary = await ran

        let stored = summary.results.filter { $0.status == .stored }
        #expect(stored.count == 15)
        #expect(summary.metadataFilesWritten == 15, "the chunks are recorded without the station facts")
        let metadata = try DayMetadata(
            json: Array(try Data(contentsOf: data.appendingPathComponent(
                "data/2025/11/HV/kilauea/UWE/--/HHZ/HV_UWE__HHZ_100Hz_2025-11-04.json"))))
        #expect(metadata.entries(.tenMinutes).count == 1)
    }

    @Test func theDeadlineAndReadTimeoutComeFromTheEnvironment() throws {
        let settings = try PipelineSettings.reading(["TICK_DEADLINE_SECONDS": "90", "FDSN_READ_TIMEOUT_SECONDS": "7"])
        #expect(settings.tick.deadline == .seconds(90))
        #expect(settings.readTimeout == .seconds(7))
        #expect(settings.httpClientConfiguration.timeout.read == .seconds(7))
        #expect(TickConfiguration().deadline == .seconds(240))
        for bad in ["0", "600", "NaN", "inf", "1e300", "-5", "soon"] {
            #expect(throws: FieldError.self) {
                try PipelineSettings.reading(["TICK_DEADLINE_SECONDS": bad])
            }
        }
    }
}

/// A source whose waveforms answer at once but whose station service never answers.
final class StalledStationFacts: WaveformSource {
    let source: any WaveformSource
    private let asked = Mutex(false)

    init(source: any WaveformSource) { self.source = source }

    var displayName: String { "stalled station facts" }
    /// Whether the station facts were asked for (the tick is then waiting on them).
    var stationFactsAsked: Bool { asked.withLock { $0 } }

    func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        try await source.fetch(requests, logger: logger)
    }

    func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] {
        asked.withLock { $0 = true }
        try? await Task.sleep(for: .seconds(3600))
        return [:]
    }
}
