/// One gap of a channel inside a window: a row of ObsPy's `Stream.get_gaps()` on the unmerged
/// traces trimmed to the window's first and last sample times (positive gaps only), before
/// interpolation fills it. ``GapStatistics`` sums these rows.
public struct WindowGap: Sendable, Hashable {
    /// The last sample before the gap (`get_gaps()`'s start time).
    public var start: UTCTime
    /// The first sample after it (`get_gaps()`'s end time).
    public var end: UTCTime
    /// Seconds between where the next sample was due (start + one period) and `end`.
    public var durationSeconds: Double
    /// Missing samples, `durationSeconds × rate` rounded half away from zero: the samples
    /// interpolation fills.
    public var samples: Int

    /// Creates a gap.
    public init(start: UTCTime, end: UTCTime, durationSeconds: Double, samples: Int) {
        self.start = start
        self.end = end
        self.durationSeconds = durationSeconds
        self.samples = samples
    }
}

extension GapStatistics {
    /// The statistics of a list of gaps: their count, summed duration and missing samples.
    public init(gaps: [WindowGap]) {
        self.init(
            count: gaps.count,
            durationSeconds: gaps.reduce(0) { $0 + $1.durationSeconds },
            missingSamples: gaps.reduce(0) { $0 + $1.samples }
        )
    }

    /// The gaps of `traces` (one channel, as read) inside `window`, in time order, as ObsPy's
    /// `Stream.trim(start, end - 1/rate).get_gaps()` lists them (overlaps left out).
    public static func gaps(traces: [Trace], window: TimeWindow) -> [WindowGap] {
        guard let rate = traces.first(where: { $0.count > 0 })?.sampleRate, rate > 0 else { return [] }
        let trimEnd = ObsPyTime.add(window.end.nanoseconds, seconds: -(1.0 / rate))
        // Stream.trim keeps (start, end, rate) of each non-empty trimmed trace.
        var spans: [(start: Int64, end: Int64, rate: Double, order: Int)] = []
        for (index, trace) in traces.enumerated() where trace.count > 0 {
            let kept = ObsPyTrim.kept(
                start: trace.startTime.nanoseconds,
                count: trace.count,
                rate: trace.sampleRate,
                from: window.start.nanoseconds,
                to: trimEnd
            )
            guard kept.count > 0 else { continue }
            spans.append(
                (
                    kept.start, ObsPyTime.endTime(start: kept.start, count: kept.count, rate: trace.sampleRate),
                    trace.sampleRate, index
                )
            )
        }
        // Stream.sort(): by start, then end, stable.
        spans.sort { a, b in
            ObsPyTime.sortsBefore(start: a.start, end: a.end, order: a.order, start: b.start, end: b.end, order: b.order)
        }
        guard spans.count > 1 else { return [] }
        var gaps: [WindowGap] = []
        for i in 0..<(spans.count - 1) {
            let this = spans[i]
            let next = spans[i + 1]
            let sameRate = 1.0 / this.rate == 1.0 / next.rate
            let stime = ObsPyTime.comparable(next.end) < ObsPyTime.comparable(this.end) ? next.end : this.end
            let etime = next.start
            var delta = ObsPyTime.timestamp(etime) - (ObsPyTime.timestamp(stime) + 1.0 / this.rate)
            if delta < 0 {
                let coverage = ObsPyTime.timestamp(next.end) - ObsPyTime.timestamp(etime)
                if -delta > coverage { delta = -coverage }
            }
            var missing = ObsPyTime.roundAway(abs(delta) * this.rate)
            if delta < 0 { missing = -missing }
            if sameRate && missing == 0 { continue }
            let (s, e) = (ObsPyTime.comparable(stime), ObsPyTime.comparable(etime))
            let covered = spans[..<i].contains { prev in
                ObsPyTime.comparable(prev.start) < s && s < e && e < ObsPyTime.comparable(prev.end)
            }
            if covered || delta <= 0 { continue }
            gaps.append(
                WindowGap(
                    start: UTCTime(nanoseconds: stime),
                    end: UTCTime(nanoseconds: etime),
                    durationSeconds: delta,
                    samples: missing
                )
            )
        }
        return gaps
    }
}
