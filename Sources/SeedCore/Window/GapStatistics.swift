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

    /// Computes the statistics of `traces` (one channel, as read) inside `window`: the sums of
    /// ``gaps(traces:window:)``.
    public init(traces: [Trace], window: TimeWindow) {
        self.init(gaps: Self.gaps(traces: traces, window: window))
    }
}
