import FDSNTestServer
import AsyncHTTPClient
import ChunkStore
import WaveformSources
import Foundation
import Logging
import NIOCore
import Pipeline
import SeedCore
import TestSupport
import Testing

/// Each tick re-checks the `6h` checkpoints of the last 24 hours against the day metadata and
/// rebuilds the missing ones, a bounded number per tick, on the tick's one 6 h POST. On the
/// FDSN test server with `Fixtures/fdsn-day` (ObsPy-written: HV.UWE..LHZ and HV.OBL..LHZ at
/// 1 Hz, 2025-11-03 12:00 to 2025-11-04 12:00, OBL with a 20 s gap at 08:00).
@Suite(.timeLimit(.minutes(5))) struct CheckpointAuditTests {
    static let channels = try! StationConfig(
        volcanoes: ["kilauea"],
        stationsPerVolcano: 0,
        include: [
            .init(volcano: "kilauea", channel: "HV.UWE..LHZ", sampleRate: 1),
            .init(volcano: "kilauea", channel: "HV.OBL..LHZ", sampleRate: 1),
        ]
    ).select(from: .bundled)

    static func at(_ text: String) -> UTCTime { UTCTime(iso8601: text)! }

    func tick(
        _ server: FDSNTestServer, store: any ObjectStore, rebuilds: Int = 6, deadline: Duration = .seconds(240),
        clock: ManualClock? = nil
    ) -> Tick {
        let fdsn = FDSNClient(
            configuration: FDSNConfiguration(baseURL: server.endpoint, requestDelay: .zero, timeout: .seconds(60)),
            httpClient: .shared
        )
        return Tick(
            channels: Self.channels,
            source: fdsn,
            store: store,
            configuration: TickConfiguration(
                lookBackMinutes: 0,
                maximumCheckpointRebuilds: rebuilds,
                retryWindow: .zero,
                deadline: deadline
            ),
            logger: Logger.quiet("checkpoint-audit"),
            clock: clock ?? ManualClock(passingWaitsBefore: deadline)
        )
    }

    static func startServer(faults: [FDSNTestServer.Fault] = []) async throws -> FDSNTestServer {
        try await FDSNTestServer.start(.init(faults: faults, fixtureFolders: [FDSNTestServer.fixtures, FDSNTestServer.dayFixtures]))
    }

    /// The 6 h POSTs among the server's requests since `index`, as their request lines.
    static func sixHourLines(_ server: FDSNTestServer, from index: Int = 0) -> [[String]] {
        server.requests.dropFirst(index).filter { $0.method == "POST" }.map(\.requestLines).filter { lines in
            lines.contains { line in
                let fields = line.split(separator: " ")
                guard fields.count == 6, let start = UTCTime(iso8601: String(fields[4])),
                    let end = UTCTime(iso8601: String(fields[5]))
                else { return false }
                return end.secondsFloor - start.secondsFloor >= 21_600
            }
        }
    }

    static func sixHourStarts(_ store: any ObjectStore, channel: String, day: String) async throws -> [String] {
        let key = "data/2025/11/HV/kilauea/\(channel)//LHZ/HV_\(channel)__LHZ_1Hz_\(day).json"
        guard let stored = try await store.getIfPresent(key) else { return [] }
        return try DayMetadata(json: stored.body).entries(.sixHours).map(\.start)
    }

    @Test func aTickWhoseDayMetadataLacksThe06To12CheckpointRebuildsItOnTheSixHourPost() async throws {
        let server = try await Self.startServer()
        let data = try TestSupport.temporaryFolder()
        let store = FileSystemStore(root: data.path)
        // The 06:12 tick stores 00–06 and the earlier checkpoints; the 12:02 and 12:12 ticks never ran.
        _ = await tick(server, store: store).run(at: Self.at("2025-11-04T06:12:00Z"))
        #expect(try await Self.sixHourStarts(store, channel: "UWE", day: "2025-11-04") == ["00:00:00"])
        let before = server.requests.count

        let summary = await tick(server, store: store).run(at: Self.at("2025-11-04T14:12:00Z"))
        let posts = server.requests.dropFirst(before).filter { $0.method == "POST" }
        try await server.shutdown()

        #expect(summary.checkpointsRebuilt == 2)
        #expect(summary.checkpointsDeferred == 0)
        let rebuilt = summary.results.filter { $0.role == "checkpoint_rebuild" }
        // (Closures kept out of #expect: Swift 6.3.1 can mix up closures inside the macro.)
        let described = rebuilt.map { "\($0.channel) \($0.start) \($0.status.rawValue)" }
        #expect(described == ["HV.UWE..LHZ 2025-11-04T06:00:00Z stored", "HV.OBL..LHZ 2025-11-04T06:00:00Z stored"])
        let oblGaps = rebuilt.first { $0.channel == "HV.OBL..LHZ" }?.gapCount
        #expect(oblGaps == 1)
        // One POST per window length: the 10-minute window, and the 6 h POST naming only the missing checkpoint.
        #expect(posts.count == 2)
        #expect(
            Self.sixHourLines(server, from: before) == [
                [
                    "HV UWE -- LHZ 2025-11-04T06:00:00 2025-11-04T12:00:00", "HV OBL -- LHZ 2025-11-04T06:00:00 2025-11-04T12:00:00",
                ]
            ]
        )
        #expect(try await Self.sixHourStarts(store, channel: "UWE", day: "2025-11-04") == ["00:00:00", "06:00:00"])
        #expect(try await Self.sixHourStarts(store, channel: "OBL", day: "2025-11-04") == ["00:00:00", "06:00:00"])
        // Rebuilt checkpoints do not decide the tick's success (the primary 14:00 window has no data here).
        let primaryStatuses = Set(summary.results.filter { $0.role == "primary" }.map(\.status))
        #expect(primaryStatuses == [.noData])
        try Self.expectObsPysSamples(data)
    }

    @Test func aPresentCheckpointIsNotFetchedAgain() async throws {
        let server = try await Self.startServer()
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        _ = await tick(server, store: store, rebuilds: 8).run(at: Self.at("2025-11-04T14:12:00Z"))
        #expect(try await Self.sixHourStarts(store, channel: "OBL", day: "2025-11-03") == ["12:00:00", "18:00:00"])
        #expect(try await Self.sixHourStarts(store, channel: "OBL", day: "2025-11-04") == ["00:00:00", "06:00:00"])
        let before = server.requests.count

        let again = await tick(server, store: store, rebuilds: 8).run(at: Self.at("2025-11-04T14:22:00Z"))
        try await server.shutdown()
        #expect(Self.sixHourLines(server, from: before).isEmpty)
        let rebuiltAgain = again.results.filter { $0.role == "checkpoint_rebuild" }
        #expect(rebuiltAgain.isEmpty)
        #expect(again.checkpointsRebuilt == 0)
        #expect(again.metadataFilesWritten == 0)
    }

    @Test func theRebuildsPerTickAreBoundedAndTheFollowingTicksTakeTheRest() async throws {
        let server = try await Self.startServer()
        let data = try TestSupport.temporaryFolder()
        let store = FileSystemStore(root: data.path)
        // 2 channels × 4 checkpoints (12–18, 18–24 of 11-03; 00–06, 06–12 of 11-04) missing, 3 per tick.
        var rebuilt: [Int] = []
        var deferred: [Int] = []
        for at in ["14:12", "14:22", "14:32", "14:42"] {
            let before = server.requests.count
            let summary = await tick(server, store: store, rebuilds: 3).run(at: Self.at("2025-11-04T\(at):00Z"))
            rebuilt.append(summary.checkpointsRebuilt)
            deferred.append(summary.checkpointsDeferred)
            let fetched = summary.results.filter { $0.role == "checkpoint_rebuild" }
            #expect(fetched.count <= 3)
            #expect(Self.sixHourLines(server, from: before).count <= 1, "one 6 h POST per tick at most")
        }
        try await server.shutdown()
        #expect(rebuilt == [3, 3, 2, 0])
        #expect(deferred == [5, 2, 0, 0])
        for channel in ["UWE", "OBL"] {
            #expect(try await Self.sixHourStarts(store, channel: channel, day: "2025-11-03") == ["12:00:00", "18:00:00"])
            #expect(try await Self.sixHourStarts(store, channel: channel, day: "2025-11-04") == ["00:00:00", "06:00:00"])
        }
        try Self.expectObsPysSamples(data)
    }

    @Test(.timeLimit(.minutes(2)))
    func aStalledRebuildEndsAtTheTickDeadlineAfterThePrimaryWindowIsStored() async throws {
        // The 10-minute POST is answered; the 6 h POST (due checkpoint + rebuilds) stalls for an hour.
        let server = try await Self.startServer(faults: [.serve, .delay(.hours(1))])
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        // On a manual clock the deadline comes when the test says: once the 6 h POST (the
        // second) has reached the server, however long the 10-minute window took on a loaded machine.
        let clock = ManualClock()
        let tick = tick(server, store: store, deadline: .seconds(30), clock: clock)
        async let ran = tick.run(at: Self.at("2025-11-04T06:12:00Z"))
        try await waitUntil("the 6 h POST") { server.requests.filter { $0.method == "POST" }.count == 2 }
        clock.advance(by: .seconds(30))
        let summary = await ran
        try await server.shutdown()
        #expect(summary.deadlineReached)
        let primary = Set(summary.results.filter { $0.role == "primary" }.map(\.status))
        #expect(primary == [.stored], "the 10-minute window is fetched first and stored")
        let sixHours = summary.results.filter { $0.kind == "6h" }
        let cutOff = sixHours.filter { $0.status == .failed && $0.error?.contains("TICK_DEADLINE_SECONDS") == true }
        #expect(!sixHours.isEmpty)
        #expect(cutOff.count == sixHours.count)
        #expect(summary.checkpointsRebuilt == 0)
        #expect(try await Self.sixHourStarts(store, channel: "UWE", day: "2025-11-04").isEmpty)
    }

    @Test func theAuditCoversTheCompletedCheckpointsOfTheLast24HoursAfterTheDataDelay() {
        let plan = TickPlan(at: Self.at("2025-11-04T14:12:00Z"), configuration: TickConfiguration())
        #expect(plan.checkpoint == nil)
        #expect(plan.checkpointLookBack.kind == .sixHours)
        #expect(plan.checkpointLookBack.limit == 6)
        let audited = plan.checkpointLookBack.windows.map { $0.start.iso8601() }
        #expect(audited == ["2025-11-03T12:00:00Z", "2025-11-03T18:00:00Z", "2025-11-04T00:00:00Z", "2025-11-04T06:00:00Z"])
        // At 12:01 the data delay (2 min) leaves 06–12 incomplete: it is not audited yet.
        let early = TickPlan(at: Self.at("2025-11-04T12:01:00Z"), configuration: TickConfiguration())
        #expect(early.checkpointLookBack.windows.last?.end == Self.at("2025-11-04T06:00:00Z"))
        // At 12:02 06–12 is the due checkpoint, stored as such, not audited twice.
        let due = TickPlan(at: Self.at("2025-11-04T12:02:00Z"), configuration: TickConfiguration())
        #expect(due.checkpoint?.start == Self.at("2025-11-04T06:00:00Z"))
        let auditedWhenDue = due.checkpointLookBack.windows.map { $0.start.iso8601() }
        #expect(auditedWhenDue == ["2025-11-03T12:00:00Z", "2025-11-03T18:00:00Z", "2025-11-04T00:00:00Z"])
        #expect(
            TickPlan(at: Self.at("2025-11-04T14:12:00Z"), configuration: TickConfiguration(maximumCheckpointRebuilds: 0))
                .checkpointLookBack.windows.isEmpty
        )
    }

    @Test func theBoundTakesTheMissingWindowsInTurn() {
        let lookBack = LookBack(.checkpointRebuild, kind: .sixHours, minutes: 1440, endingBy: Self.at("2025-11-04T14:10:00Z"), limit: 3)
        let missing = Array(0..<8)
        #expect(lookBack.taking(missing, turn: 0) == ([0, 1, 2], 5))
        #expect(lookBack.taking(missing, turn: 1) == ([3, 4, 5], 5))
        #expect(lookBack.taking(missing, turn: 2) == ([6, 7, 0], 5))
        #expect(lookBack.taking([0, 1], turn: 7) == ([0, 1], 0))
        // Over successive ticks every missing window comes up, even if the first ones never get data.
        let seen = Set((0..<3).flatMap { lookBack.taking(missing, turn: Int64($0)).taken })  // outside #expect
        #expect(seen == Set(missing))
    }

    @Test func theBoundComesFromTheEnvironment() throws {
        #expect(try PipelineSettings.reading(["CHECKPOINT_REBUILDS_PER_TICK": "2"]).tick.maximumCheckpointRebuilds == 2)
        #expect(try PipelineSettings.reading([:]).tick.maximumCheckpointRebuilds == 6)
        for bad in ["-1", "101", "many"] {
            #expect(throws: FieldError.self) { try PipelineSettings.reading(["CHECKPOINT_REBUILDS_PER_TICK": bad]) }
        }
    }

    /// The stored chunks hold ObsPy's samples and gap statistics (`check_store.py`).
    static func expectObsPysSamples(_ data: URL) throws {
        let check = try TestSupport.run(
            try TestSupport.python(),
            [
                TestSupport.repository.appendingPathComponent("Tests/ChunkStoreTests/Fixtures/check_store.py").path,
                data.path, FDSNTestServer.dayFixtures.path, "--stored-only",
            ]
        )
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stdout.contains("\"chunks\": 0"), "\(check.stdout)")
    }
}
