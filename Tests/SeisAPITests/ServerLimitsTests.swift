import Foundation
import NIOCore
@testable import seisapi
import Testing

/// Every wait on a client is bounded: a real seisapi (``APIServer``) on a loopback port, raw
/// sockets that trickle, idle or crowd it.
@Suite("seisapi limits and timeouts", .timeLimit(.minutes(5)))
struct ServerLimitsTests {
    static let health = "GET /health HTTP/1.1\r\nHost: test\r\n\r\n"

    static func harness(header: Int = 30, body: Int = 30, idle: Int = 30, connections: Int = 512) throws
        -> SeisAPITestHarness
    {
        try SeisAPITestHarness(
            sampleArchive: true,
            environment: [
                "HTTP_HEADER_TIMEOUT_SECONDS": "\(header)", "HTTP_BODY_TIMEOUT_SECONDS": "\(body)",
                "HTTP_IDLE_TIMEOUT_SECONDS": "\(idle)", "HTTP_MAX_CONNECTIONS": "\(connections)",
            ])
    }

    // Bounds are generous: the whole test suite runs in parallel on two cores, and a test's
    // own tasks may wait seconds for a thread. What tells the behaviours apart is not the
    // exact second but whether the connection is cut off long before the client is done.

    /// Slowloris: a header trickled a few bytes at a time is cut off by the header timeout,
    /// however steadily the bytes come (sending it all would take 10 s).
    @Test func trickledHeaderIsClosedWithinTheHeaderTimeout() async throws {
        let outcome = try await Self.harness(header: 1).withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(20), initial: "GET /health HTTP/1.1\r\n") {
                outbound, _ in
                let header = "Host: test\r\n" + String(repeating: "X-Slow: yes\r\n", count: 100)
                try await RawConnection.trickle(header, chunk: 13, every: .milliseconds(100), to: outbound)
            }
        }
        let closed = try #require(outcome.closedAfter, "still open after 20 s")
        #expect(closed >= .milliseconds(900))
        #expect(closed < .seconds(8))
        #expect(outcome.received.isEmpty)
    }

    /// A connection that says nothing is closed by the header timeout too.
    @Test func silentConnectionIsClosedWithinTheHeaderTimeout() async throws {
        let outcome = try await Self.harness(header: 1).withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(20))
        }
        let closed = try #require(outcome.closedAfter, "still open after 20 s")
        #expect(closed < .seconds(8))
    }

    /// A body trickled after a prompt head is cut off by the body timeout (sending it all
    /// would take 10 s).
    @Test func slowBodyIsClosedWithinTheBodyTimeout() async throws {
        let head =
            "POST /api/backfill HTTP/1.1\r\nHost: test\r\n"
            + "Authorization: Bearer \(SeisAPITestHarness.token)\r\nContent-Length: 1000\r\n\r\n"
        let outcome = try await Self.harness(body: 1).withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(20), initial: head) { outbound, _ in
                try await RawConnection.trickle(
                    String(repeating: " ", count: 1000), chunk: 10, every: .milliseconds(100), to: outbound)
            }
        }
        let closed = try #require(outcome.closedAfter, "still open after 20 s")
        #expect(closed < .seconds(8))
    }

    /// After a response, a kept-alive connection that sends nothing is closed by the idle
    /// timeout.
    @Test func idleKeepAliveConnectionIsClosed() async throws {
        let outcome = try await Self.harness(idle: 1).withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(20), initial: Self.health)
        }
        #expect(outcome.received.hasPrefix("HTTP/1.1 200"))
        let closed = try #require(outcome.closedAfter, "still open after 20 s")
        #expect(closed < .seconds(8))
    }

    /// On a kept-alive connection the header timeout waits while the connection is idle and
    /// starts at the next request's first byte.
    @Test func headerTimeoutOfAKeptAliveConnectionStartsAtTheNextRequest() async throws {
        let outcome = try await Self.harness(header: 1, idle: 30).withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(30), initial: Self.health) { outbound, received in
                try await received.wait(for: "\"status\"", timeout: .seconds(20))
                // Idle for longer than the header timeout: not closed.
                try await Task.sleep(for: .seconds(2))
                try await outbound.write(ByteBuffer(string: Self.health))
                try await received.wait(for: "\"status\"", count: 2, timeout: .seconds(20))
                // A third request trickled over 10 s is cut off.
                try await RawConnection.trickle(Self.health, every: .milliseconds(300), to: outbound)
            }
        }
        #expect(outcome.received.components(separatedBy: "HTTP/1.1 200").count - 1 == 2)
        let closed = try #require(outcome.closedAfter, "still open after 30 s")
        // Two requests and 2 s idle before it; the trickle alone would take 10 s, and then
        // the idle timeout 30 s more.
        #expect(closed > .seconds(2))
        #expect(closed < .seconds(20))
    }

    /// Past the connection cap a new connection is answered 503 at once and closed; once a
    /// slot is free, connections are served again.
    @Test func connectionsPastTheCapAreAnswered503() async throws {
        try await Self.harness(connections: 2).withServer { port in
            let (connected, connectedContinuation) = AsyncStream.makeStream(of: Void.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Two connections that hold their slots.
                for _ in 0..<2 {
                    group.addTask {
                        let channel = try await RawConnection.connect(port: port)
                        connectedContinuation.yield()
                        try await channel.executeThenClose { _, _ in try await Task.sleep(for: .seconds(3)) }
                    }
                }
                var iterator = connected.makeAsyncIterator()
                _ = await iterator.next()
                _ = await iterator.next()
                // The server accepts in order: both hold a slot before the third arrives.
                let refused = try await RawConnection.exchange(port: port, limit: .seconds(20), initial: Self.health)
                #expect(refused.received.hasPrefix("HTTP/1.1 503"))
                #expect(refused.received.contains("Retry-After: 1"))
                #expect(refused.received.contains("connection limit (2)"))
                #expect(refused.closedAfter != nil)
                try await group.waitForAll()
            }
            // The slots are free again.
            var answer = ""
            for _ in 0..<100 {
                answer = try await RawConnection.request(port: port, "GET /health HTTP/1.1\r\nHost: test\r\n")
                if answer.hasPrefix("HTTP/1.1 200") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test(arguments: [
        ("HTTP_HEADER_TIMEOUT_SECONDS", "0"), ("HTTP_BODY_TIMEOUT_SECONDS", "ten"), ("HTTP_IDLE_TIMEOUT_SECONDS", "-1"),
        ("HTTP_MAX_CONNECTIONS", "0"), ("SHUTDOWN_DRAIN_SECONDS", "99999"), ("HEALTH_CACHE_SECONDS", "1e3"),
    ])
    func outOfRangeLimitIsAConfigurationErrorNamingTheVariable(variable: String, value: String) throws {
        #expect { try APIConfig.reading([variable: value]) } throws: { error in
            "\(error)".contains(variable)
        }
    }

    @Test func limitsHaveTheDocumentedDefaults() throws {
        let config = try APIConfig.reading([:])
        #expect(config.limits == ServerLimits(headerTimeout: .seconds(10), bodyTimeout: .seconds(30), idleTimeout: .seconds(60), maximumConnections: 512))
        #expect(config.shutdownDrain == .seconds(20))
        #expect(config.healthCacheTTL == .seconds(5))
    }
}
