import FDSNTestServer
import AsyncHTTPClient
import ChunkStore
import Foundation
import Logging
import NIOCore
import SeedCore
import TestSupport
import Testing

@testable import Pipeline
@testable import FDSN

/// ``FDSNClient`` against ``FDSNTestServer`` (fixtures by `Fixtures/make_fdsn_fixtures.py`).
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

    @Test func aSlowAnswerTimesOutAndIsRetried() async throws {
        try await Self.withClient(
            .init(faults: [.delay(.seconds(60))]),
            // 5 s: the retry (answered at once) must not time out too while the whole suite
            // runs in parallel on 2 cores (1 s did, once the suite grew).
            timeout: .seconds(5)
        ) { server, client in
            let started = ContinuousClock.now
            let channels = Array(Self.channels.prefix(1))
            let bytes = try await client.fetch(Self.requests(channels), logger: Self.logger)
            // Far below the server's 60 s delay: the client gave up on the first request
            // (generous: the whole suite shares 2 cores).
            #expect(ContinuousClock.now - started < .seconds(45))
            try Self.expectFixtureSamples(bytes, channels: channels)
            #expect(server.requests.count == 2)
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

    // MARK: - Redirects and GET

    @Test func aRedirectIsFollowedWithTheBulkBody() async throws {
        let bytes = try await Self.withClient { server, client in
            let moved = FDSNClient(
                configuration: Self.configuration(server) { $0.baseURL = server.endpoint + FDSNTestServer.movedPrefix },
                httpClient: client.httpClient
            )
            let bytes = try await moved.fetch(Self.requests(), logger: Self.logger)
            let requests = server.requests
            #expect(requests.map(\.path) == ["/moved/fdsnws/dataselect/1/query", "/fdsnws/dataselect/1/query"])
            let allCarryTheBody = requests.allSatisfy { $0.method == "POST" && $0.requestLines.count == 15 }
            #expect(allCarryTheBody)
            return bytes
        }
        try Self.expectFixtureSamples(bytes)
    }

    @Test func aServiceWithoutPostIsAskedOneChannelAtATime() async throws {
        try await Self.withClient(.init(refusePost: true)) { server, client in
            let bytes = try await client.fetch(Self.requests(), logger: Self.logger)
            try Self.expectFixtureSamples(bytes)
            let requests = server.requests
            // Both filters outside #expect: with the first inside it, Swift 6.3.1 ran the POST
            // filter for the GET one too (a closure inside a macro inside a closure collides with
            // a later closure outside the macro).
            let posts = requests.filter { $0.method == "POST" }
            let gets = requests.filter { $0.method == "GET" }
            #expect(posts.count == 1)
            #expect(gets.count == 15)
            let uweRequest = gets.first { $0.query["sta"] == "UWE" }
            let uwe = try #require(uweRequest)
            #expect(uwe.path == "/fdsnws/dataselect/1/query")
            #expect(
                uwe.query == [
                    "net": "HV", "sta": "UWE", "loc": "--", "cha": "HHZ",
                    "starttime": "2025-11-04T22:00:00", "endtime": "2025-11-04T22:10:00",
                ]
            )
        }
    }

    @Test func fetchSingleAsksWithAQueryString() async throws {
        try await Self.withClient { server, client in
            let channel = try #require(SourceID("AV.SPCN..BHZ"))
            let bytes = try await client.fetchSingle(WaveformRequest(channel: channel, window: Self.window), logger: Self.logger)
            try Self.expectFixtureSamples(bytes, channels: [channel])
            #expect(
                server.requests.map(\.uri) == [
                    "/fdsnws/dataselect/1/query?net=AV&sta=SPCN&loc=--&cha=BHZ"
                        + "&starttime=2025-11-04T22:00:00&endtime=2025-11-04T22:10:00"
                ]
            )
        }
    }

    // MARK: - Station facts

    @Test func stationTextBecomesFactsForTheChannelsAsked() async throws {
        try await Self.withClient { server, client in
            let unknown = try #require(SourceID("XX.NONE..HHZ"))
            let facts = await client.stationFacts(for: Self.channels + [unknown], logger: Self.logger)
            #expect(facts.count == 15)
            #expect(facts[unknown] == nil)
            let uwe = try #require(facts[Self.channels[0]])
            #expect(
                uwe == StationFacts(instrumentType: "Nanometrics Trillium Compact 120", latitude: 19.4211, longitude: -155.2921, elevationM: 1240.0)
            )
            let spcnID = try #require(SourceID("AV.SPCN..BHZ"))
            let spcn = try #require(facts[spcnID])
            #expect(spcn.latitude == 61.2240)
            #expect(spcn.instrumentType == "Nanometrics Trillium 120PH")
            let requests = server.requests
            #expect(requests.count == 1)
            let query = try #require(requests.first?.query)
            #expect(requests.first?.path == "/fdsnws/station/1/query")
            #expect(query["net"] == "AV,HV,XX")
            #expect(query["loc"] == "--")
            #expect(query["cha"] == "BHZ,EHZ,HHZ")
            #expect(query["level"] == "channel")
            #expect(query["format"] == "text")
        }
    }

    @Test func stationFactsAreEmptyWhenTheServiceFails() async throws {
        try await Self.withClient(.init(fallback: .status(503))) { server, client in
            #expect(await client.stationFacts(for: Self.channels, logger: Self.logger).isEmpty)
            #expect(server.requests.count == 4)
        }
    }

    @Test func stationTextKeepsTheOpenEpoch() throws {
        let text = """
            #Network | Station | Location | Channel | Latitude | Longitude | Elevation | Depth | Azimuth | Dip | SensorDescription | Scale | ScaleFreq | ScaleUnits | SampleRate | StartTime | EndTime
            HV|UWE||HHZ|19.0|-155.0|1000.0|0.0|0.0|-90.0|Old sensor|1.0E9|1.0|M/S|100.0|2010-01-01T00:00:00|2019-01-01T00:00:00
            HV|UWE||HHZ|19.4211|-155.2921|1240.0|0.0|0.0|-90.0|New sensor|1.0E9|1.0|M/S|100.0|2019-01-01T00:00:00|
            """
        let uwe = try #require(SourceID("HV.UWE..HHZ"))
        let facts = try #require(FDSNStationText.facts(FDSNStationText.parse(text), for: [uwe])[uwe])
        #expect(facts.instrumentType == "New sensor")
        #expect(facts.elevationM == 1240.0)
    }

    // MARK: - Record walk

    @Test func wholeRecordsAreNotCutOff() throws {
        let bytes = [UInt8](try Data(contentsOf: FDSNTestServer.fixtures.appendingPathComponent("HV.OBL..HHZ.mseed")))
        #expect(MiniSEEDReader().index(bytes).incompleteRecordOffset == nil)
        #expect(MiniSEEDReader().index([]).incompleteRecordOffset == nil)
    }

    @Test(arguments: [1, 47, 48, 200, 511])
    func aRecordCutAnywhereIsFound(keptBytesOfTheLastRecord: Int) throws {
        let bytes = [UInt8](try Data(contentsOf: FDSNTestServer.fixtures.appendingPathComponent("AV.SPCN..BHZ.mseed")))
        let cut = Array(bytes.prefix(1024 + keptBytesOfTheLastRecord))
        #expect(MiniSEEDReader().index(cut).incompleteRecordOffset == 1024)
    }

    @Test func littleEndianRecordLengthsAreRead() throws {
        var record = [UInt8](try Data(contentsOf: FDSNTestServer.fixtures.appendingPathComponent("AV.SPCN..BHZ.mseed")).prefix(512))
        // Swap the header fields the walk reads (year, day, first blockette, blockette 1000's type and next).
        for offset in [20, 22, 46, 48, 50] { record.swapAt(offset, offset + 1) }
        #expect(MiniSEEDReader().index(record + record.prefix(100)).incompleteRecordOffset == 512)
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

/// Channel discovery through the station service (`seiscron stations --discover`).
@Suite struct FDSNDiscoveryTests {
    @Test func channelsNearAVolcanoComeClosestFirstWithinTheRadius() async throws {
        let server = try await FDSNTestServer.start()
        let client = FDSNClient(
            configuration: FDSNConfiguration(baseURL: server.endpoint, requestDelay: .zero), httpClient: .shared)
        let kilauea = try #require(StationCatalog.bundled.volcanoes["kilauea"])
        let found = try await client.channelsNear(
            latitude: kilauea.lat, longitude: kilauea.lon, radiusKm: 20, logger: Logger.quiet("discovery"))
        try await server.shutdown()
        let ids = found.map(\.sourceID.description)
        // The fixture's coordinates (stations.txt) put these three closest.
        #expect(Set(ids.prefix(3)) == ["HV.UWE..HHZ", "HV.OBL..HHZ", "HV.UWB..HHZ"])
        #expect(!ids.contains("AV.GSTD..BHZ"))
        let distances = found.map(\.distanceKm)
        #expect(distances == distances.sorted())
        #expect(found.first?.sampleRate == 100)
        let query = server.requests.first?.query
        #expect(query?["level"] == "channel")
        #expect(query?["maxradius"].flatMap(Double.init).map { abs($0 - 20 / 111.195) < 1e-9 } == true)
    }

    @Test func distancesAreGreatCircleKilometres() {
        // Kīlauea summit to Mauna Loa summit: about 34 km.
        let d = FDSNClient.distanceKm(19.421, -155.287, 19.475, -155.608)
        #expect(abs(d - 34.2) < 0.5)
    }
}
