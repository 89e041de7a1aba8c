import CacheServices
import Foundation
import HummingbirdWSClient
import NIOWebSocket
import Pipeline
import SeedCore
import SeedLinkTestServer
import TestSupport
import WSCore
import Testing

@testable import seisapi

/// `/live` end to end: the in-process SeedLink test server streams the shipped sample's
/// ObsPy-written records, seisapi follows it (`LIVE_SOURCE`), and a real WebSocket client
/// listens; what it gets is checked against ObsPy's reading of the same files.
@Suite("/live", .serialized, .timeLimit(.minutes(3)))
struct LiveRouteTests {
    static let uwe = SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ")
    static let files = [
        "Samples/sds/2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308",
        "Samples/sds/2025/HV/OBL/HHZ.D/HV.OBL..HHZ.D.2025.308",
        "Samples/sds/2025/AV/GSTD/BHZ.D/AV.GSTD..BHZ.D.2025.308",
    ]

    /// The files' 512-byte records, interleaved in time order as a server's ring holds them,
    /// and each channel's record count.
    static func ring() throws -> (records: [[UInt8]], counts: [SourceID: Int]) {
        var timed: [(start: Int64, file: Int, record: [UInt8])] = []
        var counts: [SourceID: Int] = [:]
        for (index, path) in files.enumerated() {
            let bytes = try [UInt8](Data(contentsOf: TestSupport.repository.appendingPathComponent(path)))
            for record in SeedLinkTestServer.records(of: bytes) {
                let trace = try #require(try MiniSEEDReader().read(record).traces.first)
                counts[trace.id, default: 0] += 1
                timed.append((trace.startTime.nanoseconds, index, record))
            }
        }
        return (timed.sorted { ($0.start, $0.file) < ($1.start, $1.file) }.map(\.record), counts)
    }

    /// A harness following `server` with `environment` (the whole day kept unless it says otherwise).
    static func harness(_ server: SeedLinkTestServer, _ environment: [String: String] = [:]) throws -> SeisAPITestHarness {
        var variables = ["LIVE_SOURCE": "seedlink:127.0.0.1:\(server.port)", "LIVE_BUFFER_MINUTES": "1440"]
        variables.merge(environment) { $1 }
        return try SeisAPITestHarness(sampleArchive: true, environment: variables)
    }

    /// Waits until `condition` holds (polling; the bound only stops a broken test).
    static func eventually(_ what: String, _ condition: @Sendable () async -> Bool) async throws {
        for _ in 0..<600 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("never: \(what)")
    }

    static func volcano(of channel: SourceID, in harness: SeisAPITestHarness) throws -> String {
        try #require(harness.services.channels.first { $0.sourceID == channel }).volcano
    }

    /// The test server streaming the sample's ring (with `faults`, paced by `pacing`) and a
    /// harness following it.
    struct Setup {
        var server: SeedLinkTestServer
        var harness: SeisAPITestHarness
        var live: LiveListening
        /// Each channel's record count.
        var counts: [SourceID: Int]
        /// `/live`'s query for HV.UWE..HHZ.
        var uweQuery: String

        init(
            _ environment: [String: String] = [:], faults: [SeedLinkTestServer.Fault] = [],
            pacing: SeedLinkTestServer.Pacing = .immediate
        ) async throws {
            let (records, counts) = try LiveRouteTests.ring()
            server = try await SeedLinkTestServer.start(records: records, faults: faults, pacing: pacing)
            harness = try LiveRouteTests.harness(server, environment)
            live = try #require(harness.services.live)
            self.counts = counts
            uweQuery = LiveListenerClient.query(LiveRouteTests.uwe, volcano: try LiveRouteTests.volcano(of: LiveRouteTests.uwe, in: harness))
        }
    }

    /// Every frame's samples, in order, are ObsPy's samples of the file; each frame starts where
    /// the previous one ended; the first starts at ObsPy's start.
    static func expectObsPyExact(_ frames: [LiveListenerClient.Frame], file: String, rate: Double) throws {
        let reference = try LiveListenerClient.obspy(TestSupport.repository.appendingPathComponent(file))
        #expect(frames.flatMap(\.samples) == reference.samples, "\(file): \(frames.count) frames")
        #expect(frames.first?.start == reference.start)
        var expectedStart = reference.start
        for frame in frames {
            #expect(abs(frame.start - expectedStart) <= 1000, "no gap and no repeat at \(frame.start)")
            expectedStart = frame.start + Int64((Double(frame.samples.count) / rate * 1e9).rounded())
        }
    }

