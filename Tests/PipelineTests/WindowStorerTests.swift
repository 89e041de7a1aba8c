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

/// ``WindowStorer``'s own decisions, on the ObsPy-written 1 Hz day
/// `Fixtures/fdsn-day/HV.UWE..LHZ.mseed` (2025-11-03T12:00 to 2025-11-04T12:00): which windows
/// are stored (hand-worked: a window outside the data has none, half a day of a 24 h window is
/// incomplete), one write per day file after that day's chunks, `each` in window order, a dry
/// run writing nothing; the stored min/max against ObsPy reading the same file.
@Suite struct WindowStorerTests {
    static let id = SourceID(network: "HV", station: "UWE", location: "", channel: "LHZ")
    static let file = FDSNTestServer.dayFixtures.appendingPathComponent("HV.UWE..LHZ.mseed")
    static let home = ChannelHome(sourceID: id, volcano: "kilauea")

    static func window(_ kind: ChunkKind, _ start: String, _ end: String) -> ChunkWindow {
        ChunkWindow(
            kind: kind,
            window: TimeWindow(start: UTCTime(iso8601: start) ?? UTCTime(seconds: 0), end: UTCTime(iso8601: end) ?? UTCTime(seconds: 0))
        )
    }

    /// Before the data, across midnight, the last ten minutes, and a day only half covered.
    static let windows = [
        window(.oneHour, "2025-11-03T11:00:00Z", "2025-11-03T12:00:00Z"),
        window(.sixHours, "2025-11-03T18:00:00Z", "2025-11-04T00:00:00Z"),
        window(.sixHours, "2025-11-04T00:00:00Z", "2025-11-04T06:00:00Z"),
        window(.tenMinutes, "2025-11-04T11:50:00Z", "2025-11-04T12:00:00Z"),
        window(.oneDay, "2025-11-04T00:00:00Z", "2025-11-05T00:00:00Z"),
    ]

    /// A store that logs every write's key in order.
    final class LoggingStore: ForwardingStore {
        let inner: any ObjectStore
        private let log = Mutex([String]())

        init(_ inner: FileSystemStore) { self.inner = inner }

        var displayName: String { "logging" }
        var writes: [String] { log.withLock { $0 } }

        func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
            log.withLock { $0.append(key) }
            return try await inner.put(key, body: body, options: options)
        }
    }

    static func traces() throws -> [Trace] {
        try MiniSEEDReader().read([UInt8](Data(contentsOf: file))).traces
    }

    /// min, max and sample count of each window as ObsPy reads the fixture (`merge`, then
    /// `slice(start, end - delta)`).
    static func obspy(_ windows: [ChunkWindow]) throws -> [(min: Int32, max: Int32, samples: Int)] {
        try TestSupport.obspyExtremes(of: file, windows: windows.map { ($0.window.start.iso8601(), $0.window.end.iso8601()) })
    }

    @Test func storesWhatIsCompleteAndRecordsEachDayFileOnceAfterItsChunks() async throws {
        let folder = try TestSupport.temporaryFolder()
        let store = LoggingStore(FileSystemStore(root: folder.path))
        let storer = WindowStorer(store: store, logger: Logger.quiet("storer"))
        let seen = Mutex([String]())
        let report = await storer.store(Self.windows, of: Self.home, from: .success(try Self.traces())) { outcome in
            seen.withLock { $0.append(outcome.window.window.start.iso8601()) }
        }
        #expect(seen.withLock { $0 } == Self.windows.map { $0.window.start.iso8601() })
        #expect(report.outcomes.map(\.status) == [.noData, .stored, .stored, .stored, .incomplete])
        #expect(report.outcomes.prefix(4).map(\.summary?.realSamples) == [nil, 21_600, 21_600, 600])
        // The day holds half a day of data (ObsPy's cut-off at the last whole second takes one
        // sample more off the end): far below 95 %.
        let halfDay = report.outcomes.last?.summary?.completeness ?? 1
        #expect(halfDay > 0.49 && halfDay <= 0.5)
        #expect(report.metadataError == nil)
        #expect(report.metadataWritten == 2)

        // Keyed under the data's rate; each day file written once, after every chunk of its day.
        let writes = store.writes
        let chunks = writes.filter { $0.hasSuffix(".bin.zst") }
        let days = writes.filter { $0.hasSuffix(".json") }
        #expect(chunks.count == 3)
        #expect(days.count == 2 && Set(days).count == 2)
        #expect(chunks.allSatisfy { $0.contains("HV_UWE__LHZ_1Hz_") })
        for day in days {
            let date = try #require(try? DayMetadataKey(key: day)).day
            let position = try #require(writes.firstIndex(of: day))
            let ofDay = report.outcomes.compactMap(\.chunk).filter { $0.key.day == date }.map(\.key.key)
            #expect(!ofDay.isEmpty)
            #expect(ofDay.allSatisfy { (writes.firstIndex(of: $0) ?? .max) < position }, "\(day)")
        }

        // What the day files record, against ObsPy.
        let stored = [Self.windows[1], Self.windows[2], Self.windows[3]]
        let reference = try Self.obspy(stored)
        for (window, expected) in zip(stored, reference) {
            let outcome = try #require(report.outcomes.first { $0.window == window })
            let key = try #require(outcome.chunk?.key.dayMetadataKey)
            let metadata = try DayMetadata(json: try await store.get(key.key).body)
            // "HH:MM:SS" of the window's start.
            let start = String(window.window.start.iso8601().dropFirst(11).prefix(8))
            let entry = try #require(metadata.entries(window.kind).first { $0.start == start })
            #expect(entry.samples == expected.samples, "\(window)")
            #expect(entry.min == expected.min && entry.max == expected.max, "\(window)")
        }
    }

    @Test func aDryRunCutsButWritesNothing() async throws {
        let store = LoggingStore(FileSystemStore(root: try TestSupport.temporaryFolder().path))
        let storer = WindowStorer(store: store, dryRun: true, logger: Logger.quiet("storer"))
        let report = await storer.store(Self.windows, of: Self.home, from: .success(try Self.traces()))
        #expect(report.outcomes.map(\.status) == [.noData, .dryRun, .dryRun, .dryRun, .incomplete])
        #expect(store.writes.isEmpty)
        #expect(report.metadataWritten == 0)
    }
}
