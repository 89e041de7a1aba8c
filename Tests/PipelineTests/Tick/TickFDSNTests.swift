import FDSNTestServer
import AsyncHTTPClient
import ChunkStore
import Foundation
import Logging
import Pipeline
import R2Client
import SeedCore
import TestSupport
import Testing
import WaveformSources

/// The tick against the FDSN test server (ObsPy-written fixtures of the 15 channels around
/// 2025-11-04 22:00–22:10; HV.OBL..HHZ has a 3 s gap, AV.SPCN..BHZ ends at 22:04), on the local
/// store and on the real S3 server.
@Suite(.timeLimit(.minutes(5))) struct TickFDSNTests {
    static let channels = try! StationConfig().select(from: .bundled)
    static let at = UTCTime(iso8601: "2025-11-04T22:12:00Z")!

    func tick(_ server: FDSNTestServer, store: any ObjectStore, retryWindow: Duration = .zero) -> Tick {
        let fdsn = FDSNClient(
            configuration: FDSNConfiguration(
                baseURL: server.endpoint, requestDelay: .zero, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(5),
                timeout: .seconds(60)),
            httpClient: .shared)
        return Tick(
            channels: Self.channels, source: fdsn, store: store,
            // No look-backs: these tests count the requests of the primary window.
            configuration: TickConfiguration(
                lookBackMinutes: 0, maximumCheckpointRebuilds: 0, retryInterval: .milliseconds(1), retryWindow: retryWindow),
            logger: Logger.quiet("tick-fdsn"), clock: ManualClock(passingWaitsBefore: TickConfiguration().deadline))
    }

    @Test func aTickStoresEveryChannelWithObsPysSamplesInOneRequest() async throws {
        let server = try await FDSNTestServer.start()
        let data = try TestSupport.temporaryFolder()
        let summary = await tick(server, store: FileSystemStore(root: data.path)).run(at: Self.at)
        try await server.shutdown()

        let primary = summary.results.filter { $0.role == "primary" }
        #expect(primary.count == 15)
        #expect(primary.filter { $0.status == .stored }.count == 14)
        #expect(primary.first { $0.channel == "AV.SPCN..BHZ" }?.status == .incomplete)
        #expect(primary.first { $0.channel == "HV.OBL..HHZ" }?.gapCount == 1)
        #expect(summary.failedStations == 1)
        let posts = server.requests.filter { $0.method == "POST" }
        #expect(posts.count == 1)
        #expect(posts.first?.requestLines.count == 15)
        #expect(posts.first?.requestLines.first == "HV UWE -- HHZ 2025-11-04T22:00:00 2025-11-04T22:10:00")
        #expect(posts.first?.userAgent?.hasPrefix("seiscache/") == true)

        let check = try TestSupport.run(
            try TestSupport.python(),
            [TestSupport.repository.appendingPathComponent("Tests/ChunkStoreTests/Fixtures/check_store.py").path,
             data.path, FDSNTestServer.fixtures.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("\"chunks\": 14"), "\(check.stdout)")
        // Station facts from the station service land in the day metadata.
        let metadata = try DayMetadata(
            json: Array(try Data(contentsOf: data.appendingPathComponent(
                "data/2025/11/HV/kilauea/UWE/--/HHZ/HV_UWE__HHZ_100Hz_2025-11-04.json"))))
        #expect(metadata.latitude != nil)
    }

    @Test func faultsAreSurvived() async throws {
        let server = try await FDSNTestServer.start(
            .init(faults: [.status(503, retryAfter: 0), .truncate, .status(429, retryAfter: 0)]))
        let summary = await tick(server, store: FileSystemStore(root: try TestSupport.temporaryFolder().path)).run(at: Self.at)
        try await server.shutdown()
        #expect(summary.results.filter { $0.role == "primary" && $0.status == .stored }.count == 14)
    }

    @Test func incompleteChannelsAreRetriedThenReported() async throws {
        let server = try await FDSNTestServer.start()
        let summary = await tick(server, store: FileSystemStore(root: try TestSupport.temporaryFolder().path), retryWindow: .seconds(600))
            .run(at: Self.at)
        try await server.shutdown()
        let spcn = try #require(summary.results.first { $0.channel == "AV.SPCN..BHZ" })
        #expect(spcn.status == .incomplete)
        #expect(spcn.attempts == 5)  // the first pass and the seed's 4 retries
        #expect(summary.retryPasses == spcn.attempts - 1)
        // Retry passes ask only for the incomplete channel.
        // (Closures kept out of #expect: Swift 6.3.1 can mix up closures inside the macro.)
        let retryPosts = server.requests.filter { $0.method == "POST" }.dropFirst()
        let retriedLines = retryPosts.map { $0.requestLines.count }
        #expect(!retriedLines.isEmpty)
        #expect(Set(retriedLines) == [1])
        #expect(!summary.success)
    }

    @Test func theS3StoreGetsTheSameChunksAsTheLocalStore() async throws {
        let server = try await FDSNTestServer.start()
        let local = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        let s3 = S3ObjectStore(client: try await S3TestBucket.client())
        _ = await tick(server, store: local).run(at: Self.at)
        let summary = await tick(server, store: s3).run(at: Self.at)
        try await server.shutdown()
        #expect(summary.results.filter { $0.status == .stored }.count == 14)
        for object in try await local.listAll(prefix: "data/").objects where object.key.hasSuffix(".zst") {
            let remote = try await s3.get(object.key)
            #expect(remote.body == (try await local.get(object.key)).body, "\(object.key)")
        }
        let again = await tick(server, store: s3).run(at: Self.at)
        #expect(again.metadataFilesWritten == 0)
    }
}
