import ChunkStore
import SeedCore
import Testing

/// `ChunkKind`'s policy against hand-worked times on the UTC clock (POSIX time: no leap
/// seconds, every day 86 400 s), around minute, hour, 6-hour, day, month, leap-day and
/// pre-1970 boundaries. Properties every kind must keep are checked over `allCases`, so a new
/// kind is checked by them too.
@Suite struct ChunkKindTests {
    static func time(_ text: String) -> UTCTime { UTCTime(iso8601: text)! }
    static func window(_ start: String, _ end: String) -> TimeWindow { TimeWindow(start: time(start), end: time(end)) }
    static let unknown = ChunkKind(rawValue: "90min")

    // MARK: - The table

    @Test func theKnownKindsAreDESIGNsFourShortestFirst() {
        #expect(ChunkKind.allCases.map(\.rawValue) == ["10min", "1h", "6h", "24h"])
        #expect(ChunkKind.allCases.map(\.seconds) == [600, 3600, 21_600, 86_400])
        #expect(ChunkKind(seconds: 3600) == .oneHour)
        #expect(ChunkKind(seconds: 1234) == nil)
        #expect(ChunkKind(rawValue: "6h") == .sixHours)
        #expect(ChunkKind.allCases.allSatisfy { $0.isKnown })
        #expect(ChunkKind.allCases.sorted() == ChunkKind.allCases)
        #expect(ChunkKind.namesList == "10min, 1h, 6h or 24h")
        #expect(ChunkKind.minutesList == "10, 60, 360 or 1440")
    }

    @Test func aNameOtherToolsWroteHasNoLengthNoWindowsAndSortsLast() {
        #expect(!Self.unknown.isKnown)
        #expect(Self.unknown.seconds == nil)
        #expect(Self.unknown.windowStart(containing: Self.time("2025-11-04T22:05:00Z")) == nil)
        #expect(Self.unknown.windows(covering: Self.window("2025-11-04T00:00:00Z", "2025-11-05T00:00:00Z")).isEmpty)
        #expect(Self.unknown.windows(endedWithin: 86_400, by: Self.time("2025-11-05T00:00:00Z")).isEmpty)
        #expect(Self.unknown.generationRole == nil)
        #expect(ChunkKind.oneDay < Self.unknown)
        #expect(ChunkKind(rawValue: "7d") < ChunkKind(rawValue: "90min"))
    }

