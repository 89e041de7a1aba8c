import Foundation
import NIOCore
@testable import seisapi
import Testing

/// Every wait on a client is bounded: a real seisapi (``APIServer``) on a loopback port, raw
/// sockets that trickle, idle or crowd it.
@Suite("seisapi limits and timeouts")
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

    /// Slowloris: a header trickled a few bytes at a time is cut off by the header timeout,
    /// however steadily the bytes come.
    @Test func trickledHeaderIsClosedWithinTheHeaderTimeout() async throws {
        let outcome = try await Self.harness(header: 1).withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(8)) { outbound, _ in
                let header = "GET /health HTTP/1.1\r\nHost: test\r\n" + String(repeating: "X-Slow: yes\r\n", count: 100)
                try await RawConnection.trickle(header, chunk: 4, every: .milliseconds(100), to: outbound)
            }
        }
        let closed = try #require(outcome.closedAfter, "still open after 8 s")
        #expect(closed >= .milliseconds(900))
        #expect(closed < .seconds(3))
        #expect(outcome.received.isEmpty)
    }

    /// A connection that says nothing is closed by the header timeout too.
    @Test func silentConnectionIsClosedWithinTheHeaderTimeout() async throws {
        let outcome = try await Self.harness(header: 1).withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(8))
        }
        let closed = try #require(outcome.closedAfter, "still open after 8 s")
        #expect(closed < .seconds(3))
    }

    /// A body trickled after a prompt head is cut off by the body timeout.
    @Test func slowBodyIsClosedWithinTheBodyTimeout() async throws {
        let outcome = try await Self.harness(body: 1).withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(8)) { outbound, _ in
                try await outbound.write(
                    ByteBuffer(
                        string: "POST /api/backfill HTTP/1.1\r\nHost: test\r\n"
                            + "Authorization: Bearer \(SeisAPITestHarness.token)\r\nContent-Length: 1000\r\n\r\n"))
                try await RawConnection.trickle(
                    String(repeating: " ", count: 1000), chunk: 2, every: .milliseconds(100), to: outbound)
            }
        }
        let closed = try #require(outcome.closedAfter, "still open after 8 s")
        #expect(closed < .seconds(3))
    }

    /// After a response, a kept-alive connection that sends nothing is closed by the idle
    /// timeout.
    @Test func idleKeepAliveConnectionIsClosed() async throws {
        let outcome = try await Self.harness(idle: 1).withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(8)) { outbound, received in
                try await outbound.write(ByteBuffer(string: Self.health))
                try await received.wait(for: "\"status\"")
            }
        }
        #expect(outcome.received.hasPrefix("HTTP/1.1 200"))
        let closed = try #require(outcome.closedAfter, "still open after 8 s")
        #expect(closed < .seconds(4))
    }

    /// On a kept-alive connection the header timeout waits while the connection is idle and
    /// starts at the next request's first byte.
    @Test func headerTimeoutOfAKeptAliveConnectionStartsAtTheNextRequest() async throws {
        let outcome = try await Self.harness(header: 1, idle: 10).withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(15)) { outbound, received in
                try await outbound.write(ByteBuffer(string: Self.health))
                try await received.wait(for: "\"status\"")
                // Idle for longer than the header timeout: not closed.
                try await Task.sleep(for: .seconds(2))
                try await outbound.write(ByteBuffer(string: Self.health))
                try await received.wait(for: "\"status\"", count: 2)
                try await RawConnection.trickle(Self.health, every: .milliseconds(300), to: outbound)
            }
        }
        #expect(outcome.received.components(separatedBy: "HTTP/1.1 200").count - 1 == 2)
        let closed = try #require(outcome.closedAfter, "still open after 15 s")
        // Two requests, 2 s idle, then cut off about 1 s into the trickled third.
        #expect(closed > .seconds(2))
        #expect(closed < .seconds(6))
    }

    /// Past the connection cap a new connection is answered 503 at once and closed; once a
    /// slot is free, connections are served again.
    @Test func connectionsPastTheCapAreAnswered503() async throws {
        try await Self.harness(connections: 2).withServer { port in
            try await withThrowingTaskGroup(of: RawConnection.Outcome.self) { group in
                // Two connections that hold their slots for 3 s.
                for _ in 0..<2 {
                    group.addTask { try await RawConnection.exchange(port: port, limit: .seconds(3)) }
                }
                try await Task.sleep(for: .milliseconds(500))
                let refused = try await RawConnection.exchange(port: port, limit: .seconds(2)) { outbound, _ in
                    try await outbound.write(ByteBuffer(string: Self.health))
                }
                #expect(refused.received.hasPrefix("HTTP/1.1 503"))
                #expect(refused.received.contains("Retry-After: 1"))
                #expect(refused.received.contains("connection limit (2)"))
                #expect(refused.closedAfter != nil)
                for try await held in group { #expect(held.closedAfter == nil) }
            }
            // The slots are free again.
            var answer = ""
            for _ in 0..<20 {
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
        #expect { try APIConfig(environment: [variable: value]) } throws: { error in
            "\(error)".contains(variable)
        }
    }

    @Test func limitsHaveTheDocumentedDefaults() throws {
        let config = try APIConfig(environment: [:])
        #expect(config.limits == ServerLimits(headerTimeout: .seconds(10), bodyTimeout: .seconds(30), idleTimeout: .seconds(60), maximumConnections: 512))
        #expect(config.shutdownDrain == .seconds(20))
        #expect(config.healthCacheTTL == .seconds(5))
    }
}
