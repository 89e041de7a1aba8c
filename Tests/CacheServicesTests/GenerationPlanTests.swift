import ChunkStore
import Pipeline
import SeedCore
import Testing

@testable import CacheServices

/// The chunks a `/data` miss generates (001's ladder), against plans worked out by hand for
/// requests around hour, 6-hour and day boundaries, a leading edge and holes that share a
/// chunk; and, on seeded random requests, the properties 001 states, each checked by plain
/// arithmetic on seconds rather than through `ChunkKind`.
@Suite struct GenerationPlanTests {
    static func time(_ text: String) -> UTCTime { UTCTime(iso8601: text)! }
    static func span(_ start: String, _ end: String) -> TimeWindow { TimeWindow(start: time(start), end: time(end)) }

    /// One planned chunk as `kind start end` (times without the seconds' `:00Z`).
    static func lines(_ plan: GenerationPlan) -> [String] {
        plan.windows.map { "\($0.kind) \(short($0.window.start)) \(short($0.window.end))" }
    }

    static func short(_ time: UTCTime) -> String { String(time.iso8601().dropLast(4)) }

    static func plan(_ start: String, _ end: String, holes: [TimeWindow]? = nil, available: String) -> GenerationPlan {
        GenerationPlan(holes: holes ?? [span(start, end)], requestStart: time(start), availableEnd: time(available))
    }

