import ChunkStore
import FDSNTestServer
import Foundation
import Logging
import ObjectStoreConformance
import Pipeline
import SeedCore
import Synchronization
import TestSupport
import Testing

/// Parallel storing (issue 23, 001's parallel compression and upload): `WindowStorer.store`
/// with `uploads: 4` compresses and uploads four chunks at once, hands the outcomes on in window
/// order, records one day file once, and a failed upload loses only its own entry. Ten `1h`
/// windows of the ObsPy-written 1 Hz day `Fixtures/fdsn-day/HV.UWE..LHZ.mseed`.
@Suite(.timeLimit(.minutes(5))) struct ParallelStoringTests {
    static let id = SourceID(network: "HV", station: "UWE", location: "", channel: "LHZ")
    static let windows = (0..<10).map { hour in
        let start = UTCTime(iso8601: "2025-11-04T00:00:00Z")!.adding(seconds: Int64(hour) * 3600)
        return ChunkWindow(kind: .oneHour, window: TimeWindow(start: start, end: start.adding(seconds: 3600)))
    }

    /// `YYYY-MM-DD-HH-MM-SS_to_`: how a chunk key names its start.
    static func stamp(_ time: UTCTime) -> String {
        String(time.iso8601().dropLast()).replacingOccurrences(of: "T", with: "-").replacingOccurrences(of: ":", with: "-")
            + "_to_"
    }

    /// A store whose chunk uploads wait until `width` of them are in flight (or half a second
    /// passed), the earlier windows' longest, and fail for one key; it counts what it saw.
    final class GatedStore: ForwardingStore {
        let inner: any ObjectStore
        let width: Int
        let failing: String?
        private let state = Mutex((inFlight: 0, maximum: 0, metadataPuts: 0))

        init(inner: any ObjectStore, width: Int, failing: String? = nil) {
            self.inner = inner
            self.width = width
            self.failing = failing
        }

        var displayName: String { "gated" }
        var maximumInFlight: Int { state.withLock { $0.maximum } }
        var metadataPuts: Int { state.withLock { $0.metadataPuts } }

        func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
            guard key.hasSuffix(".bin.zst") else {
                state.withLock { $0.metadataPuts += 1 }
                return try await inner.put(key, body: body, options: options)
            }
            let position = ParallelStoringTests.windows.firstIndex { key.contains(ParallelStoringTests.stamp($0.window.start)) } ?? 0
            state.withLock {
                $0.inFlight += 1
                $0.maximum = max($0.maximum, $0.inFlight)
            }
            let deadline = ContinuousClock.now + .milliseconds(500)
            while state.withLock({ $0.inFlight }) < width && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(5))
            }
            // Earlier windows finish later: the storer must still hand them on in order.
            try? await Task.sleep(for: .milliseconds(5 * (10 - position)))
            defer { state.withLock { $0.inFlight -= 1 } }
            if let failing, key.contains(failing) {
                throw ObjectStoreError(code: .failed, key: key, message: "injected failure")
            }
            return try await inner.put(key, body: body, options: options)
        }
    }

    func traces() throws -> [Trace] {
        let file = FDSNTestServer.dayFixtures.appendingPathComponent("HV.UWE..LHZ.mseed")
        return try MiniSEEDReader().read([UInt8](Data(contentsOf: file))).traces
    }

    @Test func fourUploadsAtOnceOutcomesInOrderOneDayFileWrittenOnce() async throws {
        let store = GatedStore(inner: FileSystemStore(root: try TestSupport.temporaryFolder().path), width: 4)
        let storer = WindowStorer(store: store, logger: Logger.quiet("parallel"))
        let order = Mutex([String]())
        let report = await storer.store(
            Self.windows,
            of: ChannelHome(sourceID: Self.id, volcano: "kilauea"),
            from: .success(try traces()),
            uploads: 4
        ) { outcome in
            order.withLock { $0.append(outcome.window.window.start.iso8601()) }
        }
        #expect(store.maximumInFlight == 4, "four at once, never five")
        #expect(order.withLock { $0 } == Self.windows.map { $0.window.start.iso8601() })
        #expect(report.outcomes.allSatisfy { $0.status == .stored })
        #expect(report.metadataWritten == 1)
        #expect(store.metadataPuts == 1, "one day file, written once")
    }

    @Test func oneFailedUploadLosesOnlyItsOwnEntry() async throws {
        let folder = try TestSupport.temporaryFolder()
        let failing = Self.stamp(Self.windows[3].window.start)
        let store = GatedStore(inner: FileSystemStore(root: folder.path), width: 4, failing: failing)
        let storer = WindowStorer(store: store, logger: Logger.quiet("parallel"))
        let home = ChannelHome(sourceID: Self.id, volcano: "kilauea")
        let report = await storer.store(Self.windows, of: home, from: .success(try traces()), uploads: 4)
        #expect(report.outcomes.map(\.status) == Array(repeating: .stored, count: 3) + [.notStored] + Array(repeating: .stored, count: 6))
        #expect(report.metadataError == nil)
        let key = try #require(report.outcomes.first?.chunk?.key.dayMetadataKey)
        let metadata = try DayMetadata(json: try await FileSystemStore(root: folder.path).get(key.key).body)
        let starts = metadata.entries(.oneHour).map(\.start)
        #expect(starts == ["00:00:00", "01:00:00", "02:00:00", "04:00:00", "05:00:00", "06:00:00", "07:00:00", "08:00:00", "09:00:00"])
    }

    @Test func oneUploadAtATimeStaysSequential() async throws {
        let store = GatedStore(inner: FileSystemStore(root: try TestSupport.temporaryFolder().path), width: 4)
        let storer = WindowStorer(store: store, logger: Logger.quiet("parallel"))
        let report = await storer.store(
            Array(Self.windows.prefix(3)),
            of: ChannelHome(sourceID: Self.id, volcano: "kilauea"),
            from: .success(try traces())
        )
        #expect(store.maximumInFlight == 1)
        #expect(report.outcomes.allSatisfy { $0.status == .stored })
    }
}
