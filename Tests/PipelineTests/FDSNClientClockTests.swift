import AsyncHTTPClient
import WaveformSources
import FDSNTestServer
import Logging
import NIOCore
import SeedCore
import TestSupport
import Testing

/// The FDSN client's timeouts and retry waits on a manual clock, against the FDSN test
/// server (a real socket): the test moves the clock once it has seen the request arrive, so
/// what is asserted is the order (the retry comes after the timeout or `Retry-After`, not
/// before), never how fast a loaded machine answers.
@Suite(.timeLimit(.minutes(2))) struct FDSNClientClockTests {
    static let channel = SourceID("HV.UWE..HHZ")!
    static let requests = [
        WaveformRequest(
            channel: channel,
            window: TimeWindow(
                start: UTCTime(year: 2025, month: 11, day: 4, hour: 22),
                end: UTCTime(year: 2025, month: 11, day: 4, hour: 22, minute: 10)))
    ]
    static let logger = Logger.quiet("fdsn-clock")

    static func client(_ server: FDSNTestServer, clock: ManualClock) -> FDSNClient {
        FDSNClient(
            configuration: FDSNConfiguration(
                baseURL: server.endpoint, requestDelay: .zero, maximumAttempts: 2, baseDelay: .milliseconds(10),
                maximumDelay: .seconds(2), timeout: .seconds(5)),
            httpClient: .shared, clock: clock)
    }

    /// The answer of the server without faults: what the retried fetch must return.
    static func reference(_ server: FDSNTestServer) async throws -> [UInt8] {
        let plain = FDSNClient(
            configuration: FDSNConfiguration(baseURL: server.endpoint, requestDelay: .zero), httpClient: .shared)
        return try await plain.fetch(requests, logger: logger)
    }

    @Test func aSlowAnswerTimesOutOnTheClockAndIsRetried() async throws {
        // The first answer comes in an hour; the attempt's 5 s timeout is on the manual clock.
        let server = try await FDSNTestServer.start(.init(faults: [.delay(.hours(1))]))
        let clock = ManualClock()
        let client = Self.client(server, clock: clock)
        async let fetched = client.fetch(Self.requests, logger: Self.logger)
        try await waitUntil("the first request") { server.requests.count == 1 }
        try await clock.waitForSleepers(1)
        #expect(server.requests.count == 1, "no retry before the timeout")
        clock.advance(by: .seconds(5))
        // The wait before the retry (jittered, at most 10 ms) is on the clock too.
        try await clock.waitForSleepers(1)
        #expect(server.requests.count == 1, "no retry before its wait")
        if let wake = clock.nextWake { clock.advance(to: wake) }
        let bytes = try await fetched
        #expect(server.requests.count == 2)
        #expect(bytes == (try await Self.reference(server)))
        try await server.shutdown()
    }

    @Test func throttlingWaitsRetryAfterOnTheClock() async throws {
        let server = try await FDSNTestServer.start(
            .init(faults: [.status(429, retryAfter: 1, body: "Too Many Requests")]))
        let clock = ManualClock()
        let client = Self.client(server, clock: clock)
        async let fetched = client.fetch(Self.requests, logger: Self.logger)
        // The wait before the retry: its wake-up is before the attempt timeout's (5 s).
        try await waitUntil("the Retry-After wait") {
            server.requests.count == 1 && (clock.nextWake.map { $0.offset < .seconds(5) } ?? false)
        }
        let wake = try #require(clock.nextWake)
        #expect(wake.offset == .seconds(1), "Retry-After: 1 (the jittered backoff is at most 10 ms)")
        clock.advance(by: .milliseconds(999))
        #expect(server.requests.count == 1, "no retry before Retry-After")
        clock.advance(to: wake)
        let bytes = try await fetched
        #expect(server.requests.count == 2)
        #expect(bytes == (try await Self.reference(server)))
        try await server.shutdown()
    }
}