    @Test func aRequestStartingMidHourBeginsAtTheHour() {
        let plan = Self.plan("2025-11-04T00:30:00Z", "2025-11-04T03:00:00Z", available: "2025-11-10T00:00:00Z")
        #expect(
            Self.lines(plan) == [
                "1h 2025-11-04T00:00 2025-11-04T01:00", "1h 2025-11-04T01:00 2025-11-04T02:00",
                "1h 2025-11-04T02:00 2025-11-04T03:00",
            ])
        #expect(plan.segments.map(\.count) == [3])
    }

    /// 60 hours from midnight: 1 h to 06:00, 6 h to the next midnight, a day, then 6 h chunks
    /// (a day would overshoot the request's end by 12 hours).
    @Test func sixtyHoursClimbTheLadder() {
        let plan = Self.plan("2025-11-04T00:00:00Z", "2025-11-06T12:00:00Z", available: "2025-11-10T00:00:00Z")
        #expect(
            Self.lines(plan) == [
                "1h 2025-11-04T00:00 2025-11-04T01:00", "1h 2025-11-04T01:00 2025-11-04T02:00",
                "1h 2025-11-04T02:00 2025-11-04T03:00", "1h 2025-11-04T03:00 2025-11-04T04:00",
                "1h 2025-11-04T04:00 2025-11-04T05:00", "1h 2025-11-04T05:00 2025-11-04T06:00",
                "6h 2025-11-04T06:00 2025-11-04T12:00", "6h 2025-11-04T12:00 2025-11-04T18:00",
                "6h 2025-11-04T18:00 2025-11-05T00:00", "24h 2025-11-05T00:00 2025-11-06T00:00",
                "6h 2025-11-06T00:00 2025-11-06T06:00", "6h 2025-11-06T06:00 2025-11-06T12:00",
            ])
        // Fetch segments of at most 24 hours: 00:00–00:00, the day, then 00:00–12:00.
        #expect(plan.segments.map(\.count) == [9, 1, 2])
    }

    /// From 20:00 for 36 hours: the 6 h step is reached at 02:00 but starts at 06:00 (its
    /// grid); a day chunk is never reached on its grid before the end; the end overshoots by
    /// no more than the hour.
    @Test func aRequestAcrossMidnightWaitsForEachStepsGrid() {
        let plan = Self.plan("2025-11-04T20:00:00Z", "2025-11-06T07:30:00Z", available: "2025-11-10T00:00:00Z")
        #expect(
            Self.lines(plan) == [
                "1h 2025-11-04T20:00 2025-11-04T21:00", "1h 2025-11-04T21:00 2025-11-04T22:00",
                "1h 2025-11-04T22:00 2025-11-04T23:00", "1h 2025-11-04T23:00 2025-11-05T00:00",
                "1h 2025-11-05T00:00 2025-11-05T01:00", "1h 2025-11-05T01:00 2025-11-05T02:00",
                "1h 2025-11-05T02:00 2025-11-05T03:00", "1h 2025-11-05T03:00 2025-11-05T04:00",
                "1h 2025-11-05T04:00 2025-11-05T05:00", "1h 2025-11-05T05:00 2025-11-05T06:00",
                "6h 2025-11-05T06:00 2025-11-05T12:00", "6h 2025-11-05T12:00 2025-11-05T18:00",
                "6h 2025-11-05T18:00 2025-11-06T00:00", "6h 2025-11-06T00:00 2025-11-06T06:00",
                "1h 2025-11-06T06:00 2025-11-06T07:00", "1h 2025-11-06T07:00 2025-11-06T08:00",
            ])
        // 20:00 → 18:00 (22 h; the next 6 h chunk would make it 28 h), then 18:00 → 08:00.
        #expect(plan.segments.map(\.count) == [12, 4])
    }

    /// Data only up to 11:40: one whole hour, then the 10-minute windows that are complete.
    @Test func theLeadingEdgeTakesTheCompleteTenMinuteWindows() {
        let plan = Self.plan("2025-11-04T10:00:00Z", "2025-11-04T12:00:00Z", available: "2025-11-04T11:40:00Z")
        #expect(
            Self.lines(plan) == [
                "1h 2025-11-04T10:00 2025-11-04T11:00", "10min 2025-11-04T11:00 2025-11-04T11:10",
                "10min 2025-11-04T11:10 2025-11-04T11:20", "10min 2025-11-04T11:20 2025-11-04T11:30",
                "10min 2025-11-04T11:30 2025-11-04T11:40",
            ])
        #expect(plan.segments.map(\.count) == [5])
        // Nothing is available for the hole yet: nothing is planned.
        let early = Self.plan("2025-11-04T10:00:00Z", "2025-11-04T11:00:00Z", available: "2025-11-04T09:50:00Z")
        #expect(early.windows.isEmpty)
    }

    /// A second hole inside the first hole's last chunk is not planned twice; a gap between
    /// holes splits the fetch segments.
    @Test func holesShareAChunkAndAGapSplitsSegments() {
        let holes = [
            Self.span("2025-11-04T00:00:00Z", "2025-11-04T02:30:00Z"),
            Self.span("2025-11-04T02:45:00Z", "2025-11-04T04:00:00Z"),
            Self.span("2025-11-04T05:20:00Z", "2025-11-04T05:40:00Z"),
        ]
        let plan = Self.plan(
            "2025-11-04T00:00:00Z", "2025-11-04T06:00:00Z", holes: holes, available: "2025-11-10T00:00:00Z")
        #expect(
            Self.lines(plan) == [
                "1h 2025-11-04T00:00 2025-11-04T01:00", "1h 2025-11-04T01:00 2025-11-04T02:00",
                "1h 2025-11-04T02:00 2025-11-04T03:00", "1h 2025-11-04T03:00 2025-11-04T04:00",
                "1h 2025-11-04T05:00 2025-11-04T06:00",
            ])
        #expect(plan.segments.map(\.count) == [4, 1])
    }

    /// 2016-12-31 had a leap second in UTC; in POSIX time its day chunk is 86 400 s.
    @Test func dayChunksOverALeapSecondDayAreWholeDays() {
        let plan = Self.plan("2016-12-30T00:00:00Z", "2017-01-02T00:00:00Z", available: "2017-02-01T00:00:00Z")
        #expect(
            Array(Self.lines(plan).suffix(2)) == [
                "24h 2016-12-31T00:00 2017-01-01T00:00", "24h 2017-01-01T00:00 2017-01-02T00:00",
            ])
        #expect(plan.windows.count == 6 + 3 + 2)
    }

    // MARK: - Properties on random requests

    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    static let lengths: [String: Int64] = ["10min": 600, "1h": 3600, "6h": 21_600, "24h": 86_400]
    static let thresholds: [String: Int64] = ["1h": 0, "6h": 21_600, "24h": 86_400]

    @Test(arguments: [1, 2, 3, 4])
    func randomRequestsKeep001sRules(seed: UInt64) {
        var random = SeededGenerator(state: seed)
        for _ in 0..<150 {
            let requestStart = 1_762_214_400 + Int64.random(in: 0..<86_400, using: &random)
            let requestEnd = requestStart + Int64.random(in: 600...(5 * 86_400), using: &random)
            let available = requestStart + Int64.random(in: -3600...(6 * 86_400), using: &random)
            var holes: [(Int64, Int64)] = []
            var cursor = requestStart
            while cursor < requestEnd {
                let start = cursor + Int64.random(in: 0...30_000, using: &random)
                let end = min(start + Int64.random(in: 1...90_000, using: &random), requestEnd)
                if start < end { holes.append((start, end)) }
                cursor = end + 1
            }
            let plan = GenerationPlan(
                holes: holes.map { TimeWindow(start: UTCTime(seconds: $0.0), end: UTCTime(seconds: $0.1)) },
                requestStart: UTCTime(seconds: requestStart), availableEnd: UTCTime(seconds: available))
            let windows = plan.windows.map {
                ($0.kind.rawValue, $0.window.start.secondsFloor, $0.window.end.secondsFloor)
            }
            let context = "request \(requestStart)–\(requestEnd), available \(available), holes \(holes)"
            for (index, (kind, start, end)) in windows.enumerated() {
                let length = Self.lengths[kind] ?? -1
                #expect(end - start == length, "\(context): \(kind) at \(start)")
                #expect(start % length == 0, "\(context): \(kind) at \(start) is not on its grid")
                #expect(end <= available, "\(context): \(kind) at \(start) ends after the data")
                if index > 0 { #expect(windows[index - 1].2 <= start, "\(context): overlap at \(start)") }
                // It is made for a hole and overshoots the last hole it touches by less than an hour.
                let touched = holes.filter { $0.0 < end && start < $0.1 }
                #expect(!touched.isEmpty, "\(context): \(kind) at \(start) touches no hole")
                if let last = touched.last {
                    #expect(end < last.1 + 3600, "\(context): \(kind) at \(start) overshoots")
                }
                if let threshold = Self.thresholds[kind], threshold > 0 {
                    #expect(start - requestStart >= threshold, "\(context): \(kind) at \(start) is too early")
                }
            }
            // Every complete 10-minute window of a hole is covered.
            for (holeStart, holeEnd) in holes {
                var slot = holeStart - holeStart % 600
                while slot < holeEnd && slot + 600 <= available {
                    #expect(windows.contains { $0.1 <= slot && slot + 600 <= $0.2 }, "\(context): \(slot) not covered")
                    slot += 600
                }
            }
            // Segments: the windows in order, each contiguous and at most 24 hours.
            #expect(plan.segments.flatMap { $0 }.map(\.window) == plan.windows.map(\.window))
            for segment in plan.segments {
                if let first = segment.first, let last = segment.last {
                    #expect(last.window.end.secondsFloor - first.window.start.secondsFloor <= 86_400)
                }
                #expect(zip(segment, segment.dropFirst()).allSatisfy { $0.window.end == $1.window.start })
            }
        }
    }
}
