import FDSNTestServer
import AsyncHTTPClient
import ChunkStore
import Foundation
import Logging
import NIOCore
import SeedCore
import TestSupport
import Testing

@testable import WaveformSources

/// ``FDSNClient`` against ``FDSNTestServer`` (fixtures by `Tests/PipelineTests/Fixtures/make_fdsn_fixtures.py`):
/// what is sent, 413, retries, politeness, redirects and `GET`.
@Suite struct FDSNClientTests {
    /// The 15 production channels, in the order the fixtures list them.
    static let channels: [SourceID] = [
        "HV.UWE..HHZ", "HV.OBL..HHZ", "HV.UWB..HHZ", "HV.MOKD..HHZ", "HV.SWRD..EHZ", "HV.WILD..EHZ",
        "AV.GSTD..BHZ", "AV.GSTR..BHZ", "AV.GSSP..BHZ", "AV.SSLS..BHZ", "AV.SSLN..BHZ", "AV.SSBA..BHZ",
        "AV.SPCP..BHZ", "AV.SPBG..BHZ", "AV.SPCN..BHZ",
    ].compactMap { SourceID($0) }

    static let window = TimeWindow(
        start: UTCTime(year: 2025, month: 11, day: 4, hour: 22),
        end: UTCTime(year: 2025, month: 11, day: 4, hour: 22, minute: 10)
    )

    static let logger = Logger.quiet("fdsn-tests")

    static func requests(_ channels: [SourceID] = channels, window: TimeWindow = window) -> [WaveformRequest] {
        channels.map { WaveformRequest(channel: $0, window: window) }
    }

    /// Quick retries, no spacing: the tests that need politeness set it themselves.
    static func configuration(
        _ server: FDSNTestServer,
        _ change: (inout FDSNConfiguration) -> Void = { _ in }
    )
        -> FDSNConfiguration
    {
        var configuration = FDSNConfiguration(
            baseURL: server.endpoint,
            requestDelay: .zero,
            maximumAttempts: 4,
            baseDelay: .milliseconds(10),
            maximumDelay: .seconds(2),
            timeout: .seconds(10)
        )
        change(&configuration)
        return configuration
    }

    /// Runs `body` with a fresh server and a client whose HTTP client follows redirects as
    /// ``FDSNClient/redirectConfiguration`` says.
    static func withClient<T>(
        _ options: FDSNTestServer.Options = .init(),
        timeout: Duration = .seconds(60),
        maximumConnections: Int = 3,
        maximumResponseBytes: Int = 256 * 1024 * 1024,
        _ body: (FDSNTestServer, FDSNClient) async throws -> T
    ) async throws -> T {
        let server = try await FDSNTestServer.start(options)
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.redirectConfiguration = FDSNClient.redirectConfiguration
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        let tuned = configuration(server) {
            $0.timeout = timeout
            $0.maximumConnections = maximumConnections
            $0.maximumResponseBytes = maximumResponseBytes
        }
        let client = FDSNClient(configuration: tuned, httpClient: http)
        do {
            let result = try await body(server, client)
            try await http.shutdown()
            try await server.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            try? await server.shutdown()
            throw error
        }
    }

    /// Per channel: the records, samples and sums ObsPy read from the window's records.
    struct Expected: Decodable {
        struct Channel: Decodable {
            var records: Int
            var samples: Int
            var sum: Int64
            var weightedSum: Int64
            var firstStartNs: Int64
        }
        var channels: [String: Channel]

        static func load() throws -> Expected {
            let url = FDSNTestServer.fixtures.appendingPathComponent("expected.json")
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(Expected.self, from: Data(contentsOf: url))
        }
    }

