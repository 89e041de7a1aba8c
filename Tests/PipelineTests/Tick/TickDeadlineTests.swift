import FDSNTestServer
import AsyncHTTPClient
import ChunkStore
import Foundation
import Logging
import NIOCore
import Pipeline
import SeedCore
import TestSupport
import Testing
import FDSN

/// The tick's deadline (`TICK_DEADLINE_SECONDS`): a source that accepts but never answers
/// cannot hold the cron past it, and what was stored before is still recorded.
@Suite struct TickDeadlineTests {
    static let channels = try! StationConfig().select(from: .bundled)
    static let at = UTCTime(iso8601: "2025-11-04T22:12:00Z")!

    @Test func aStalledFDSNServerEndsTheTickByItsDeadline() async throws {
        // The server accepts every request and answers an hour later.
        let server = try await FDSNTestServer.start(.init(fallback: .delay(.hours(1))))
        let fdsn = FDSNClient(
            configuration: FDSNConfiguration(baseURL: server.endpoint, requestDelay: .zero, timeout: .seconds(120)),
            httpClient: .shared)
        let data = try TestSupport.temporaryFolder()
        let tick = Tick(
            channels: Self.channels, source: fdsn, store: FileSystemStore(root: data.path),
            configuration: TickConfiguration(lookBackMinutes: 0, deadline: .seconds(2)),
            logger: Logger.quiet("tick-deadline"))
        let started = ContinuousClock.now
        let summary = await tick.run(at: Self.at)
        let elapsed = ContinuousClock.now - started
        try await server.shutdown()

        #expect(elapsed < .seconds(30), "the tick ran \(elapsed) past a 2 s deadline (without it: 4 attempts × 120 s)")
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
        let data = try TestSupport.temporaryFolder()
        let tick = Tick(
            channels: Self.channels, source: source, store: FileSystemStore(root: data.path),
            configuration: TickConfiguration(lookBackMinutes: 0, deadline: .seconds(2)),
            logger: Logger.quiet("tick-deadline"))
        let started = ContinuousClock.now
        let summary = await tick.run(at: Self.at)
        #expect(ContinuousClock.now - started < .seconds(30))

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
struct StalledStationFacts: WaveformSource {
    var source: any WaveformSource

    var displayName: String { "stalled station facts" }

    func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        try await source.fetch(requests, logger: logger)
    }

    func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] {
        try? await Task.sleep(for: .seconds(3600))
        return [:]
    }
}
