import ChunkStore
import WaveformSources
import FDSNTestServer
import Foundation
import Logging
import Pipeline
import SeedCore
import Synchronization
import TestSupport
import Testing

@testable import CacheServices

/// ``OnDemandGenerator`` on a scripted source serving the ObsPy-written 1 Hz day
/// `Fixtures/fdsn-day/HV.UWE..LHZ.mseed` (2025-11-03T12:00 to 2025-11-04T12:00). The plan,
/// sample counts and event order are worked out by hand; the min/max of each chunk and of the
/// range come from ObsPy reading the same file (`read`, `merge`, `slice`).
@Suite struct OnDemandGeneratorTests {
    static let channel = SourceID(network: "HV", station: "UWE", location: "", channel: "LHZ")
    static let file = FDSNTestServer.dayFixtures.appendingPathComponent("HV.UWE..LHZ.mseed")

    static func time(_ text: String) -> UTCTime { UTCTime(iso8601: text) ?? UTCTime(seconds: 0) }

    /// A source that answers from the fixture's records (every record overlapping the window,
    /// as FDSN services do), or fails, and records each request.
    final class ScriptedSource: WaveformSource {
        let records: [SourceID: [FDSNTestServer.StoredRecord]]
        let failing: Bool
        private let asked = Mutex([[WaveformRequest]]())

        init(failing: Bool = false) throws {
            self.records = try FDSNTestServer.loadRecords(from: [FDSNTestServer.dayFixtures])
            self.failing = failing
        }

        var displayName: String { "scripted" }
        var requests: [[WaveformRequest]] { asked.withLock { $0 } }

        func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
            asked.withLock { $0.append(requests) }
            if failing { throw WaveformSourceError(code: .transient, message: "scripted outage") }
            return requests.flatMap { request in
                (records[request.channel] ?? []).filter {
                    $0.start < request.window.end.nanoseconds && $0.end > request.window.start.nanoseconds
                }.flatMap(\.bytes)
            }
        }