    /// Decodes `bytes` and checks every channel of `channels` against expected.json.
    static func expectFixtureSamples(_ bytes: [UInt8], channels: [SourceID] = channels) throws {
        let expected = try Expected.load()
        let result = try MiniSEEDReader().read(bytes)
        #expect(result.warnings.isEmpty)
        for channel in channels {
            let want = try #require(expected.channels[channel.description])
            let traces = result.traces.filter { $0.id == channel }.sorted { $0.startTime < $1.startTime }
            let records = result.records.filter { $0.sourceID == channel }
            var samples: [Int64] = []
            for trace in traces {
                guard case .int32(let values) = trace.samples else {
                    Issue.record("\(channel): samples are not int32")
                    continue
                }
                samples += values.map(Int64.init)
            }
            #expect(records.count == want.records, "\(channel)")
            #expect(samples.count == want.samples, "\(channel)")
            #expect(samples.reduce(0, +) == want.sum, "\(channel)")
            // Closures stay out of #expect: Swift 6.3.1 can confuse a closure inside the macro with
            // a later one outside it (see aServiceWithoutPostIsAskedOneChannelAtATime).
            let weightedSum = samples.enumerated().reduce(Int64(0)) { $0 + Int64($1.offset) * $1.element }
            #expect(weightedSum == want.weightedSum, "\(channel)")
            #expect(traces.first?.startTime.nanoseconds == want.firstStartNs, "\(channel)")
        }
    }

    static func recordCount(_ bytes: [UInt8]) throws -> Int {
        bytes.isEmpty ? 0 : try MiniSEEDReader().read(bytes).records.count
    }

    // MARK: - What is sent

    @Test func theDefaultsArePoliteToEarthScope() {
        let defaults = FDSNConfiguration(baseURL: "https://service.earthscope.org/")
        #expect(defaults == FDSNConfiguration())
        #expect(defaults.baseURL == "https://service.earthscope.org")
        #expect(defaults.userAgent == "seiscache/0.1.0")
        #expect(defaults.maximumConnections == 3)
        #expect(defaults.requestDelay == .seconds(1))
        #expect(defaults.maximumAttempts == 4)
        #expect(defaults.timeout == .seconds(120))
        #expect(defaults.maximumResponseBytes == 256 * 1024 * 1024)
        #expect(FDSNClient(httpClient: .shared).displayName == "fdsn https://service.earthscope.org")
    }

    @Test func oneBulkPostCarriesEveryChannelWindowAndTheUserAgent() async throws {
        try await Self.withClient { server, client in
            _ = try await client.fetch(Self.requests(), logger: Self.logger)
            let requests = server.requests
            #expect(requests.count == 1)
            let request = try #require(requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/fdsnws/dataselect/1/query")
            #expect(request.userAgent == "seiscache/\(Seiscache.version)")
            #expect(request.bodyLines.first == "quality=B")
            #expect(request.requestLines == Self.requests().map(\.description))
            #expect(request.requestLines.first == "HV UWE -- HHZ 2025-11-04T22:00:00 2025-11-04T22:10:00")
        }
    }

    @Test func theRecordsDecodeToTheFixtureSamplesOfTheWindow() async throws {
        let bytes = try await Self.withClient { _, client in try await client.fetch(Self.requests(), logger: Self.logger) }
        #expect(bytes.count % 512 == 0)
        try Self.expectFixtureSamples(bytes)
    }

    @Test func aWindowWithoutDataIsAnEmptyResult() async throws {
        let empty = TimeWindow(start: UTCTime(year: 2025, month: 11, day: 5), end: UTCTime(year: 2025, month: 11, day: 5, minute: 10))
        try await Self.withClient { server, client in
            let bytes = try await client.fetch(Self.requests(window: empty), logger: Self.logger)
            #expect(bytes.isEmpty)
            #expect(server.requests.count == 1)
        }
    }

    @Test func notFoundIsNoData() async throws {
        try await Self.withClient(.init(faults: [.status(404, body: "Error 404: No data")])) { server, client in
            let bytes = try await client.fetch(Self.requests(), logger: Self.logger)
            #expect(bytes.isEmpty)
            #expect(server.requests.count == 1)
        }
    }

    @Test func noRequestsSendNothing() async throws {
        try await Self.withClient { server, client in
            let bytes = try await client.fetch([], logger: Self.logger)
            #expect(bytes.isEmpty)
            #expect(server.requests.isEmpty)
        }
    }

