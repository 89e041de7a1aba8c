import ChunkStore
import Foundation
import Logging
import Pipeline
import SeedCore
import SeedLinkTestServer
import Synchronization
import TestSupport
import Testing
import WaveformSources

/// `seiscron live`'s storing against the in-process SeedLink server streaming the ObsPy-written
/// archive of TickTests (HV.UWE..HHZ 23:35–00:45 with a 3.5 s gap, HV.OBL..HHZ 23:41:17–00:33,
/// AV.GSTD.01.BHZ at 40.96 Hz 23:50–00:10): the chunks it stores are byte for byte those a
/// backfill of the same archive (the tick's engine) stores, through dropped connections,
/// repeated packets, an overlapping record that starts before the one it follows (UWE
/// 00:04:58) and a restart that resumes from the saved position.
@Suite(.serialized, .timeLimit(.minutes(3))) struct LiveFollowerTests {
    /// The archive's records as a server's ring holds them (by last sample time).
    static let ring: Task<[[UInt8]], any Error> = Task {
        let folder = try await TickTests.archive.value
        var records: [(end: Int64, bytes: [UInt8])] = []
        for file in FileManager.default.enumerator(atPath: folder.path)?.compactMap({ $0 as? String }) ?? [] {
            let path = folder.appendingPathComponent(file)
            guard !path.hasDirectoryPath, let bytes = try? [UInt8](Data(contentsOf: path)), !bytes.isEmpty else { continue }
            for record in SeedLinkTestServer.records(of: bytes) {
                guard let trace = try MiniSEEDReader().read(record).traces.first else { continue }
                records.append((trace.endTime.nanoseconds, record))
            }
        }
        return records.sorted { $0.end < $1.end }.map(\.bytes)
    }

    /// What a backfill of 23:30–01:00 stores from the archive: chunk key → bytes.
    static let reference: Task<[String: [UInt8]], any Error> = Task {
        let store = FileSystemStore(root: try TestSupport.temporaryFolder("live-reference").path)
        let backfill = Backfill(
            source: SDSArchive(root: try await TickTests.archive.value.path), store: store, logger: Logger.quiet("backfill"))
        let request = try BackfillRequest(
            channels: TickTests.channels, start: TickTests.at("2025-11-04T23:30:00Z"), hours: 2, force: false,
            now: TickTests.at("2025-11-05T02:00:00Z"))
        _ = await backfill.run(request)
        return try await chunks(in: store)
    }

    static func chunks(in store: any ObjectStore) async throws -> [String: [UInt8]] {
        var chunks: [String: [UInt8]] = [:]
        for object in try await store.listAll(prefix: "data/").objects where object.key.hasSuffix(".bin.zst") {
            chunks[object.key] = try await store.get(object.key).body
        }
        return chunks
    }

    static func follower(_ server: SeedLinkTestServer, store: any ObjectStore, logger: Logger = Logger.quiet("live"))
        -> LiveFollower<SeedLinkSource>
    {
        var configuration = SeedLinkClient.Configuration(host: "127.0.0.1", port: server.port)
        configuration.reconnectDelay = .milliseconds(10)
        configuration.readTimeout = .seconds(2)
        return LiveFollower(
            source: SeedLinkSource(configuration: configuration), channels: TickTests.channels,
            storer: WindowStorer(store: store, logger: logger), logger: logger)
    }

    /// Counts closed windows; `reached(n)` returns once `n` were handled.
    final class Windows: Sendable {
        let handled = Mutex<[LiveFollower<SeedLinkSource>.Stored]>([])
        func add(_ stored: LiveFollower<SeedLinkSource>.Stored) { handled.withLock { $0.append(stored) } }
        func reached(_ count: Int) async {
            while handled.withLock({ $0.count }) < count { try? await Task.sleep(for: .milliseconds(20)) }
        }
        var stored: Int { handled.withLock { $0.filter { $0.outcome?.status == .stored }.count } }
        func stored(_ count: Int) async {
            while stored < count { try? await Task.sleep(for: .milliseconds(20)) }
        }
    }

    @Test("the chunks equal a backfill's of the same archive, through drops and repeated packets")
    func sameChunksAsTheTick() async throws {
        let reference = try await Self.reference.value
        // The complete windows of the archive, as the backfill finds them.
        #expect(reference.count == 11)
        let faults: [SeedLinkTestServer.Fault] = [
            .init(connection: 1, afterPackets: 40, .drop), .init(connection: 2, afterPackets: 25, .repeatPacket),
            .init(connection: 2, afterPackets: 60, .drop),
        ]
        let server = try await SeedLinkTestServer.start(records: try await Self.ring.value, faults: faults)
        defer { Task { await server.stop() } }
        let store = FileSystemStore(root: try TestSupport.temporaryFolder("live").path)
        let follower = Self.follower(server, store: store)
        let windows = Windows()
        await follower.follow(follower.checkpoint(from: SeedLinkPosition()), until: { await windows.stored(reference.count) }) {
            windows.add($0)
        }
        let stored = try await Self.chunks(in: store)
        #expect(server.log.connections >= 3)
        #expect(stored.keys.sorted() == reference.keys.sorted())
        #expect(reference.filter { stored[$0.key] != $0.value }.map(\.key).sorted() == [], "chunks that differ from the backfill's")
    }

    @Test("a window the day metadata records is not stored again")
    func recordedWindowsAreSkipped() async throws {
        let reference = try await Self.reference.value
        let server = try await SeedLinkTestServer.start(records: try await Self.ring.value)
        defer { Task { await server.stop() } }
        let store = FileSystemStore(root: try TestSupport.temporaryFolder("live-twice").path)
        for round in 1...2 {
            let windows = Windows()
            let follower = Self.follower(server, store: store)
            await follower.follow(follower.checkpoint(from: SeedLinkPosition()), until: { await windows.reached(reference.count + 3) }) {
                windows.add($0)
            }
            #expect(windows.stored == (round == 1 ? reference.count : 0), "round \(round)")
        }
    }

    @Test("a restart resumes from the saved position: nothing lost, nothing stored twice")
    func restartResumes() async throws {
        let reference = try await Self.reference.value
        let ring = try await Self.ring.value
        let store = FileSystemStore(root: try TestSupport.temporaryFolder("live-restart").path)
        // A server that, as real ones do, starts a connection without a sequence number at its newest data.
        let first = try await SeedLinkTestServer.start(records: ring, pacing: .interval(.milliseconds(2)))
        let windows = Windows()
        let service = LiveService(follower: Self.follower(first, store: store), owner: "first", leaseDuration: .seconds(3))
        await service.run(until: { await windows.stored(3) }, each: { windows.add($0) })
        await first.stop()
        let storedFirst = windows.stored
        #expect((3..<reference.count).contains(storedFirst), "stopped mid-stream")
        #expect(first.log.packetsSent < ring.count, "stopped mid-stream")
        let saved = try await store.get("live/position.json")
        #expect(!saved.body.isEmpty)
        let second = try await SeedLinkTestServer.start(records: ring, newestOnly: true)
        defer { Task { await second.stop() } }
        let more = Windows()
        let restarted = LiveService(follower: Self.follower(second, store: store), owner: "second", leaseDuration: .seconds(3))
        await restarted.run(until: { await more.stored(reference.count - storedFirst) }, each: { more.add($0) })
        let stored = try await Self.chunks(in: store)
        #expect(stored.keys.sorted() == reference.keys.sorted())
        #expect(reference.filter { stored[$0.key] != $0.value }.map(\.key).sorted() == [], "chunks that differ from the backfill's")
        #expect(more.stored == reference.count - storedFirst, "no window stored twice")
        #expect(try await store.getIfPresent("leases/live.json") == nil, "the lease released")
        // Without the saved position the same server sends nothing: the resume did it.
        #expect(second.log.commands.first?.contains { $0.hasPrefix("DATA ") } == true)
    }
}
