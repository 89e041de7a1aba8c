import AsyncHTTPClient
import ChunkStore
import FDSNTestServer
import Foundation
import Logging
import NIOCore
import SeedCore
import TestSupport
import Testing

@testable import WaveformSources

/// Redirects (`service.iris.edu` → `service.earthscope.org`) and services without bulk `POST`.
extension FDSNClientTests {
    @Test func aRedirectIsFollowedWithTheBulkBody() async throws {
        let bytes = try await Self.withClient { server, client in
            let moved = FDSNClient(
                configuration: Self.configuration(server) { $0.baseURL = server.endpoint + FDSNTestServer.movedPrefix },
                httpClient: client.httpClient
            )
            let bytes = try await moved.fetch(Self.requests(), logger: Self.logger)
            let requests = server.requests
            // Each attempt is the moved address, then where it points (an attempt that timed out on
            // a loaded machine is retried the same way: the pairs repeat).
            let paths = requests.map(\.path)
            let pair = ["/moved/fdsnws/dataselect/1/query", "/fdsnws/dataselect/1/query"]
            #expect(!paths.isEmpty && paths.count % 2 == 0, "\(paths)")
            #expect(stride(from: 0, to: paths.count, by: 2).allSatisfy { Array(paths[$0..<min(paths.count, $0 + 2)]) == pair }, "\(paths)")
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
}