    /// Windows lie on the UTC clock: a length divides a day or is whole days, so every day
    /// starts a window of every kind and a chunk never straddles a grid line of a finer kind.
    @Test(arguments: ChunkKind.allCases)
    func everyLengthDividesADayOrIsWholeDays(kind: ChunkKind) throws {
        let seconds = try #require(kind.seconds)
        #expect(seconds > 0)
        #expect(86_400 % seconds == 0 || seconds % 86_400 == 0)
        if seconds <= 86_400 { #expect(kind.isWindowStart(Self.time("2025-11-04T00:00:00Z"))) }
    }

    // MARK: - Alignment

    @Test(arguments: [
        // Inside the last second of a day: each kind's window holding it.
        ("2025-11-04T23:59:59.5Z", ChunkKind.tenMinutes, "2025-11-04T23:50:00Z"),
        ("2025-11-04T23:59:59.5Z", .oneHour, "2025-11-04T23:00:00Z"),
        ("2025-11-04T23:59:59.5Z", .sixHours, "2025-11-04T18:00:00Z"),
        ("2025-11-04T23:59:59.5Z", .oneDay, "2025-11-04T00:00:00Z"),
        // On a boundary the time starts its window.
        ("2025-11-05T00:00:00Z", .tenMinutes, "2025-11-05T00:00:00Z"),
        ("2025-11-05T00:00:00Z", .sixHours, "2025-11-05T00:00:00Z"),
        ("2025-11-05T00:00:00Z", .oneDay, "2025-11-05T00:00:00Z"),
        ("2025-11-04T22:10:00Z", .tenMinutes, "2025-11-04T22:10:00Z"),
        // Minutes and hours.
        ("2025-11-04T22:09:59Z", .tenMinutes, "2025-11-04T22:00:00Z"),
        ("2025-11-04T22:10:01Z", .oneHour, "2025-11-04T22:00:00Z"),
        ("2025-11-04T05:59:59Z", .sixHours, "2025-11-04T00:00:00Z"),
        ("2025-11-04T12:00:00Z", .sixHours, "2025-11-04T12:00:00Z"),
        ("2025-11-04T17:59:00Z", .sixHours, "2025-11-04T12:00:00Z"),
        // A leap day and the turn of a month and a year.
        ("2024-02-29T05:59:59Z", .sixHours, "2024-02-29T00:00:00Z"),
        ("2024-02-29T23:30:00Z", .oneDay, "2024-02-29T00:00:00Z"),
        ("2024-03-01T00:00:00Z", .oneDay, "2024-03-01T00:00:00Z"),
        ("2025-12-31T23:59:59.999999999Z", .oneHour, "2025-12-31T23:00:00Z"),
        // 2016-12-31 had a leap second in UTC; POSIX time does not count it.
        ("2016-12-31T23:59:59Z", .oneDay, "2016-12-31T00:00:00Z"),
        ("2017-01-01T00:00:00Z", .oneDay, "2017-01-01T00:00:00Z"),
        // Before 1970 the grid continues (floors towards the past).
        ("1969-12-31T23:55:00Z", .tenMinutes, "1969-12-31T23:50:00Z"),
        ("1969-12-31T23:55:00Z", .oneHour, "1969-12-31T23:00:00Z"),
        ("1969-12-31T23:55:00Z", .sixHours, "1969-12-31T18:00:00Z"),
        ("1969-12-31T23:55:00Z", .oneDay, "1969-12-31T00:00:00Z"),
        ("1969-12-31T23:59:59.5Z", .tenMinutes, "1969-12-31T23:50:00Z"),
        ("1969-12-31T18:00:00Z", .sixHours, "1969-12-31T18:00:00Z"),
    ])
    func theWindowHoldingATimeStartsOnTheKindsGrid(at: String, kind: ChunkKind, start: String) {
        #expect(kind.windowStart(containing: Self.time(at)) == Self.time(start))
        let window = kind.window(containing: Self.time(at))
        #expect(window?.start == Self.time(start))
        #expect(window?.seconds == kind.seconds)
        #expect(kind.isWindowStart(Self.time(at)) == (at == start))
    }

    @Test func aDayWindowIsExactly86400SecondsAlsoOnALeapSecondDay() {
        let leapSecondDay = ChunkKind.oneDay.window(containing: Self.time("2016-12-31T12:00:00Z"))
        #expect(leapSecondDay == Self.window("2016-12-31T00:00:00Z", "2017-01-01T00:00:00Z"))
        let leapDay = ChunkKind.oneDay.window(containing: Self.time("2024-02-29T12:00:00Z"))
        #expect(leapDay == Self.window("2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z"))
    }

    @Test(arguments: [
        ("2025-11-04T10:00:00Z", ChunkKind.oneHour, "2025-11-04T10:00:00Z"),
        ("2025-11-04T10:00:01Z", .oneHour, "2025-11-04T11:00:00Z"),
        ("2025-11-04T23:59:59Z", .oneHour, "2025-11-05T00:00:00Z"),
        ("2025-11-04T10:00:00.5Z", .tenMinutes, "2025-11-04T10:10:00Z"),
        ("2025-12-31T18:00:01Z", .sixHours, "2026-01-01T00:00:00Z"),
        ("1969-12-31T23:00:01Z", .oneHour, "1970-01-01T00:00:00Z"),
    ])
    func theBoundaryAtOrAfterATimeIsItselfOrTheNextWindowStart(at: String, kind: ChunkKind, boundary: String) {
        #expect(kind.boundary(atOrAfter: Self.time(at)) == Self.time(boundary))
    }

    // MARK: - Windows of a span

    @Test func windowsCoveringASpanAcrossMidnight() {
        let span = Self.window("2025-11-04T23:35:00Z", "2025-11-05T00:25:00Z")
        #expect(
            ChunkKind.tenMinutes.windows(covering: span) == [
                Self.window("2025-11-04T23:30:00Z", "2025-11-04T23:40:00Z"),
                Self.window("2025-11-04T23:40:00Z", "2025-11-04T23:50:00Z"),
                Self.window("2025-11-04T23:50:00Z", "2025-11-05T00:00:00Z"),
                Self.window("2025-11-05T00:00:00Z", "2025-11-05T00:10:00Z"),
                Self.window("2025-11-05T00:10:00Z", "2025-11-05T00:20:00Z"),
                Self.window("2025-11-05T00:20:00Z", "2025-11-05T00:30:00Z"),
            ])
        #expect(
            ChunkKind.oneHour.windows(covering: span) == [
                Self.window("2025-11-04T23:00:00Z", "2025-11-05T00:00:00Z"),
                Self.window("2025-11-05T00:00:00Z", "2025-11-05T01:00:00Z"),
            ])
        #expect(
            ChunkKind.sixHours.windows(covering: span) == [
                Self.window("2025-11-04T18:00:00Z", "2025-11-05T00:00:00Z"),
                Self.window("2025-11-05T00:00:00Z", "2025-11-05T06:00:00Z"),
            ])
        #expect(
            ChunkKind.oneDay.windows(covering: span) == [
                Self.window("2025-11-04T00:00:00Z", "2025-11-05T00:00:00Z"),
                Self.window("2025-11-05T00:00:00Z", "2025-11-06T00:00:00Z"),
            ])
    }

    @Test func aSpanEndingOnABoundaryDoesNotTouchTheNextWindow() {
        let span = Self.window("2025-11-04T06:00:00Z", "2025-11-04T12:00:00Z")
        #expect(ChunkKind.sixHours.windows(covering: span) == [span])
        #expect(ChunkKind.oneHour.windows(covering: span).count == 6)
        #expect(ChunkKind.tenMinutes.windows(covering: span).count == 36)
        let empty = Self.window("2025-11-04T06:00:00Z", "2025-11-04T06:00:00Z")
        #expect(ChunkKind.tenMinutes.windows(covering: empty).isEmpty)
    }

    /// Data from its first to its last sample: a last sample on a boundary opens the next window.
    @Test func windowsFromFirstThroughLastSampleIncludeBothEnds() {
        let ten = ChunkKind.tenMinutes
        #expect(
            ten.windows(from: Self.time("2025-11-04T10:00:00Z"), through: Self.time("2025-11-04T10:10:00Z")) == [
                Self.window("2025-11-04T10:00:00Z", "2025-11-04T10:10:00Z"),
                Self.window("2025-11-04T10:10:00Z", "2025-11-04T10:20:00Z"),
            ])
        #expect(
            ten.windows(from: Self.time("2025-11-04T10:00:00Z"), through: Self.time("2025-11-04T10:09:59.99Z")) == [
                Self.window("2025-11-04T10:00:00Z", "2025-11-04T10:10:00Z")
            ])
        #expect(
            ten.windows(from: Self.time("2025-11-04T10:05:00Z"), through: Self.time("2025-11-04T10:05:00Z")) == [
                Self.window("2025-11-04T10:00:00Z", "2025-11-04T10:10:00Z")
            ])
        let backwards = (Self.time("2025-11-04T10:05:00Z"), Self.time("2025-11-04T10:04:59Z"))
        #expect(ten.windows(from: backwards.0, through: backwards.1).isEmpty)
        let leapDay = (Self.time("2024-02-28T23:59:59Z"), Self.time("2024-03-01T00:00:00Z"))
        #expect(
            ChunkKind.oneDay.windows(from: leapDay.0, through: leapDay.1) == [
                Self.window("2024-02-28T00:00:00Z", "2024-02-29T00:00:00Z"),
                Self.window("2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z"),
                Self.window("2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z"),
            ])
    }

    @Test(arguments: [
        ("2025-11-05T00:02:00Z", ChunkKind.tenMinutes, "2025-11-04T23:50:00Z", "2025-11-05T00:00:00Z"),
        ("2025-11-05T00:00:00Z", .tenMinutes, "2025-11-04T23:50:00Z", "2025-11-05T00:00:00Z"),
        ("2025-11-05T00:02:00Z", .sixHours, "2025-11-04T18:00:00Z", "2025-11-05T00:00:00Z"),
        ("2025-11-05T05:59:59Z", .sixHours, "2025-11-04T18:00:00Z", "2025-11-05T00:00:00Z"),
        ("2025-11-05T06:00:00Z", .sixHours, "2025-11-05T00:00:00Z", "2025-11-05T06:00:00Z"),
        ("2025-03-01T00:30:00Z", .oneDay, "2025-02-28T00:00:00Z", "2025-03-01T00:00:00Z"),
    ])
    func theLastWindowEndedByATime(at: String, kind: ChunkKind, start: String, end: String) {
        #expect(kind.lastWindow(endedBy: Self.time(at)) == Self.window(start, end))
    }

    @Test func windowsEndedWithinASpanBeforeATime() {
        // Ends after 21:05 and by 22:05: 21:10 … 22:00.
        let ten = ChunkKind.tenMinutes.windows(endedWithin: 3600, by: Self.time("2025-11-04T22:05:00Z"))
        let ends = ["21:10", "21:20", "21:30", "21:40", "21:50", "22:00"].map { "2025-11-04T\($0):00Z" }
        #expect(ten.map { $0.end.iso8601() } == ends)
        #expect(ten.first == Self.window("2025-11-04T21:00:00Z", "2025-11-04T21:10:00Z"))
        // The 6 h checkpoints of the last day at a tick after midnight.
        #expect(
            ChunkKind.sixHours.windows(endedWithin: 86_400, by: Self.time("2025-11-05T00:02:00Z")) == [
                Self.window("2025-11-04T00:00:00Z", "2025-11-04T06:00:00Z"),
                Self.window("2025-11-04T06:00:00Z", "2025-11-04T12:00:00Z"),
                Self.window("2025-11-04T12:00:00Z", "2025-11-04T18:00:00Z"),
                Self.window("2025-11-04T18:00:00Z", "2025-11-05T00:00:00Z"),
            ])
        // A span reaching back exactly to a window's end leaves that window out (the end is exclusive).
        #expect(ChunkKind.oneHour.windows(endedWithin: 7200, by: Self.time("2025-11-04T22:00:00Z")).count == 2)
        #expect(ChunkKind.oneHour.windows(endedWithin: 7201, by: Self.time("2025-11-04T22:00:00Z")).count == 3)
        #expect(ChunkKind.tenMinutes.windows(endedWithin: 0, by: Self.time("2025-11-04T22:00:00Z")).isEmpty)
    }
}
