import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every route that parses a time, duration or number from a request, driven with values at
/// and beyond the edges of 64-bit nanoseconds: each gets a 4xx naming the field, none traps,
/// and the server keeps serving afterwards.
@Suite(.timeLimit(.minutes(5))) struct ExtremeInputTests {
    /// Times outside what the product accepts (and outside what 64-bit nanoseconds hold).
    static let times = [
        "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1677-01-01T00:00:00Z", "1677-09-21T00:12:43Z",
        "2262-04-11T23:47:17Z", "2262-04-12T00:00:00Z", "2263-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
        "2101-01-01T00:00:00Z", "-2025-01-01T00:00:00Z", "+292277026596-12-04T15:30:07Z", "2025-11-04T22:00:00.9999999999Z",
    ]
    /// Numbers at the edges of the integer and floating-point types.
    static let numbers = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "2147483648", "-2147483649", "1e300",
        "-1e300", "0", "-1",
    ]

    static let good = "2025-11-04T00:00:00Z"
    static let channel = "network=HV&volcano=kilauea&station=UWE&channel=HHZ"

    static func dataURIs() -> [(String, String)] {
        times.flatMap { time in
            [("/data?\(channel)&start=\(encoded(time))&end=\(good)", "start"),
             ("/data?\(channel)&start=\(good)&end=\(encoded(time))", "end"),
             ("/data?\(channel)&start=\(encoded(time))&end=\(encoded(time))", "start")]
        }
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-:._"))) ?? text
    }

    @Test func farTimesInDataAre400AndTheServerKeepsServing() async throws {
        let harness = try SeisAPITestHarness()
        try await harness.application.test(.router) { client in
            for (uri, field) in Self.dataURIs() {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri)")
                let body = try SeisAPITests.json(response.body)
                #expect(body["field"] as? String == field, "\(uri)")
            }
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
        }
        #expect(harness.source.fetches == 0)
    }

    @Test func farTimesAndRatesInFileKeysAre404() async throws {
        let harness = try SeisAPITestHarness()
        let folder = "/files/data/9999/12/HV/kilauea/UWE//HHZ/"
        var keys = [
            "\(folder)HV_UWE__HHZ_100Hz_9999-12-31-23-50-00_to_10000-01-01-00-00-00.bin.zst",
            "\(folder)HV_UWE__HHZ_100Hz_9999-12-31.json",
            "/files/data/2262/04/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2262-04-11-23-50-00_to_2262-04-12-00-00-00.bin.zst",
            "/files/data/0000/01/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_0000-01-01-00-00-00_to_0000-01-01-00-10-00.bin.zst",
            "/files/data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-00-00-00_to_2261-12-31-00-00-00.bin.zst",
        ]
        for rate in ["0", "1e300", "NaN", "inf", "99999999999999999999", "0.001"] {
            keys.append("/files/data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_\(rate)Hz_2025-11-04-00-00-00_to_2025-11-04-00-10-00.bin.zst")
        }
        let uris = keys
        try await harness.application.test(.router) { client in
            for uri in uris {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
            }
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test func farTimesAndHugeNumbersInABackfillBodyAre400NamingTheField() async throws {
        let harness = try SeisAPITestHarness()
        var bodies: [(String, String)] = Self.times.map { (#"{"start_time": "\#($0)", "duration_hours": 1}"#, "start_time") }
        for number in Self.numbers + ["1e-300", "0.5"] {
            bodies.append((#"{"hours_back": \#(number)}"#, "hours_back"))
            bodies.append((#"{"start_time": "\#(Self.good)", "duration_hours": \#(number)}"#, "duration_hours"))
        }
        let cases = bodies
        try await harness.application.test(.router) { client in
            for (body, field) in cases {
                let response = try await client.execute(
                    uri: "/api/backfill?wait=true", method: .post,
                    headers: [.authorization: "Bearer \(SeisAPITestHarness.token)"], body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                let answer = try SeisAPITests.json(response.body)
                #expect(answer["field"] as? String == field, "\(body): \(answer)")
            }
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
        #expect(harness.source.fetches == 0)
    }

    @Test func hugeCodesAndIdsAre4xx() async throws {
        let harness = try SeisAPITestHarness()
        let long = String(repeating: "A", count: 100_000)
        let uris = [
            "/api/backfill/\(long)", "/api/cache-status?scope=station&network=\(long)&station=UWE&channel=HHZ",
            "/data?network=HV&volcano=\(long.lowercased())&station=UWE&channel=HHZ&start=\(Self.good)&end=\(Self.good)",
            "/api/cache-status?scope=volcano&volcano=%00",
        ]
        try await harness.application.test(.router) { client in
            for uri in uris {
                let response = try await client.execute(uri: uri, method: .get)
                #expect((400..<500).contains(response.status.code), "\(uri.prefix(80))")
            }
        }
    }
}
