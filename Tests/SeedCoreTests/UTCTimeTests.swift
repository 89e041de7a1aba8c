import Foundation
import SeedCore
import Testing

@Suite("UTCTime")
struct UTCTimeTests {
    @Test(
        "parses ISO 8601",
        arguments: [
            ("2025-11-04T22:00:00Z", Int64(1_762_293_600_000_000_000)),
            ("2025-11-04T22:00:00", 1_762_293_600_000_000_000),
            ("2025-11-04 22:00:00.5Z", 1_762_293_600_500_000_000),
            ("2025-11-04T22:00:00.000001Z", 1_762_293_600_000_001_000),
            ("1970-01-01", 0),
            ("1969-12-31T23:59:59Z", -1_000_000_000),
            ("2024-02-29T00:00:00Z", 1_709_164_800_000_000_000),
        ])
    func parses(_ text: String, _ nanoseconds: Int64) throws {
        #expect(try #require(UTCTime(iso8601: text)).nanoseconds == nanoseconds)
    }

    @Test("rejects malformed times", arguments: ["", "2025-13-01", "2025-02-30T00:00:00Z", "2025-11-04T24:00:00Z", "yesterday", "2025-11-04T22:00"])
    func rejects(_ text: String) {
        #expect(UTCTime(iso8601: text) == nil)
    }

    @Test(
        "refuses years a 64-bit nanosecond count cannot hold, without trapping",
        arguments: ["9999-12-31T23:59:59Z", "2262-04-12T00:00:00Z", "2263-01-01", "0000-01-01", "1677-01-01T00:00:00Z"])
    func refusesUnrepresentableYears(_ text: String) {
        #expect(UTCTime(iso8601: text) == nil)
    }

    @Test("parses the first and last representable years", arguments: ["1678-01-01T00:00:00Z", "2261-12-31T23:59:59.999999999Z"])
    func parsesRepresentableEdges(_ text: String) {
        #expect(UTCTime(iso8601: text) != nil)
    }

    @Test("formats like ObsPy's str(UTCDateTime)")
    func formats() throws {
        let t = UTCTime(nanoseconds: 1_762_293_600_004_120_000)
        #expect(t.description == "2025-11-04T22:00:00.004120Z")
        #expect(t.iso8601() == "2025-11-04T22:00:00Z")
        #expect(UTCTime(nanoseconds: -1).flooredToSecond.nanoseconds == -1_000_000_000)
        #expect(UTCTime(year: 2025, dayOfYear: 308, hour: 22, minute: 0, second: 0, nanosecond: 0)
            == UTCTime(iso8601: "2025-11-04T22:00:00Z"))
    }
}

@Suite("SourceID")
struct SourceIDTests {
    @Test("parses NET.STA.LOC.CHA", arguments: ["HV.UWE..HHZ", "AV.GSTD..BHZ", "HV.UWE.--.HHZ", "IU.ANMO.00.BHZ"])
    func parses(_ text: String) throws {
        let id = try #require(SourceID(text))
        #expect(id.description == text.replacingOccurrences(of: ".--.", with: ".."))
    }

    @Test("rejects codes outside the SEED layout", arguments: ["HV.UWE.HHZ", "hv.UWE..HHZ", "HV.UWEXYZ..HHZ", "HV.UWE..HH", "HV.../..HHZ", "HV.UWE.000.HHZ"])
    func rejects(_ text: String) {
        #expect(SourceID(text) == nil)
    }
}
