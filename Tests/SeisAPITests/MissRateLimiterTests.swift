@testable import seisapi
import NIOCore
import TestSupport
import Testing

/// The per-client miss budget and who a client is.
@Suite("miss rate limiter")
struct MissRateLimiterTests {
    @Test func aBudgetRefillsAtItsRatePerMinute() {
        let clock = ManualClock()
        let limiter = MissRateLimiter(perMinute: 6, clock: clock)
        for _ in 0..<6 { #expect(limiter.admit("a") == nil) }
        // Empty: one miss comes back every 10 s.
        #expect(limiter.admit("a") == 10)
        clock.advance(by: .seconds(4))
        #expect(limiter.admit("a") == 6)
        clock.advance(by: .seconds(6))
        #expect(limiter.admit("a") == nil)
        #expect(limiter.admit("a") != nil)
        // Others have their own budget.
        #expect(limiter.admit("b") == nil)
    }

    @Test func zeroDisablesTheLimit() {
        let limiter = MissRateLimiter(perMinute: 0)
        for _ in 0..<1000 { #expect(limiter.admit("a") == nil) }
        #expect(limiter.clientCount == 0)
    }

    @Test func theClientTableStaysBounded() {
        let clock = ManualClock()
        let limiter = MissRateLimiter(perMinute: 5, maximumClients: 100, clock: clock)
        for index in 0..<10_000 {
            _ = limiter.admit("client-\(index)")
            clock.advance(by: .milliseconds(1))
        }
        #expect(limiter.clientCount <= 100)
    }

    @Test(arguments: [
        (0, "1.1.1.1, 2.2.2.2", "10.0.0.9"),
        (1, "1.1.1.1, 2.2.2.2", "2.2.2.2"),
        (2, "1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (3, "1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (1, nil, "10.0.0.9"),
        (1, " , ", "10.0.0.9"),
    ] as [(Int, String?, String)])
    func theClientIsWhatTheTrustedProxyAppended(hops: Int, forwardedFor: String?, expected: String) throws {
        let peer = try SocketAddress(ipAddress: "10.0.0.9", port: 4000)
        #expect(ClientIdentity(trustedProxyHops: hops).client(forwardedFor: forwardedFor, peer: peer) == expected)
    }
}