    @Test("the first message names the channel and rate; the frames carry ObsPy's samples of every record")
    func firstMessageThenEveryRecord() async throws {
        let setup = try await Setup()
        defer { Task { await setup.server.stop() } }
        let (live, query) = (setup.live, setup.uweQuery)
        let expected = try #require(setup.counts[Self.uwe])
        let volcano = try Self.volcano(of: Self.uwe, in: setup.harness)
        let received = try await setup.harness.withServer { port in
            try await Self.eventually("the feed delivered every record") { await live.channels.kept(Self.uwe).count == expected }
            return try await LiveListenerClient.listen(port: port, query: query) { $0.frames.count >= expected }
        }
        #expect(
            received.hello
                == LiveListenerClient.Hello(
                    channel: "HV.UWE..HHZ", volcano: volcano, sample_rate: 100, buffer_minutes: 1440, backlog_records: expected))
        #expect(received.malformed == 0)
        try Self.expectObsPyExact(received.frames, file: Self.files[0], rate: 100)
        #expect(received.close?.closeCode == .normalClosure)
    }

    @Test("a listener that leaves is removed")
    func disconnectFreesTheListener() async throws {
        let setup = try await Setup()
        defer { Task { await setup.server.stop() } }
        let (live, query) = (setup.live, setup.uweQuery)
        try await setup.harness.withServer { port in
            let count = LockedBox(0)
            _ = try await LiveListenerClient.listen(
                port: port, query: query,
                joined: {
                    let listeners = await live.channels.listenerCount
                    count.update { $0 = listeners }
                }, until: { _ in true })
            #expect(count.value == 1, "listening while joined")
            try await Self.eventually("the listener is removed") { await live.channels.listenerCount == 0 }
        }
    }

    /// LiveChannels ends a listener that fell `LIVE_QUEUED_RECORDS` behind (LiveChannelsTests);
    /// here the test ends it the same way (its stream finishes), and the socket says why.
    @Test("a listener LiveChannels ends is closed with 1008 and a reason saying it was too slow")
    func anEndedListenerIsClosedAsTooSlow() async throws {
        let setup = try await Setup(["LIVE_QUEUED_RECORDS": "7"])
        defer { Task { await setup.server.stop() } }
        let (live, query) = (setup.live, setup.uweQuery)
        let received = try await setup.harness.withServer { port in
            // The first listener of this server is number 0.
            try await LiveListenerClient.listen(port: port, query: query, joined: { await live.channels.remove(Self.uwe, 0) }) { _ in
                false
            }
        }
        #expect(received.close?.closeCode == .policyViolation)
        #expect(received.close?.reason?.hasPrefix("too slow: 7 records were waiting") == true, "\(String(describing: received.close))")
        #expect(await live.channels.listenerCount == 0)
    }

    @Test("a graceful shutdown closes the open listeners (1000) instead of waiting for them")
    func shutdownClosesListeners() async throws {
        let setup = try await Setup()
        defer { Task { await setup.server.stop() } }
        let (live, query) = (setup.live, setup.uweQuery)
        let client = try await setup.harness.withServer { port in
            let client = Task { try await LiveListenerClient.listen(port: port, query: query) { _ in false } }
            try await Self.eventually("listening") { await live.channels.listenerCount == 1 }
            return client
        }
        let received = try await client.value
        #expect(received.close?.closeCode == .normalClosure, "\(String(describing: received.close))")
        #expect(await live.channels.listenerCount == 0)
    }

    @Test("a listener whose connection is cut without a close frame is removed too")
    func abruptDisconnectFreesTheListener() async throws {
        let setup = try await Setup()
        defer { Task { await setup.server.stop() } }
        let (live, query) = (setup.live, setup.uweQuery)
        try await setup.harness.withServer { port in
            try await Self.eventually("the feed delivered records") { await !live.channels.kept(Self.uwe).isEmpty }
            // The handshake, then the socket is closed after a second without a WebSocket close.
            let answer = try await RawConnection.exchange(
                port: port, limit: .seconds(1),
                initial: Self.handshakeRequest(query: query)
            ).received
            #expect(answer.hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"), "\(answer.prefix(200))")
            #expect(answer.contains("\"channel\":\"HV.UWE..HHZ\""), "the first message came")
            try await Self.eventually("the listener is removed") { await live.channels.listenerCount == 0 }
        }
    }

    @Test("the upstream connection drops mid-stream: the feed resumes, the listener gets every record once")
    func upstreamDropIsResumedWithoutGapOrRepeat() async throws {
        // Paced, so the listener is there before the drop; the second connection asks for the rest.
        let setup = try await Setup(faults: [.init(connection: 1, afterPackets: 30, .drop)], pacing: .interval(.milliseconds(5)))
        let server = setup.server
        defer { Task { await server.stop() } }
        let expected = try #require(setup.counts[Self.uwe])
        let query = setup.uweQuery
        let received = try await setup.harness.withServer { port in
            try await LiveListenerClient.listen(port: port, query: query) { $0.frames.count >= expected }
        }
        #expect(server.log.connections == 2, "the feed reconnected once")
        #expect(received.hello?.backlog_records ?? .max < expected, "joined before the end of the stream")
        try Self.expectObsPyExact(received.frames, file: Self.files[0], rate: 100)
    }

    /// The answer to a WebSocket handshake for `/live?query` (the server closes after a refusal).
    static func handshake(port: Int, query: String) async throws -> String {
        try await RawConnection.exchange(port: port, limit: .seconds(20), initial: handshakeRequest(query: query)).received
    }

    /// A WebSocket handshake request for `/live?query` (RFC 6455's sample key).
    static func handshakeRequest(query: String) -> String {
        "GET /live?\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    }

    @Test(
        "a bad or unknown channel is refused before the upgrade, as /data refuses it",
        arguments: [
            ("network=HV&volcano=kilauea&station=UWE&location=&channel=", "400 Bad Request", "\"field\":\"channel\""),
            ("network=HV&volcano=kilauea&station=UWE&location=&channel=H_Z", "400 Bad Request", "\"field\":\"channel\""),
            ("network=HV&volcano=atlantis&station=UWE&location=&channel=HHZ", "404 Not Found", "\"field\":\"volcano\""),
            ("network=HV&volcano=kilauea&station=NOPE&location=&channel=HHZ", "404 Not Found", "\"field\":\"channel\""),
        ])
    func refusesUnknownChannels(query: String, status: String, field: String) async throws {
        let setup = try await Setup()
        defer { Task { await setup.server.stop() } }
        let answer = try await setup.harness.withServer { port in try await Self.handshake(port: port, query: query) }
        #expect(answer.hasPrefix("HTTP/1.1 \(status)\r\n"), "\(answer)")
        #expect(answer.contains(field) && answer.contains("application/json"), "\(answer)")
        #expect(!answer.contains("101 Switching"))
    }

    @Test("without --live, /live says it is not configured (404)")
    func offWithoutLiveSource() async throws {
        let harness = try SeisAPITestHarness(sampleArchive: true)
        #expect(harness.services.live == nil)
        let answer = try await harness.withServer { port in
            try await Self.handshake(port: port, query: "network=HV&volcano=kilauea&station=UWE&location=&channel=HHZ")
        }
        #expect(answer.hasPrefix("HTTP/1.1 404 Not Found\r\n") && answer.contains("not configured"), "\(answer)")
    }

    @Test("past the listeners of a channel and in all: 503 with Retry-After before the upgrade")
    func listenerLimits() async throws {
        let setup = try await Setup(["LIVE_LISTENERS_PER_CHANNEL": "1", "LIVE_LISTENERS": "2"])
        defer { Task { await setup.server.stop() } }
        let (harness, live, uweQuery) = (setup.harness, setup.live, setup.uweQuery)
        let obl = SourceID(network: "HV", station: "OBL", location: "", channel: "HHZ")
        let gstd = SourceID(network: "AV", station: "GSTD", location: "", channel: "BHZ")
        let oblQuery = LiveListenerClient.query(obl, volcano: try Self.volcano(of: obl, in: harness))
        let gstdQuery = LiveListenerClient.query(gstd, volcano: try Self.volcano(of: gstd, in: harness))
        let answers = try await harness.withServer { port in
            // Listeners held open until the test has its answers: one of UWE, then one of OBL.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await LiveListenerClient.listen(port: port, query: uweQuery) { _ in false } }
                try await Self.eventually("one listener") { await live.channels.listenerCount == 1 }
                let perChannel = try await Self.handshake(port: port, query: uweQuery)
                group.addTask { _ = try await LiveListenerClient.listen(port: port, query: oblQuery) { _ in false } }
                try await Self.eventually("two listeners") { await live.channels.listenerCount == 2 }
                let inAll = try await Self.handshake(port: port, query: gstdQuery)
                group.cancelAll()
                while case .some = try? await group.next() {}
                return (perChannel, inAll)
            }
        }
        for answer in [answers.0, answers.1] {
            #expect(answer.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"), "\(answer)")
            #expect(answer.lowercased().contains("retry-after: 10\r\n"), "\(answer)")
        }
        #expect(answers.0.contains("1 listeners of HV.UWE..HHZ"), "\(answers.0)")
        #expect(answers.1.contains("2 listeners in all"))
    }
}
