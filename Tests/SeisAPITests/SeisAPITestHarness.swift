import CacheServices
import ChunkStore
import CommandOptions
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Pipeline
import ServiceLifecycle
import SeedCore
@testable import seisapi
import Synchronization
import TestSupport
import WaveformSources

/// A seisapi wired to a temporary local store and an ObsPy-written SDS archive, with a pinned
/// clock and a source that counts its requests.
struct SeisAPITestHarness {
    static let token = "test-token-0123456789abcdef"
    static let now = UTCTime(iso8601: "2025-11-05T00:05:00Z")!

    let dataRoot: URL
    let archiveRoot: URL
    let source: CountingSource
    let services: APIServices

    /// The SDS archive of `make_long_sds.py` (written once per test process).
    static let archive: Result<URL, any Error> = Result {
        let folder = try TestSupport.temporaryFolder("longsds")
        let script = TestSupport.repository.appendingPathComponent("Tests/SeisAPITests/Fixtures/make_long_sds.py")
        let output = try TestSupport.run(try TestSupport.python(), [script.path, folder.path])
        guard output.status == 0 else { throw TestSupport.Missing(description: "make_long_sds.py failed: \(output.stderr)") }
        return folder
    }

    /// - Parameters:
    ///   - token: `SEISAPI_TOKEN`.
    ///   - sampleArchive: serve the shipped `Samples/sds` instead of the long archive.
    ///   - environment: more variables for ``APIConfig`` (limits, timeouts).
    ///   - dataRoot: the local store's folder (a restart reuses the previous one); default a new one.
    ///   - store: wraps the local store (test doubles); default the store itself.
    ///   - source: fetches instead of the SDS archive (still counted).
    ///   - metadataLifetime: how long `/data` reuses day metadata; default the service's (5 s).
    ///   - clock: the clock of heartbeats and generation budgets (a ``ManualClock`` in tests of them).
    init(
        token: String? = Self.token, sampleArchive: Bool = false, environment extra: [String: String] = [:],
        dataRoot: URL? = nil, store wrap: (FileSystemStore) -> any ObjectStore = { $0 },
        source inner: (any WaveformSource)? = nil, metadataLifetime: Duration? = nil,
        clock: any Clock<Duration> = ContinuousClock()
    ) throws {
        self.dataRoot = try dataRoot ?? TestSupport.temporaryFolder("seisapi")
        archiveRoot = sampleArchive ? TestSupport.repository.appendingPathComponent("Samples/sds") : try Self.archive.get()
        source = CountingSource(inner: inner ?? SDSArchive(root: archiveRoot.path))
        var environment = ["IRIS_DELAY_MINUTES": "2"]
        if let token { environment["SEISAPI_TOKEN"] = token }
        environment.merge(extra) { $1 }
        let config = try APIConfig.reading(environment)
        var logger = Logger.quiet("seisapi.test")
        logger.logLevel = .warning
        let channels = try Self.stationConfig.select(from: .bundled)
        services = APIServices(
            store: wrap(FileSystemStore(root: self.dataRoot.path)), source: source, channels: channels, catalog: .bundled,
            config: config, urls: .files(prefix: "/files/"), metrics: nil, logger: logger,
            metadataLifetime: metadataLifetime, now: { Self.now }, clock: clock)
    }

    /// The shipped selection plus the long archive's test channel (`HV.LONG..LHZ` at
    /// Kilauea, 1 Hz): misses generate only channels the API knows.
    static let stationConfig = StationConfig(
        include: [StationConfig.Inclusion(volcano: "kilauea", channel: "HV.LONG..LHZ", sampleRate: 1)])

    var application: some ApplicationProtocol {
        buildApplication(services, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
    }
}

/// A waveform source that counts fetches (concurrent identical misses must fetch once).
final class CountingSource: WaveformSource {
    let inner: any WaveformSource
    private let count = Mutex(0)

    init(inner: any WaveformSource) { self.inner = inner }

    var fetches: Int { count.withLock { $0 } }
    var displayName: String { inner.displayName }

    func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        count.withLock { $0 += 1 }
        // Slow enough that concurrent requests overlap.
        try? await Task.sleep(for: .milliseconds(200))
        return try await inner.fetch(requests, logger: logger)
    }

    func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] { [:] }
}

extension SeisAPITestHarness {
    /// Runs the API as `seisapi serve` does (``APIServer`` in a service group) on a loopback
    /// port, calls `body` with the port, then shuts it down gracefully.
    func withServer<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = APIServer(
            services: services, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { portContinuation.yield($0.localAddress?.port ?? 0) })
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [server], logger: services.logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestSupport.Missing(description: "the server did not start") }
            do {
                let value = try await body(port)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}

extension APIConfig {
    /// What `seisapi serve` reads from `environment` and `flags`, on the shipped catalog
    /// (the process environment is never read).
    static func reading(_ environment: [String: String], flags: Flags = Flags()) throws -> APIConfig {
        try ConfigurationReader(environment: environment, catalog: .bundled).api(flags)
    }
}
