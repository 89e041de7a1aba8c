public import SeedCore

/// A UTC calendar day: what one day-metadata file covers.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Midnight at the start of the day.
    public let start: UTCTime

    /// The day containing `time`.
    public init(containing time: UTCTime) {
        let seconds = time.secondsFloor
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds - 1) / 86_400) - 1
        start = UTCTime(seconds: days * 86_400)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        guard text.utf8.count == 10, let time = UTCTime(iso8601: text) else { return nil }
        self.init(containing: time)
    }

    /// Midnight at the end of the day (the next day's start).
    public var end: UTCTime { start.adding(seconds: 86_400) }

    /// The following day.
    public var next: CalendarDay { CalendarDay(containing: end) }

    /// Year, month and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        let c = start.components
        return (c.year, c.month, c.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let c = components
        return "\(KeyText.pad(c.year, 4))-\(KeyText.pad(c.month, 2))-\(KeyText.pad(c.day, 2))"
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.start < rhs.start }
}
