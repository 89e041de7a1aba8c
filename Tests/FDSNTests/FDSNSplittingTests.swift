import FDSNTestServer
import Foundation
import SeedCore
import Testing

@testable import WaveformSources

/// The one request-halving of the product (the FDSN client's): a bulk list the service finds
/// too large (413) is split in halves (``FDSNClientTests/tooLargeSplitsTheBulkRequestUntilTheServiceAcceptsIt()``),
/// and a single channel-window in the halves of its time window, down to 10 minutes. The
/// expected splits are worked out by hand; the expected bytes are the test server's own
/// selection of the whole window (every fixture record overlapping it).
@Suite struct FDSNSplittingTests {
    static let channel = SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ")

    static func time(_ text: String) -> UTCTime { UTCTime(iso8601: text) ?? UTCTime(seconds: 0) }

    struct Split: Sendable, CustomTestStringConvertible {
        var start: String
        var end: String
        /// The middle, or `nil` when the window is too short to split.
        var middle: String?
        var testDescription: String { "\(start)–\(end)" }
    }

    @Test(arguments: [
        // A day splits at noon.
        Split(start: "2025-11-04T00:00:00Z", end: "2025-11-05T00:00:00Z", middle: "2025-11-04T12:00:00Z"),
        // 3 h 10 min: half is 5700 s, 9 whole 10 minutes = 5400 s from the start.
        Split(start: "2025-11-04T00:00:00Z", end: "2025-11-04T03:10:00Z", middle: "2025-11-04T01:30:00Z"),
        // 20 minutes: the shortest window that splits, into two 10-minute ones.
        Split(start: "2025-11-04T22:00:00Z", end: "2025-11-04T22:20:00Z", middle: "2025-11-04T22:10:00Z"),
        // 19 min 59 s and 10 minutes: not split.
        Split(start: "2025-11-04T22:00:00Z", end: "2025-11-04T22:19:59Z", middle: nil),
        Split(start: "2025-11-04T22:00:00Z", end: "2025-11-04T22:10:00Z", middle: nil),
        // Not aligned: the middle is whole 10 minutes from the start, not from midnight.
        Split(start: "2025-11-04T22:05:00Z", end: "2025-11-04T23:05:00Z", middle: "2025-11-04T22:35:00Z"),
    ])
    func halvesSplitAtWholeTenMinutesBeforeTheMiddle(_ split: Split) {
        let request = WaveformRequest(
            channel: Self.channel,
            window: TimeWindow(start: Self.time(split.start), end: Self.time(split.end))
        )
        guard let middle = split.middle else {
            #expect(request.halves == nil)
            return
        }
        let halves = request.halves
        #expect(halves?.0.window == TimeWindow(start: Self.time(split.start), end: Self.time(middle)))
        #expect(halves?.1.window == TimeWindow(start: Self.time(middle), end: Self.time(split.end)))
        #expect(halves?.0.channel == Self.channel && halves?.1.channel == Self.channel)
    }

    @Test func aSingleWindowTooLargeIsFetchedInHalvesOfItsTime() async throws {
        // 12 hours against a service that takes at most 3 hours per line: 12 h, two 6 h and
        // four 3 h requests, in time order.
        let window = TimeWindow(start: Self.time("2025-11-04T12:00:00Z"), end: Self.time("2025-11-05T00:00:00Z"))
        try await FDSNClientTests.withClient(.init(maximumLineSeconds: 3 * 3600)) { server, client in
            let bytes = try await client.fetch(
                [WaveformRequest(channel: Self.channel, window: window)],
                logger: FDSNClientTests.logger
            )
            #expect(bytes == server.recordBytes(of: Self.channel, from: window.start, to: window.end))
            #expect(!bytes.isEmpty)
            let lines = server.requests.filter { $0.method == "POST" }.map(\.requestLines)
            #expect(
                lines == [
                    ["HV UWE -- HHZ 2025-11-04T12:00:00 2025-11-05T00:00:00"],
                    ["HV UWE -- HHZ 2025-11-04T12:00:00 2025-11-04T18:00:00"],
                    ["HV UWE -- HHZ 2025-11-04T12:00:00 2025-11-04T15:00:00"],
                    ["HV UWE -- HHZ 2025-11-04T15:00:00 2025-11-04T18:00:00"],
                    ["HV UWE -- HHZ 2025-11-04T18:00:00 2025-11-05T00:00:00"],
                    ["HV UWE -- HHZ 2025-11-04T18:00:00 2025-11-04T21:00:00"],
                    ["HV UWE -- HHZ 2025-11-04T21:00:00 2025-11-05T00:00:00"],
                ]
            )
        }
    }

    @Test func aWindowTooShortToSplitIsRejected() async throws {
        // 30 minutes against 5 minutes per line: 30 min is refused, its first half (10 min)
        // is refused and cannot be split: the fetch fails there, asking nothing more.
        let window = TimeWindow(start: Self.time("2025-11-04T22:00:00Z"), end: Self.time("2025-11-04T22:30:00Z"))
        try await FDSNClientTests.withClient(.init(maximumLineSeconds: 300)) { server, client in
            await #expect {
                try await client.fetch([WaveformRequest(channel: Self.channel, window: window)], logger: FDSNClientTests.logger)
            } throws: { error in
                (error as? WaveformSourceError)?.code == .rejected && (error as? WaveformSourceError)?.httpStatus == 413
            }
            #expect(
                server.requests.map(\.requestLines) == [
                    ["HV UWE -- HHZ 2025-11-04T22:00:00 2025-11-04T22:30:00"],
                    ["HV UWE -- HHZ 2025-11-04T22:00:00 2025-11-04T22:10:00"],
                ]
            )
        }
    }

    /// Query strings of `GET` requests: RFC 3986's unreserved characters and `:` `,` as they
    /// are, everything else as `%XX` of its UTF-8 bytes (what Python's
    /// `urllib.parse.quote(value, safe=":,")` writes).
    @Test(arguments: [
        ("2025-11-04T22:00:00", "2025-11-04T22:00:00"),
        ("AV,HV", "AV,HV"),
        ("--", "--"),
        ("a b", "a%20b"),
        ("a+b&c=d", "a%2Bb%26c%3Dd"),
        ("Kīlauea", "K%C4%ABlauea"),
        ("~._-", "~._-"),
    ])
    func valuesArePercentEncoded(value: String, encoded: String) {
        #expect(FDSNClient.percentEncoded(value) == encoded)
    }
}
