import ChunkStore
import Foundation
import SeedCore
import Testing

@Suite struct ChunkKeyTests {
    static let uwe = SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ")

    static func time(_ text: String) -> UTCTime { UTCTime(iso8601: text)! }

    /// The example keys of the seed notes (000 "File Structure", 001) are golden.
    @Test(arguments: [
        ("2025-11-04T22:00:00Z", "2025-11-04T22:10:00Z",
         "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst"),
        ("2025-11-04T22:10:00Z", "2025-11-04T22:20:00Z",
         "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-10-00_to_2025-11-04-22-20-00.bin.zst"),
        ("2025-11-04T18:00:00Z", "2025-11-05T00:00:00Z",
         "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-18-00-00_to_2025-11-05-00-00-00.bin.zst"),
    ])
    func seedExampleKeysAreGolden(start: String, end: String, expected: String) throws {
        let channel = try ChannelKey(sourceID: Self.uwe, volcano: "kilauea", sampleRate: 100)
        let key = try ChunkKey(channel: channel, start: Self.time(start), end: Self.time(end))
        #expect(key.key == expected)
        #expect(key.dayMetadataKey.key == "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04.json")
        #expect(try ChunkKey(key: expected) == key)
    }

    @Test(arguments: [
        (100.0, "100"), (40.96, "40.96"), (0.1, "0.1"), (50.0, "50"), (1.0, "1"), (0.01, "0.01"),
        (200.0, "200"), (20.5, "20.5"), (40.955, "40.95"), (99.999, "100"),
    ])
    func rateIsPrintedWithTwoDecimalsStripped(rate: Double, text: String) throws {
        #expect(ChannelKey.rateText(rate) == text)
    }

    @Test(arguments: [100.0, 40.96, 0.1, 50.0, 1.0, 0.01, 250.0, 2.5])
    func keysRoundTripAtEveryRate(rate: Double) throws {
        let channel = try ChannelKey(
            sourceID: SourceID(network: "AV", station: "GSTD", location: "01", channel: "BHZ"), volcano: "greatsitkin",
            sampleRate: rate)
        let key = try ChunkKey(channel: channel, kind: .tenMinutes, start: Self.time("2026-01-31T23:50:00Z"))
        let parsed = try ChunkKey(key: key.key)
        #expect(parsed == key)
        #expect(parsed.key == key.key)
        #expect(try DayMetadataKey(key: key.dayMetadataKey.key) == key.dayMetadataKey)
    }

    @Test func chunkEndingAfterMidnightBelongsToItsStartDay() throws {
        let channel = try ChannelKey(sourceID: Self.uwe, volcano: "kilauea", sampleRate: 100)
        let key = try ChunkKey(channel: channel, kind: .sixHours, start: Self.time("2025-12-31T18:00:00Z"))
        #expect(key.key.hasPrefix("data/2025/12/HV/kilauea/UWE//HHZ/"))
        #expect(key.fileName == "HV_UWE__HHZ_100Hz_2025-12-31-18-00-00_to_2026-01-01-00-00-00.bin.zst")
        #expect(key.dayMetadataKey.fileName == "HV_UWE__HHZ_100Hz_2025-12-31.json")
        #expect(key.kind == .sixHours)
        #expect(key.sampleCount == 2_160_000)
    }

    @Test func collapsedEmptyLocationFromListingsParses() throws {
        let collapsed = "data/2025/11/HV/kilauea/UWE/HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst"
        let key = try ChunkKey(key: collapsed)
        #expect(key.key == collapsed.replacingOccurrences(of: "UWE/HHZ", with: "UWE//HHZ"))
        let meta = try DayMetadataKey(key: "data/2025/11/HV/kilauea/UWE/HHZ/HV_UWE__HHZ_100Hz_2025-11-04.json")
        #expect(meta.channel.sourceID.location == "")
    }

    @Test(arguments: [
        ("H_", "UWE", "", "HHZ", "network"), ("HVX", "UWE", "", "HHZ", "network"), ("", "UWE", "", "HHZ", "network"),
        ("HV", "UWE123", "", "HHZ", "station"), ("HV", "uwe", "", "HHZ", "station"), ("HV", "U/E", "", "HHZ", "station"),
        ("HV", "UWE", "001", "HHZ", "location"), ("HV", "UWE", "..", "HHZ", "location"), ("HV", "UWE", "", "HH", "channel"),
        ("HV", "UWE", "", "HH*", "channel"),
    ])
    func invalidSEEDCodesAreRefused(network: String, station: String, location: String, channel: String, field: String) {
        let id = SourceID(network: network, station: station, location: location, channel: channel)
        #expect {
            try ChannelKey(sourceID: id, volcano: "kilauea", sampleRate: 100)
        } throws: { ($0 as? ChunkKeyError)?.field == field && ($0 as? ChunkKeyError)?.code == .invalidCode }
    }

    @Test(arguments: ["", "Kilauea", "../x", "mauna loa", "a/b", String(repeating: "a", count: 65)])
    func invalidVolcanoNamesAreRefused(volcano: String) {
        #expect(throws: ChunkKeyError.self) { try ChannelKey(sourceID: Self.uwe, volcano: volcano, sampleRate: 100) }
    }

    @Test(arguments: [0.0, -1.0, 0.001, Double.nan, Double.infinity])
    func invalidRatesAreRefused(rate: Double) {
        #expect(throws: ChunkKeyError.self) { try ChannelKey(sourceID: Self.uwe, volcano: "kilauea", sampleRate: rate) }
    }

    @Test(arguments: [
        "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin",
        "data/2025/12/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst",
        "data/2025/11/HV/maunaloa/OBL//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst",
        "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100.0Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst",
        "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-10-00_to_2025-11-04-22-00-00.bin.zst",
        "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-60_to_2025-11-04-22-10-00.bin.zst",
        "data/2025/11/HV/Kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst",
        "other/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst",
        "data/2025/11/HV/kilauea/UWE/00/HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst",
    ])
    func malformedKeysAreRefused(key: String) {
        #expect(throws: ChunkKeyError.self) { try ChunkKey(key: key) }
    }
}
