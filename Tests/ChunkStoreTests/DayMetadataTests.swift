import ChunkStore
import Foundation
import SeedCore
import Testing

@Suite struct DayMetadataTests {
    /// The example of 000 "Metadata JSON Structure", verbatim.
    static let seedExample = """
        {
          "date": "2025-11-04",
          "network": "HV",
          "volcano": "kilauea",
          "station": "UWE",
          "location": "",
          "channel": "HHZ",
          "instrument_type": "STS-2",
          "sample_rate": 100.0,
          "latitude": 19.421,
          "longitude": -155.287,
          "elevation_m": 1200,
          "created_at": "2025-11-04T22:12:33.123456Z",
          "complete_day": false,

          "chunks": {
            "10min": [
              {
                "start": "22:00:00",
                "end": "22:10:00",
                "min": -150,
                "max": 200,
                "samples": 60000,
                "gap_count": 0,
                "gap_duration_seconds": 0.0,
                "gap_samples_filled": 0
              },
              {
                "start": "22:10:00",
                "end": "22:20:00",
                "min": -180,
                "max": 220,
                "samples": 60000,
                "gap_count": 1,
                "gap_duration_seconds": 2.345,
                "gap_samples_filled": 235
              }
            ],

            "6h": [
              {
                "start": "18:00:00",
                "end": "00:00:00",
                "min": -300,
                "max": 400,
                "samples": 2160000,
                "gap_count": 3,
                "gap_duration_seconds": 8.765,
                "gap_samples_filled": 877
              }
            ]
          }
        }
        """

    static func entry(_ start: String, _ end: String, min: Int32 = -1, max: Int32 = 1) -> ChunkEntry {
        ChunkEntry(start: start, end: end, min: min, max: max, samples: 60_000)
    }

    static let key = DayMetadataKey(
        channel: try! ChannelKey(
            sourceID: SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ"), volcano: "kilauea",
            sampleRate: 100),
        day: CalendarDay("2025-11-04")!)

    @Test func readsTheSeedExampleUnchanged() throws {
        let metadata = try DayMetadata(json: Array(Self.seedExample.utf8))
        #expect(metadata.date == "2025-11-04")
        #expect(metadata.location == "")
        #expect(metadata.instrumentType == "STS-2")
        #expect(metadata.elevationM == 1200)
        #expect(metadata.entries(.tenMinutes).map(\.start) == ["22:00:00", "22:10:00"])
        #expect(metadata.entries(.tenMinutes)[1].gapSamplesFilled == 235)
        #expect(metadata.entries(.sixHours).first?.samples == 2_160_000)
        #expect(metadata.entries(.sixHours).first?.endSecond == 86_400)
        #expect(metadata.entries(.oneHour).isEmpty)
    }

    @Test func writesTheDesignSupersetThatPythonReads() throws {
        var metadata = try DayMetadata(json: Array(Self.seedExample.utf8))
        metadata.refreshSummary()
        let object = try JSONSerialization.jsonObject(with: Data(try metadata.jsonBytes())) as? [String: Any]
        let chunks = try #require(object?["chunks"] as? [String: Any])
        #expect(Set(chunks.keys) == ["10min", "1h", "6h", "24h"])
        let normalization = try #require(object?["normalization"] as? [String: Any])
        #expect(normalization["global_min"] as? Int == -300)
        #expect(normalization["global_max"] as? Int == 400)
        #expect(object?["format"] as? String == "int32")
        #expect(object?["complete_day"] as? Bool == false)
        #expect(object?["sample_rate"] as? Double == 100)
    }

    @Test func unknownFieldsSurviveARewrite() throws {
        var json = Self.seedExample.replacingOccurrences(
            of: "\"complete_day\": false,", with: "\"complete_day\": false, \"operator_note\": {\"by\": \"ops\", \"n\": [1, 2.5, null]},")
        json = json.replacingOccurrences(of: "\"gap_samples_filled\": 877", with: "\"gap_samples_filled\": 877, \"quality\": \"M\"")
        var metadata = try DayMetadata(json: Array(json.utf8))
        metadata.upsert(Self.entry("22:20:00", "22:30:00"), kind: .tenMinutes)
        let again = try DayMetadata(json: try metadata.jsonBytes())
        #expect(again.extra["operator_note"] == .object(["by": .string("ops"), "n": .array([.integer(1), .number(2.5), .null])]))
        #expect(again.entries(.sixHours).first?.extra["quality"] == .string("M"))
        #expect(again.entries(.tenMinutes).count == 3)
    }

