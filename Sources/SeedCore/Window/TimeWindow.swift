/// A half-open time range `[start, end)` on whole seconds: what one chunk covers.
public struct TimeWindow: Sendable, Hashable, CustomStringConvertible {
    /// First instant of the window (inclusive).
    public var start: UTCTime
    /// End of the window (exclusive).
    public var end: UTCTime

    /// Creates a window.
    public init(start: UTCTime, end: UTCTime) {
        self.start = start
        self.end = end
    }

    /// Length in whole seconds.
    public var seconds: Int64 { (end.nanoseconds - start.nanoseconds) / 1_000_000_000 }

    /// Number of samples a chunk of this window holds at `rate`: `round(seconds * rate)`.
    public func sampleCount(rate: Double) -> Int {
        Int(ObsPyTime.clampedInt((ObsPyTime.difference(end.nanoseconds, start.nanoseconds) * rate).rounded(.toNearestOrEven)))
    }

    /// `start – end` in ISO 8601.
    public var description: String { "\(start.iso8601())–\(end.iso8601())" }
}
