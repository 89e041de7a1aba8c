import AsyncHTTPClient
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

/// Metadata first for any length (issue 23): a 72-hour miss is fetched in three ≤ 24 h
/// segments from the FDSN test server (serving the ObsPy-written 48 h archive of
/// `make_long_sds.py`), and one ordered log records each request and each streamed line. The
/// `metadata` line goes out before the second segment is asked for, the second segment's
/// request is held until every chunk of the first has been announced (so chunks stream while
/// later segments are fetched: a generator that fetched everything first would never get
/// there), at most two segments are in flight, and the chunks come in playback order.
@Suite(.timeLimit(.minutes(5))) struct OnDemandStreamingTests {
    static let channel = SourceID(network: "HV", station: "LONG", location: "", channel: "LHZ")
    static let range = TimeWindow(
        start: UTCTime(iso8601: "2025-11-02T00:00:00Z")!,
        end: UTCTime(iso8601: "2025-11-05T00:00:00Z")!
    )

    /// The archive, written once per test process.
    static let archive: Result<URL, any Error> = Result {
        let folder = try TestSupport.temporaryFolder("streaming-sds")
        let script = TestSupport.repository.appendingPathComponent("Tests/SeisAPITests/Fixtures/make_long_sds.py")
        let output = try TestSupport.run(try TestSupport.python(), [script.path, folder.path])
        guard output.status == 0 else { throw TestSupport.Missing(description: "make_long_sds.py failed: \(output.stderr)") }
        return folder
    }

    /// Requests and stream lines, in the order they happened.
    final class Log: Sendable {
        private let entries = Mutex([String]())
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    /// The FDSN client, logging each fetch; the fetch of the second segment waits until the
    /// first segment's nine chunks are announced (at most 60 s, then it fails the generation).
    final class LoggingSource: WaveformSource {
        let inner: any WaveformSource
        let log: Log
        private let state = Mutex((fetches: 0, inFlight: 0, maximum: 0))

        init(inner: any WaveformSource, log: Log) {
            self.inner = inner
            self.log = log
        }

        var displayName: String { "logging" }
        var maximumInFlight: Int { state.withLock { $0.maximum } }

        func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
            let number = state.withLock {
                $0.fetches += 1
                $0.inFlight += 1
                $0.maximum = max($0.maximum, $0.inFlight)
                return $0.fetches
            }
            defer { state.withLock { $0.inFlight -= 1 } }
            log.append("fetch \(requests.first?.window.start.iso8601() ?? "-")")
            if number == 2 {
                let deadline = ContinuousClock.now + .seconds(60)
                while log.all.filter({ $0.hasPrefix("chunk") }).count < 9 {
                    guard ContinuousClock.now < deadline else {
                        throw WaveformSourceError(code: .transient, message: "the first segment's chunks never streamed")
                    }
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
            return try await inner.fetch(requests, logger: logger)
        }

        func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] { [:] }
    }

    @Test func metadataFirstChunksInPlaybackOrderTwoSegmentsInFlight() async throws {
        let server = try await FDSNTestServer.start(.init(fixtureFolders: [try Self.archive.get()]))
        let fdsn = FDSNClient(
            configuration: FDSNConfiguration(baseURL: server.endpoint, requestDelay: .zero, timeout: .seconds(60)),
            httpClient: .shared
        )
        let log = Log()
        let source = LoggingSource(inner: fdsn, log: log)
        let generator = OnDemandGenerator(
            query: DataQuery(sourceID: Self.channel, volcano: "kilauea", range: Self.range),
            plan: GenerationPlan(holes: [Self.range], requestStart: Self.range.start, availableEnd: Self.range.end),
            effectiveRange: Self.range,
            knownRate: 1,
            storedNormalization: nil,
            source: source,
            store: FileSystemStore(root: try TestSupport.temporaryFolder().path),
            processor: WindowProcessor(),
            logger: Logger.quiet("streaming")
        )
        let normalization = Mutex<ChunkManifest.Normalization?>(nil)
        let chunks = Mutex([ChunkManifest.Chunk]())
        let result = await generator.run(urls: .files(prefix: "/files/")) { event in
            switch event {
            case .metadata(let metadata):
                normalization.withLock { $0 = metadata.normalization }
                log.append("metadata")
            case .chunk(let chunk):
                chunks.withLock { $0.append(chunk) }
                log.append("chunk \(chunk.kind) \(chunk.start)")
            case .chunkSkipped(_, let start, _, let reason): log.append("skipped \(start) \(reason)")
            default: log.append("other")
            }
        }
        try await server.shutdown()

        let entries = log.all
        let firstSegment =
            (0..<6).map { "chunk 1h 2025-11-02T0\($0):00:00Z" }
            + ["chunk 6h 2025-11-02T06:00:00Z", "chunk 6h 2025-11-02T12:00:00Z", "chunk 6h 2025-11-02T18:00:00Z"]
        try #require(entries.count == 15, "\(entries)")
        #expect(Array(entries[0..<3]) == ["fetch 2025-11-02T00:00:00Z", "metadata", "fetch 2025-11-03T00:00:00Z"])
        #expect(Array(entries[3..<12]) == firstSegment)
        // The third segment is asked for once the first is stored, while the second is stored.
        #expect(Set(entries[12..<14]) == ["fetch 2025-11-04T00:00:00Z", "chunk 24h 2025-11-03T00:00:00Z"])
        #expect(entries[14] == "skipped 2025-11-04T00:00:00Z no data")
        #expect(source.maximumInFlight == 1, "one fetch at a time, beside one segment being stored")
        #expect(server.requests.filter { $0.path.hasSuffix("/dataselect/1/query") }.count == 3)
        guard case .success(let stored) = result else {
            Issue.record("the generation failed: \(result)")
            return
        }
        #expect(stored == 10)
        // The early range is the first segment's; the chunks of that segment agree with it.
        let first = chunks.withLock { Array($0.prefix(9)) }
        #expect(
            normalization.withLock { $0 }
                == ChunkManifest.Normalization(
                    globalMin: first.map(\.min).min() ?? 0,
                    globalMax: first.map(\.max).max() ?? 0
                )
        )
    }
}
