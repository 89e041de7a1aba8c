import ChunkStore
import Pipeline
import SeedCore
import Testing

@testable import CacheServices

/// ``Coverage``: from each point of a range the coarsest stored chunk containing it, and the
/// holes nothing covers. Stored chunks and expected answers are worked out by hand.
@Suite struct CoverageTests {
    static let channel = try! ChannelKey(
        sourceID: SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ"),
        volcano: "kilauea",
        sampleRate: 100
    )

    static func time(_ text: String) -> UTCTime { UTCTime(iso8601: text) ?? UTCTime(seconds: 0) }

    static func window(_ start: String, _ end: String) -> TimeWindow {
        TimeWindow(start: time(start), end: time(end))
    }

    /// A day file holding entries `(kind, start, end)` (times of day).
    static func day(_ date: String, _ entries: [(ChunkKind, String, String)]) -> DayMetadata {
        let key = DayMetadataKey(channel: channel, day: CalendarDay(containing: time(date + "T00:00:00Z")))
        var metadata = DayMetadata(key: key, createdAt: time(date + "T00:00:00Z"))
        for (kind, start, end) in entries {
            _ = metadata.upsert(ChunkEntry(start: start, end: end, min: -1, max: 1, samples: 1), kind: kind)
        }
        return metadata
    }

    /// 11-03: one 24h chunk. 11-04: 6h 00-06, 1h 06-07, 1h 08-09, 10min 08:30-08:40 (inside
    /// the hour), 10min 09:00-09:10.
    static let stored = Coverage.candidates(
        [
            day(
                "2025-11-04",
                [
                    (.sixHours, "00:00:00", "06:00:00"), (.oneHour, "06:00:00", "07:00:00"),
                    (.oneHour, "08:00:00", "09:00:00"), (.tenMinutes, "08:30:00", "08:40:00"),
                    (.tenMinutes, "09:00:00", "09:10:00"),
                ]
            ),
            day("2025-11-03", [(.oneDay, "00:00:00", "00:00:00")]),
        ],
        channel: channel
    )

    @Test func candidatesAreEveryEntryInTimeOrderAcrossDays() {
        #expect(Self.stored.map(\.kind) == [.oneDay, .sixHours, .oneHour, .oneHour, .tenMinutes, .tenMinutes])
        #expect(
            Self.stored.map(\.window) == [
                Self.window("2025-11-03T00:00:00Z", "2025-11-04T00:00:00Z"),
                Self.window("2025-11-04T00:00:00Z", "2025-11-04T06:00:00Z"),
                Self.window("2025-11-04T06:00:00Z", "2025-11-04T07:00:00Z"),
                Self.window("2025-11-04T08:00:00Z", "2025-11-04T09:00:00Z"),
                Self.window("2025-11-04T08:30:00Z", "2025-11-04T08:40:00Z"),
                Self.window("2025-11-04T09:00:00Z", "2025-11-04T09:10:00Z"),
            ]
        )
    }

    @Test func theCoarsestChunkAtEachPointAndTheHolesBetween() {
        let coverage = Coverage(range: Self.window("2025-11-03T12:00:00Z", "2025-11-04T10:00:00Z"), candidates: Self.stored)
        // 12:00 of 11-03 is inside the day chunk; the 10min chunk inside 08-09 is never used.
        #expect(coverage.chunks.map(\.kind) == [.oneDay, .sixHours, .oneHour, .oneHour, .tenMinutes])
        #expect(
            coverage.chunks.map(\.window.start)
                == [
                    "2025-11-03T00:00:00Z", "2025-11-04T00:00:00Z", "2025-11-04T06:00:00Z", "2025-11-04T08:00:00Z",
                    "2025-11-04T09:00:00Z",
                ].map(Self.time)
        )
        #expect(
            coverage.holes == [
                Self.window("2025-11-04T07:00:00Z", "2025-11-04T08:00:00Z"),
                Self.window("2025-11-04T09:10:00Z", "2025-11-04T10:00:00Z"),
            ]
        )
        #expect(!coverage.complete)
    }

    @Test func aRangeInsideOneChunkIsCompleteWithThatChunk() {
        let coverage = Coverage(range: Self.window("2025-11-04T08:35:00Z", "2025-11-04T08:50:00Z"), candidates: Self.stored)
        #expect(coverage.chunks.map(\.kind) == [.oneHour])
        #expect(coverage.holes.isEmpty && coverage.complete)
    }

    @Test func theFinerChunkCoversWhereTheCoarserOneEnds() {
        // Stored: 10min 05:50-06:00 and 1h 05:00-06:00 and 6h 06:00-12:00; the range starts
        // at 05:55: the hour (coarser than the 10 minutes), then the 6 hours.
        let stored = Coverage.candidates(
            [
                Self.day(
                    "2025-11-04",
                    [
                        (.tenMinutes, "05:50:00", "06:00:00"), (.oneHour, "05:00:00", "06:00:00"),
                        (.sixHours, "06:00:00", "12:00:00"),
                    ]
                )
            ],
            channel: Self.channel
        )
        let coverage = Coverage(range: Self.window("2025-11-04T05:55:00Z", "2025-11-04T07:00:00Z"), candidates: stored)
        #expect(coverage.chunks.map(\.kind) == [.oneHour, .sixHours])
        #expect(coverage.complete)
    }

    @Test func nothingStoredIsOneHoleOverTheRange() {
        let range = Self.window("2025-11-05T00:00:00Z", "2025-11-05T03:00:00Z")
        let coverage = Coverage(range: range, candidates: Self.stored)
        #expect(coverage.chunks.isEmpty)
        #expect(coverage.holes == [range])
    }

    @Test func malformedEntriesAreNotCandidates() {
        let stored = Coverage.candidates(
            [
                Self.day(
                    "2025-11-04",
                    [
                        (.oneHour, "24:00:00", "01:00:00"), (.oneHour, "01:00", "02:00:00"),
                        (.oneHour, "02:00:00", "03:00:00"),
                    ]
                )
            ],
            channel: Self.channel
        )
        #expect(stored.map(\.window) == [Self.window("2025-11-04T02:00:00Z", "2025-11-04T03:00:00Z")])
    }
}
