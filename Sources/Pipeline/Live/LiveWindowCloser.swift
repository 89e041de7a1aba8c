public import SeedCore

/// Decides, for one channel of a live feed, when each window is complete and which traces it
/// needs: a window closes as soon as a record brings its last sample (the feed delivers a
/// channel in time order), and it gets every trace that overlaps it — the traces the tick would
/// have decoded from the same records, so ``WindowStorer`` stores the same bytes (its 95 % rule
/// then leaves a window with a telemetry gap to the cron). Memory is bounded: traces that end
/// before the next open window are let go.
///
/// Each trace may carry a tag (the follower's arrival number of its record), so the caller
/// knows which records a closed window was cut from and the oldest record still held: where
/// a restart must resume for nothing to be lost (``LiveProgress``).
public struct LiveWindowCloser: Sendable {
    /// A window whose last sample arrived, with the traces that overlap it.
    public struct Closed: Sendable {
        /// The window.
        public var window: TimeWindow
        /// The traces overlapping it, in arrival order.
        public var traces: [Trace]
        /// The tag of the first of those traces (with tags given in arrival order, the smallest).
        public var oldestTag: Int
    }

    /// The window length, seconds (windows start on multiples of it since 1970).
    public let windowSeconds: Int64
    private var traces: [(trace: Trace, tag: Int)] = []
    private var nextStart: UTCTime?

    /// A closer of `windowSeconds`-long windows.
    public init(windowSeconds: Int64) {
        precondition(windowSeconds > 0, "a window lasts at least a second")
        self.windowSeconds = windowSeconds
    }

    /// The start of the first window not closed yet (`nil` before the first record).
    public var openWindowStart: UTCTime? { nextStart }

    /// Traces held for windows still open.
    public var heldTraces: Int { traces.count }

    /// The tag of the oldest trace held for windows still open (`nil`: none held); with tags
    /// given in arrival order, the smallest.
    public var oldestHeldTag: Int? { traces.first?.tag }

    /// Adds a record's trace, tagged `tag`, and returns the windows it completes, oldest first.
    /// The first record opens the window it starts in (joined mid-window, that one is usually
    /// incomplete).
    public mutating func add(_ trace: Trace, tag: Int = 0) -> [Closed] {
        guard trace.count > 0, trace.sampleRate > 0 else { return [] }
        if nextStart == nil {
            let seconds = trace.startTime.secondsFloor
            nextStart = UTCTime(seconds: seconds - ((seconds % windowSeconds) + windowSeconds) % windowSeconds)
        }
        traces.append((trace, tag))
        var closed: [Closed] = []
        // Half a sample period of slack: a last sample at end − period (± jitter) completes it.
        let halfPeriod = Int64((0.5e9 / trace.sampleRate).rounded())
        while let start = nextStart {
            let end = start.adding(seconds: windowSeconds)
            let period = Int64((1e9 / trace.sampleRate).rounded())
            guard trace.endTime.nanoseconds + halfPeriod >= end.nanoseconds - period else { break }
            let window = TimeWindow(start: start, end: end)
            let overlapping = traces.filter { $0.trace.startTime < end && $0.trace.endTime >= start }
            closed.append(
                Closed(window: window, traces: overlapping.map(\.trace), oldestTag: overlapping.first?.tag ?? tag))
            nextStart = end
            traces.removeAll { $0.trace.endTime < end }
        }
        return closed
    }
}
