public import SeedCore

/// Alignment: the windows of a known kind lie on a grid of its length counted from
/// 1970-01-01T00:00:00Z (UTC without leap seconds, as `UTCTime`), so `10min` windows start on
/// the clock's ten minutes, `1h` on the hour, `6h` at 00/06/12/18 UTC and `24h` at midnight.
/// The tick, backfill, ingest and `/data` generation all take their windows from here. A kind
/// that is not known has no grid: it has no windows and no window start.
extension ChunkKind {
    /// The start of the window of this kind that holds `time` (the time itself when it is a
    /// window start); `nil` for a kind that is not known.
    public func windowStart(containing time: UTCTime) -> UTCTime? {
        guard let length = seconds else { return nil }
        return UTCTime(seconds: Self.floor(time.secondsFloor, to: length))
    }

    /// The window of this kind that holds `time`; `nil` for a kind that is not known.
    public func window(containing time: UTCTime) -> TimeWindow? {
        guard let length = seconds, let start = windowStart(containing: time) else { return nil }
        return TimeWindow(start: start, end: start.adding(seconds: length))
    }

    /// Whether a window of this kind starts at `time` (false for a kind that is not known).
    public func isWindowStart(_ time: UTCTime) -> Bool { windowStart(containing: time) == time }

    /// The first window boundary at or after `time`: `time` itself when it is one, else the
    /// end of the window holding it; `nil` for a kind that is not known.
    public func boundary(atOrAfter time: UTCTime) -> UTCTime? {
        guard let length = seconds, let start = windowStart(containing: time) else { return nil }
        return start == time ? start : start.adding(seconds: length)
    }

    /// The windows of this kind that overlap `span` (`[start, end)`), in time order: the
    /// window holding its start, then each next one that starts before its end. Empty for an
    /// empty span or a kind that is not known.
    public func windows(covering span: TimeWindow) -> [TimeWindow] {
        guard span.start < span.end else { return [] }
        return windows(from: span.start) { $0 < span.end }
    }

    /// The windows of this kind holding any instant from `first` through `last` (both
    /// included: the first and last sample of some data), in time order. Empty when `last`
    /// is before `first` or for a kind that is not known.
    public func windows(from first: UTCTime, through last: UTCTime) -> [TimeWindow] {
        guard first <= last else { return [] }
        return windows(from: first) { $0 <= last }
    }

    /// The last window of this kind that has ended by `time` (it ends at `time` or before, and
    /// the next one has not ended yet); `nil` for a kind that is not known.
    public func lastWindow(endedBy time: UTCTime) -> TimeWindow? {
        guard let length = seconds, let end = windowStart(containing: time) else { return nil }
        return TimeWindow(start: end.adding(seconds: -length), end: end)
    }

    /// The windows of this kind that have ended by `time` and ended less than `seconds`
    /// before it (whole seconds), oldest first: what a look-back over the last `seconds`
    /// re-checks. Empty for `seconds ≤ 0` or a kind that is not known.
    public func windows(endedWithin seconds: Int64, by time: UTCTime) -> [TimeWindow] {
        guard let length = self.seconds, let newest = lastWindow(endedBy: time), seconds > 0 else { return [] }
        let oldestEnd = time.secondsFloor - seconds  // exclusive
        var windows: [TimeWindow] = []
        var window = newest
        while window.end.secondsFloor > oldestEnd {
            windows.append(window)
            window = TimeWindow(start: window.start.adding(seconds: -length), end: window.start)
        }
        return windows.reversed()
    }

    /// The windows from the one holding `start` on, while `continues` holds for a window's start.
    private func windows(from start: UTCTime, while continues: (UTCTime) -> Bool) -> [TimeWindow] {
        guard let length = seconds, var windowStart = windowStart(containing: start) else { return [] }
        var windows: [TimeWindow] = []
        while continues(windowStart) {
            let end = windowStart.adding(seconds: length)
            windows.append(TimeWindow(start: windowStart, end: end))
            windowStart = end
        }
        return windows
    }

    /// `seconds` rounded down to a multiple of `step` (towards the past, also before 1970).
    private static func floor(_ seconds: Int64, to step: Int64) -> Int64 {
        seconds >= 0 ? seconds / step * step : -((-seconds + step - 1) / step) * step
    }
}
