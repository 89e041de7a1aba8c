import ChunkStore
import Foundation
import Logging
import Pipeline
import SeedCore
import TestSupport
import Testing
import WaveformSources

/// The tick end to end on an ObsPy-written SDS archive and the local store
/// (Tests/ChunkStoreTests/Fixtures/make_archive.py: HV.UWE..HHZ 23:35–00:45 with a 3.5 s gap,
/// HV.OBL..HHZ 23:41:17–00:33, AV.GSTD.01.BHZ 23:50–00:10).
@Suite(.serialized, .timeLimit(.minutes(5))) struct TickTests {
    static let archive: Task<URL, any Error> = Task {
        let folder = try TestSupport.temporaryFolder("archive")
        let script = TestSupport.repository.appendingPathComponent("Tests/ChunkStoreTests/Fixtures/make_archive.py")
        let made = try TestSupport.run(try TestSupport.python(), [script.path, folder.path])
        guard made.status == 0 else { throw TestSupport.Missing(description: made.stderr) }
        return folder
    }

    static let channels = try! StationConfig(
        volcanoes: ["kilauea", "greatsitkin"], stationsPerVolcano: 2,
        include: [.init(volcano: "greatsitkin", channel: "AV.GSTD.01.BHZ", sampleRate: 40.96)]
    ).select(from: .bundled)

    func tick(
        _ store: any ObjectStore, source: (any WaveformSource)? = nil, retryWindow: Duration = .zero,
        logger: Logger = Logger.quiet("tick-test")
    ) async throws -> Tick {
        let resolved: any WaveformSource
        if let source { resolved = source } else { resolved = SDSArchive(root: try await Self.archive.value.path) }
        return Tick(
            channels: Self.channels, source: resolved, store: store,
            configuration: TickConfiguration(retryInterval: .milliseconds(1), retryWindow: retryWindow),
            logger: logger, clock: ManualClock(passingWaitsBefore: TickConfiguration().deadline))
    }

    static func at(_ text: String) -> UTCTime { UTCTime(iso8601: text)! }

    @Test func aTickStoresTheRightChunksAndMetadata() async throws {
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        let summary = try await tick(store).run(at: Self.at("2025-11-05T00:12:00Z"))
        let primary = summary.results.filter { $0.role == "primary" }
        #expect(primary.map(\.channel) == ["HV.UWE..HHZ", "HV.OBL..HHZ", "AV.GSTD..BHZ", "AV.GSTR..BHZ", "AV.GSTD.01.BHZ"])
        #expect(primary.map(\.status) == [.stored, .stored, .noData, .noData, .stored])
        #expect(!summary.success)
        // 00:12 is within the checkpoint grace: 18:00–00:00 is due, and the archive starts at 23:35.
        let checkpoints = summary.results.filter { $0.role == "checkpoint" }
        #expect(checkpoints.count == 5)
        #expect(checkpoints.allSatisfy { $0.status == .incomplete || $0.status == .noData })
        #expect(summary.failedStations == 5)
        // Look-back: 23:40 and 23:50 of UWE, 23:50 of OBL and GSTD.01 (23:30 UWE is 50 % complete).
        let caughtUp = summary.results.filter { $0.role == "catch_up" && $0.status == .stored }
        #expect(caughtUp.map { "\($0.channel) \($0.start)" }.sorted() == [
            "AV.GSTD.01.BHZ 2025-11-04T23:50:00Z", "HV.OBL..HHZ 2025-11-04T23:50:00Z",
            "HV.UWE..HHZ 2025-11-04T23:40:00Z", "HV.UWE..HHZ 2025-11-04T23:50:00Z",
        ])
        let metadata = try DayMetadata(
            json: try await store.get("data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-05.json").body)
        #expect(metadata.entries(.tenMinutes).map(\.start) == ["00:00:00"])
        let previous = try DayMetadata(
            json: try await store.get("data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04.json").body)
        #expect(previous.entries(.tenMinutes).map(\.start) == ["23:40:00", "23:50:00"])
        #expect(previous.entries(.tenMinutes).last?.gapCount == 1)
        #expect(try await store.headIfPresent(
            "data/2025/11/AV/greatsitkin/GSTD/01/BHZ/AV_GSTD_01_BHZ_40.96Hz_2025-11-05-00-00-00_to_2025-11-05-00-10-00.bin.zst") != nil)
        try await expectNoMetadataNamesAMissingChunk(store)
    }

    @Test func rerunningTheSameTickChangesNothing() async throws {
        let root = try TestSupport.temporaryFolder()
        let store = FileSystemStore(root: root.path)
        _ = try await tick(store).run(at: Self.at("2025-11-05T00:12:00Z"))
        let before = try snapshot(root)
        let again = try await tick(store).run(at: Self.at("2025-11-05T00:12:00Z"))
        #expect(try snapshot(root) == before)
        #expect(again.metadataFilesWritten == 0)
        #expect(again.results.filter { $0.role == "primary" && $0.channel == "HV.UWE..HHZ" }.map(\.status) == [.alreadyStored])
    }

    @Test func catchUpFillsAWindowAnEarlierTickMissed() async throws {
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        let config = TickConfiguration(lookBackMinutes: 0, retryWindow: .zero)
        let first = Tick(
            channels: Self.channels, source: SDSArchive(root: try await Self.archive.value.path), store: store,
            configuration: config, logger: Logger.quiet("t"),
            clock: ManualClock(passingWaitsBefore: TickConfiguration().deadline))
        _ = await first.run(at: Self.at("2025-11-04T23:52:00Z"))  // stores 23:40; the 00:02 tick never ran
        let later = try await tick(store).run(at: Self.at("2025-11-05T00:12:00Z"))
        let filled = later.results.filter { $0.role == "catch_up" && $0.status == .stored }.map { "\($0.channel) \($0.start)" }
        #expect(filled.contains("HV.UWE..HHZ 2025-11-04T23:50:00Z"))
        #expect(!filled.contains("HV.UWE..HHZ 2025-11-04T23:40:00Z"))
    }

    @Test func incompleteChannelsAreRetriedUntilTheyComplete() async throws {
        let archive = SDSArchive(root: try await Self.archive.value.path)
        let source = FlakySource(wrapping: archive, cutFirstResponses: 1)
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        let summary = try await tick(store, source: source, retryWindow: .seconds(60)).run(at: Self.at("2025-11-05T00:12:00Z"))
        let uwe = try #require(summary.results.first { $0.role == "primary" && $0.channel == "HV.UWE..HHZ" })
        #expect(uwe.status == .stored)
        #expect(uwe.attempts == 2)
        #expect(summary.retryPasses >= 1)
    }

    @Test func aCrashBetweenChunkAndMetadataLeavesNoMetadataNamingAMissingChunk() async throws {
        let root = try TestSupport.temporaryFolder()
        let local = FileSystemStore(root: root.path)
        // Metadata writes fail: the chunks are stored, no day file names anything.
        let broken = FailingStore(store: local) { $0.hasSuffix(".json") }
        let (logger, logs) = Logger.capturing("tick-test")
        let first = try await tick(broken, logger: logger).run(at: Self.at("2025-11-05T00:12:00Z"))
        #expect(first.results.contains { $0.error?.contains("metadata") == true })
        // Each failed day file is logged as an error naming its key.
        let errors = logs.lines(atLeast: .error)
        #expect(!errors.isEmpty && errors.allSatisfy { $0.hasPrefix("error day metadata not updated") && $0.contains("metadata.key=") }, "\(errors)")
        #expect(try await local.listAll(prefix: "data/").objects.allSatisfy { !$0.key.hasSuffix(".json") })
        // Chunk writes fail: nothing is recorded for them.
        let noChunks = FailingStore(store: FileSystemStore(root: try TestSupport.temporaryFolder().path)) { $0.hasSuffix(".zst") }
        let (chunkLogger, chunkLogs) = Logger.capturing("tick-test")
        _ = try await tick(noChunks, logger: chunkLogger).run(at: Self.at("2025-11-05T00:12:00Z"))
        #expect(chunkLogs.lines(atLeast: .error).contains { $0.hasPrefix("error window not stored channel=HV.UWE..HHZ") })
        try await expectNoMetadataNamesAMissingChunk(noChunks.store)
        // The next run over the stored chunks records them.
        _ = try await tick(local).run(at: Self.at("2025-11-05T00:12:00Z"))
        try await expectNoMetadataNamesAMissingChunk(local)
        #expect(try await local.getIfPresent("data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-05.json") != nil)
    }

    @Test func dryRunWritesNothing() async throws {
        let root = try TestSupport.temporaryFolder()
        let tick = Tick(
            channels: Self.channels, source: SDSArchive(root: try await Self.archive.value.path),
            store: FileSystemStore(root: root.path), configuration: TickConfiguration(retryWindow: .zero, dryRun: true),
            logger: Logger.quiet("t"), clock: ManualClock(passingWaitsBefore: TickConfiguration().deadline))
        let summary = await tick.run(at: Self.at("2025-11-05T00:12:00Z"))
        #expect(summary.results.contains { $0.status == TickSummary.Status.dryRun })
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }

    // MARK: - Helpers

    func expectNoMetadataNamesAMissingChunk(_ store: any ObjectStore) async throws {
        for object in try await store.listAll(prefix: "data/").objects where object.key.hasSuffix(".json") {
            let metadata = try DayMetadata(json: try await store.get(object.key).body)
            let slash = object.key.lastIndex(of: "/").map { object.key.index(after: $0) } ?? object.key.startIndex
            let folder = String(object.key[..<slash])
            for (_, entry) in metadata.allEntries {
                let file = entry.file ?? "(no file)"
                let stored = try await store.headIfPresent(folder + file)
                #expect(stored != nil, "\(object.key) names missing \(file)")
            }
        }
    }

    func snapshot(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) where !path.hasPrefix(".seiscache") {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            result[path] = "\(attributes[.size] ?? 0) \(attributes[.modificationDate] ?? 0)"
        }
        return result
    }
}