        func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] { [:] }
    }

    /// min, max and sample count of `[start, end)` as ObsPy reads the fixture.
    static func obspy(_ windows: [TimeWindow]) throws -> [(min: Int32, max: Int32, samples: Int)] {
        try TestSupport.obspyExtremes(of: file, windows: windows.map { ($0.start.iso8601(), $0.end.iso8601()) })
    }

    static func generator(range: TimeWindow, source: any WaveformSource, store: any ObjectStore) -> OnDemandGenerator {
        OnDemandGenerator(
            query: DataQuery(sourceID: channel, volcano: "kilauea", range: range),
            plan: GenerationPlan(holes: [range], requestStart: range.start, availableEnd: range.end),
            effectiveRange: range,
            knownRate: nil,
            storedNormalization: nil,
            source: source,
            store: store,
            processor: WindowProcessor(),
            logger: Logger.quiet("generator")
        )
    }

    /// Runs a generation and collects its events.
    static func run(_ generator: OnDemandGenerator) async -> (events: [DataEvent], result: Result<Int, GenerationFailure>) {
        let events = Mutex([DataEvent]())
        let result = await generator.run(urls: .files(prefix: "/files/")) { event in events.withLock { $0.append(event) } }
        return (events.withLock { $0 }, result)
    }

    @Test func twelveHoursAreOneRequestSixHourChunksThenOneSixHourChunk() async throws {
        let range = TimeWindow(start: Self.time("2025-11-04T00:00:00Z"), end: Self.time("2025-11-04T12:00:00Z"))
        let source = try ScriptedSource()
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        let (events, result) = await Self.run(Self.generator(range: range, source: source, store: store))

        // One segment, one request of the whole range: nothing is split by the generator.
        #expect(source.requests.map { $0.map(\.window) } == [[range]])
        #expect(source.requests.first?.first?.channel == Self.channel)
        // 001's ladder from the request's start: 1h chunks for 6 hours, then 6h.
        let starts = (0..<6).map { Self.time("2025-11-04T0\($0):00:00Z") } + [Self.time("2025-11-04T06:00:00Z")]
        let ends = (1..<7).map { Self.time("2025-11-04T0\($0):00:00Z") } + [Self.time("2025-11-04T12:00:00Z")]
        let windows = zip(starts, ends).map { TimeWindow(start: $0, end: $1) }
        let reference = try Self.obspy(windows + [range])

        guard case .metadata(let metadata) = events.first else {
            Issue.record("the first event is not the metadata: \(events.first.map { "\($0)" } ?? "none")")
            return
        }
        #expect(metadata.sampleRate == 1)
        #expect(metadata.chunksPlanned == 7)
        #expect(metadata.totalSamples == 43_200)
        #expect(metadata.start == "2025-11-04T00:00:00Z" && metadata.end == "2025-11-04T12:00:00Z")
        let whole = try #require(reference.last)
        #expect(metadata.normalization == ChunkManifest.Normalization(globalMin: whole.min, globalMax: whole.max))

        let chunks = events.dropFirst().compactMap { event -> ChunkManifest.Chunk? in
            if case .chunk(let chunk) = event { chunk } else { nil }
        }
        #expect(events.count == 8, "metadata and seven chunks, nothing skipped: \(events)")
        #expect(chunks.map(\.kind) == Array(repeating: "1h", count: 6) + ["6h"])
        #expect(chunks.map(\.start) == starts.map { $0.iso8601() })
        #expect(chunks.map(\.samples) == Array(repeating: 3600, count: 6) + [21_600])
        for (chunk, expected) in zip(chunks, reference) {
            #expect(chunk.samples == expected.samples, "\(chunk.start)")
            #expect(chunk.min == expected.min && chunk.max == expected.max, "\(chunk.start)")
        }
        guard case .success(let stored) = result else {
            Issue.record("the generation failed: \(result)")
            return
        }
        #expect(stored == 7)
        // Recorded in the day metadata the lookups read.
        let key = DayMetadataKey(
            channel: try ChannelKey(sourceID: Self.channel, volcano: "kilauea", sampleRate: 1),
            day: CalendarDay(containing: range.start)
        )
        let day = try DayMetadata(json: try await store.get(key.key).body)
        #expect(day.entries(.oneHour).map(\.start) == ["00:00:00", "01:00:00", "02:00:00", "03:00:00", "04:00:00", "05:00:00"])
        #expect(day.entries(.sixHours).map(\.start) == ["06:00:00"])
    }

    @Test func aFailedFetchFailsTheGenerationWithoutSplittingIt() async throws {
        // Two days: segments of at most 24 h, the first failing. The generator asks once and
        // stops (the FDSN client splits what the service finds too large, and retries).
        let range = TimeWindow(start: Self.time("2025-11-03T00:00:00Z"), end: Self.time("2025-11-05T00:00:00Z"))
        let source = try ScriptedSource(failing: true)
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        let (events, result) = await Self.run(Self.generator(range: range, source: source, store: store))
        #expect(source.requests.count == 1)
        #expect(source.requests.first?.first?.window.start == range.start)
        #expect(events.isEmpty, "nothing is announced before data arrived: \(events)")
        guard case .failure(let failure) = result else {
            Issue.record("the generation succeeded: \(result)")
            return
        }
        #expect(failure.message == "fetching \(source.requests.first?.first?.window.description ?? "") from the source failed")
    }

    @Test func windowsWithoutDataAreSkippedAfterTheMetadata() async throws {
        // 2025-11-04 06:00 to 18:00: the fixture ends at 12:00, so the 6h chunk 12-18 has no data.
        let range = TimeWindow(start: Self.time("2025-11-04T06:00:00Z"), end: Self.time("2025-11-04T18:00:00Z"))
        let source = try ScriptedSource()
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        let (events, result) = await Self.run(Self.generator(range: range, source: source, store: store))
        let lines = events.map { event -> String in
            switch event {
            case .metadata(let metadata): "metadata \(metadata.chunksPlanned)"
            case .chunk(let chunk): "chunk \(chunk.kind) \(chunk.start)"
            case .chunkSkipped(let kind, let start, _, let reason): "skipped \(kind) \(start) \(reason)"
            default: "other"
            }
        }
        // From 06:00: 1h chunks for the first six hours (06-12), then 6h (12-18).
        let expected =
            ["metadata 7"] + (6..<12).map { String(format: "chunk 1h 2025-11-04T%02d:00:00Z", $0) }
            + ["skipped 6h 2025-11-04T12:00:00Z no data"]
        #expect(lines == expected)
        #expect((try? result.get()) == 6)
    }
}