    @Test func upsertReplacesAndKeepsEntriesSorted() {
        var metadata = DayMetadata(key: Self.key, createdAt: UTCTime(seconds: 0))
        var changes: [Bool] = []
        for (start, end, min) in [
            ("22:10:00", "22:20:00", Int32(-1)), ("00:00:00", "00:10:00", -1), ("12:00:00", "12:10:00", -1),
            ("12:00:00", "12:10:00", -1), ("12:00:00", "12:10:00", -5),
        ] {
            changes.append(metadata.upsert(Self.entry(start, end, min: min), kind: .tenMinutes))
        }
        #expect(changes == [true, true, true, false, true])
        #expect(metadata.entries(.tenMinutes).map(\.start) == ["00:00:00", "12:00:00", "22:10:00"])
        #expect(metadata.entries(.tenMinutes)[1].min == -5)
    }

    @Test func appendedDuplicatesFromOldWritersCollapseOnRead() throws {
        let json = Self.seedExample.replacingOccurrences(of: "\"min\": -180", with: "\"min\": -180").replacingOccurrences(
            of: "\"start\": \"22:10:00\"", with: "\"start\": \"22:00:00\"")
        let metadata = try DayMetadata(json: Array(json.utf8))
        #expect(metadata.entries(.tenMinutes).count == 1)
        #expect(metadata.entries(.tenMinutes).first?.min == -180)
    }

    @Test func completeDayNeedsAllOfOneKind() {
        var metadata = DayMetadata(key: Self.key, createdAt: UTCTime(seconds: 0))
        func clock(_ s: Int) -> String {
            let h = s / 3600, m = s / 60 % 60
            return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)") + ":00"
        }
        for i in 0..<144 where i != 77 {
            metadata.upsert(Self.entry(clock(i * 600), clock((i + 1) * 600 % 86_400)), kind: .tenMinutes)
        }
        metadata.refreshSummary()
        #expect(!metadata.completeDay)
        metadata.upsert(Self.entry(clock(77 * 600), clock(78 * 600)), kind: .tenMinutes)
        metadata.refreshSummary()
        #expect(metadata.completeDay)

        var sixHours = DayMetadata(key: Self.key, createdAt: UTCTime(seconds: 0))
        for start in ["00:00:00", "06:00:00", "12:00:00"] {
            sixHours.upsert(Self.entry(start, clock((Int(start.prefix(2))! + 6) * 3600)), kind: .sixHours)
        }
        sixHours.refreshSummary()
        #expect(!sixHours.completeDay)
        sixHours.upsert(Self.entry("18:00:00", "00:00:00"), kind: .sixHours)
        sixHours.refreshSummary()
        #expect(sixHours.completeDay)
    }

    @Test func normalizationSpansEveryKind() {
        var metadata = DayMetadata(key: Self.key, createdAt: UTCTime(seconds: 0))
        metadata.refreshSummary()
        #expect(metadata.normalization == nil)
        metadata.upsert(Self.entry("00:00:00", "00:10:00", min: -10, max: 5), kind: .tenMinutes)
        metadata.upsert(Self.entry("00:00:00", "06:00:00", min: -3, max: 99), kind: .sixHours)
        metadata.refreshSummary()
        #expect(metadata.normalization == DayMetadata.Normalization(globalMin: -10, globalMax: 99))
    }

    @Test(arguments: ["", "[]", "{\"date\": 5}", "not json"])
    func unreadableFilesGiveAClearError(text: String) {
        #expect { try DayMetadata(json: Array(text.utf8)) } throws: { ($0 as? MetadataError)?.code == .unreadable }
    }
}