    // MARK: - 413

    @Test func tooLargeSplitsTheBulkRequestUntilTheServiceAcceptsIt() async throws {
        try await Self.withClient(.init(maximumPostLines: 8)) { server, client in
            let bytes = try await client.fetch(Self.requests(), logger: Self.logger)
            try Self.expectFixtureSamples(bytes)
            let posts = server.requests.filter { $0.method == "POST" }
            #expect(posts.count == 3)  // 15 refused, then 7 and 8 accepted
            let accepted = posts.filter { $0.requestLines.count <= 8 }
            #expect(accepted.count == 2)
            #expect(Set(accepted.flatMap(\.requestLines)) == Set(Self.requests().map(\.description)))
        }
    }

    @Test func tooLargeForASingleChannelIsRejected() async throws {
        try await Self.withClient(.init(maximumPostLines: 0)) { server, client in
            await #expect { try await client.fetch(Self.requests(), logger: Self.logger) } throws: { error in
                (error as? WaveformSourceError)?.code == .rejected && (error as? WaveformSourceError)?.httpStatus == 413
            }
            #expect(server.requests.count == 4)  // 15, 7, 3, then a single line: refused, nothing more is asked
        }
    }

    // MARK: - Retries

    @Test func throttlingIsRetriedAfterRetryAfter() async throws {
        try await Self.withClient(.init(faults: [.status(429, retryAfter: 1, body: "Too Many Requests")])) { server, client in
            let started = ContinuousClock.now
            let bytes = try await client.fetch(Self.requests(), logger: Self.logger)
            #expect(ContinuousClock.now - started >= .seconds(1))
            try Self.expectFixtureSamples(bytes)
            #expect(server.requests.count == 2)
            let requests = server.requests
            #expect(requests[1].received - requests[0].received >= .seconds(1))
        }
    }

    @Test func serverErrorsAreRetried() async throws {
        try await Self.withClient(.init(faults: [.status(500), .status(500)])) { server, client in
            let bytes = try await client.fetch(Self.requests(), logger: Self.logger)
            try Self.expectFixtureSamples(bytes)
            #expect(server.requests.count == 3)
        }
    }

    @Test(arguments: [502, 503, 504])
    func exhaustedRetriesAreTransient(status: Int) async throws {
        try await Self.withClient(.init(fallback: .status(status, body: "Service Unavailable"))) { server, client in
            await #expect { try await client.fetch(Self.requests(), logger: Self.logger) } throws: { error in
                guard let error = error as? WaveformSourceError else { return false }
                return error.code == .transient && error.httpStatus == status
            }
            #expect(server.requests.count == 4)
        }
    }

    @Test func droppedConnectionsAreRetried() async throws {
        try await Self.withClient(.init(faults: [.dropConnection])) { server, client in
            let bytes = try await client.fetch(Self.requests(), logger: Self.logger)
            #expect(try Self.recordCount(bytes) > 0)
            #expect(server.requests.count == 2)
        }
    }

    @Test func aBadRequestIsRejectedWithTheServiceTextAndNotRetried() async throws {
        let text = "Error 400: Bad Request\n\nUnrecognized channel code XYZ\n"
        try await Self.withClient(.init(faults: [.status(400, body: text)])) { server, client in
            await #expect { try await client.fetch(Self.requests(), logger: Self.logger) } throws: { error in
                guard let error = error as? WaveformSourceError else { return false }
                return error.code == .rejected && error.httpStatus == 400
                    && error.message.contains("Unrecognized channel code XYZ")
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func aBodyCutMidRecordIsRetried() async throws {
        try await Self.withClient(.init(faults: [.truncate])) { server, client in
            let bytes = try await client.fetch(Self.requests(), logger: Self.logger)
            try Self.expectFixtureSamples(bytes)
            #expect(server.requests.count == 2)
        }
    }

    @Test func aBodyThatKeepsEndingMidRecordIsTruncated() async throws {
        try await Self.withClient(.init(fallback: .truncate)) { server, client in
            await #expect { try await client.fetch(Self.requests(), logger: Self.logger) } throws: { error in
                (error as? WaveformSourceError)?.code == .truncated
            }
            #expect(server.requests.count == 4)
        }
    }

    /// On a real socket: the first answer never comes (the server waits a minute), the client
    /// gives up after its timeout and the retry brings the data. How long it takes is not
    /// asserted (FDSNClientClockTests checks the timeout and the wait on a manual clock).
    @Test func aSlowAnswerTimesOutAndIsRetried() async throws {
        try await Self.withClient(.init(faults: [.delay(.seconds(60))]), timeout: .seconds(5)) { server, client in
            let channels = Array(Self.channels.prefix(1))
            let bytes = try await client.fetch(Self.requests(channels), logger: Self.logger)
            try Self.expectFixtureSamples(bytes, channels: channels)
            // The first request timed out; a loaded machine may time out a retry too.
            #expect(server.requests.count >= 2)
        }
    }

    @Test func aResponseOverTheCapIsAnErrorNamingTheCap() async throws {
        try await Self.withClient(maximumResponseBytes: 4096) { server, client in
            await #expect { try await client.fetch(Self.requests(), logger: Self.logger) } throws: { error in
                (error as? WaveformSourceError)?.message.contains("4096") == true
            }
            #expect(server.requests.count == 1)
        }
    }

    // MARK: - Politeness

    @Test func concurrentFetchesStayWithinMaximumConnections() async throws {
        try await Self.withClient(
            .init(fallback: .delay(.milliseconds(300))),
            maximumConnections: 2
        ) { server, client in
            let windows = (0..<6).map { (minute: Int) -> TimeWindow in
                TimeWindow(
                    start: Self.window.start.adding(seconds: Int64(minute * 60)),
                    end: Self.window.start.adding(seconds: Int64(minute * 60 + 60))
                )
            }
            try await withThrowingTaskGroup(of: Int.self) { group in
                for window in windows {
                    group.addTask { try await client.fetch(Self.requests(window: window), logger: Self.logger).count }
                }
                for try await count in group { #expect(count > 0) }
            }
            #expect(server.requests.count == 6)
            #expect(server.maximumConcurrentRequests == 2)
        }
    }

    @Test(.timeLimit(.minutes(1))) func requestStartsAreRequestDelayApart() async throws {
        // On a manual clock whose waits pass at once: the starts are exact, whatever the load.
        let clock = ManualClock(passingWaitsBefore: .seconds(3600))
        let gate = FDSNRequestGate(capacity: 3, spacing: .milliseconds(100), stopwatch: Stopwatch(clock))
        let starts = try await withThrowingTaskGroup(of: Duration.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    let scheduled = try await gate.acquire()
                    let admitted = clock.now.offset
                    try await clock.sleep(for: .milliseconds(20))
                    await gate.release()
                    #expect(admitted >= scheduled)
                    return scheduled
                }
            }
            var starts: [Duration] = []
            for try await start in group { starts.append(start) }
            return starts.sorted()
        }
        #expect(starts == [0, 100, 200, 300, 400].map { Duration.milliseconds($0) })
    }

    @Test func theGateAdmitsAtMostItsCapacity() async throws {
        let gate = FDSNRequestGate(capacity: 2, spacing: .zero, stopwatch: Stopwatch(ContinuousClock()))
        let counter = InFlightCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await gate.acquire()
                    await counter.enter()
                    try await Task.sleep(for: .milliseconds(30))
                    await counter.leave()
                    await gate.release()
                }
            }
            try await group.waitForAll()
        }
        #expect(await counter.most == 2)
    }
}

/// Counts tasks inside a section and remembers the most at once.
actor InFlightCounter {
    private(set) var most = 0
    private var now = 0

    func enter() {
        now += 1
        most = max(most, now)
    }

    func leave() { now -= 1 }
}
