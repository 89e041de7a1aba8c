@testable import seisapi
import NIOCore
import Testing

/// The per-client miss budget and who a client is.
@Suite("miss rate limiter")
struct MissRateLimiterTests {
    @Test func aBudgetRefillsAtItsRatePerMinute() {
        let limiter = MissRateLimiter(perMinute: 6)
        let start = ContinuousClock.now
        for _ in 0..<6 { #expect(limiter.admit("a", now: start) == nil) }
        // Empty: one miss comes back every 10 s.
        #expect(limiter.admit("a", now: start) == 10)
        #expect(limiter.admit("a", now: start + .seconds(4)) == 6)
        #expect(limiter.admit("a", now: start + .seconds(10)) == nil)
        #expect(limiter.admit("a", now: start + .seconds(10)) != nil)
        // Others have their own budget.
        #expect(limiter.admit("b", now: start) == nil)
    }

    @Test func zeroDisablesTheLimit() {
        let limiter = MissRateLimiter(perMinute: 0)
        for _ in 0..<1000 { #expect(limiter.admit("a") == nil) }
        #expect(limiter.clientCount == 0)
    }

    @Test func theClientTableStaysBounded() {
        let limiter = MissRateLimiter(perMinute: 5, maximumClients: 100)
        let start = ContinuousClock.now
        for index in 0..<10_000 { _ = limiter.admit("client-\(index)", now: start + .milliseconds(index)) }
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
