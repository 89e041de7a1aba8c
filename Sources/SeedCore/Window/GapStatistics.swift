/// Gaps of a channel in a window, as ObsPy's `Stream.get_gaps()` reports them on the
/// unmerged traces trimmed to the window's first and last sample times
/// (`Stream.trim(start, end - 1/rate)`). Only positive gaps count; overlaps are not gaps.
public struct GapStatistics: Sendable, Hashable, Codable {
    /// Number of gaps.
    public var count: Int
    /// Summed duration of the gaps in seconds (time between the sample before a gap plus
    /// one period and the sample after it).
    public var durationSeconds: Double
    /// Summed number of missing samples.
    public var missingSamples: Int

    /// Creates statistics.
    public init(count: Int = 0, durationSeconds: Double = 0, missingSamples: Int = 0) {
        self.count = count
        self.durationSeconds = durationSeconds
        self.missingSamples = missingSamples
    }

    /// Computes the statistics of `traces` (one channel, as read) inside `window`.
    public init(traces: [Trace], window: TimeWindow) {
        self.init()
        guard let rate = traces.first(where: { $0.count > 0 })?.sampleRate, rate > 0 else { return }
        let trimEnd = ObsPyTime.add(window.end.nanoseconds, seconds: -(1.0 / rate))
        // Stream.trim keeps (start, end, rate) of each non-empty trimmed trace.
        var spans: [(start: Int64, end: Int64, rate: Double, order: Int)] = []
        for (index, trace) in traces.enumerated() where trace.count > 0 {
            let kept = ObsPyTrim.kept(
                start: trace.startTime.nanoseconds, count: trace.count, rate: trace.sampleRate,
                from: window.start.nanoseconds, to: trimEnd)
            guard kept.count > 0 else { continue }
            spans.append((kept.start, ObsPyTime.endTime(start: kept.start, count: kept.count, rate: trace.sampleRate),
                          trace.sampleRate, index))
        }
        // Stream.sort(): by start, then end, stable.
        spans.sort { a, b in
            ObsPyTime.sortsBefore(start: a.start, end: a.end, order: a.order, start: b.start, end: b.end, order: b.order)
        }
        guard spans.count > 1 else { return }
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
            count += 1
            durationSeconds += delta
            missingSamples += missing
        }
    }
}
