import SeedCore

/// The smallest and largest decoded sample of a channel's traces inside a window, read
/// straight from the traces' arrays (no merge, no cut): the early normalization of a miss's
/// `metadata` line.
///
/// It holds every value the window's chunks can hold (a cut copies, holds or interpolates
/// between real samples), so the final manifest's range, the chunks' min/max, lies within
/// it; it is wider only when the cut drops samples (overlapping traces, data after the last
/// whole second at the leading edge, windows refused as incomplete). Floats are rounded and
/// clamped to int32 as a cut writes them; NaN is skipped.
enum SampleExtremes {
    /// min/max of the samples timed in `[window.start, window.end)`, `nil` when there are none.
    static func of(_ traces: [Trace], in window: TimeWindow) -> ChunkManifest.Normalization? {
        var low = Int32.max
        var high = Int32.min
        var found = false
        for trace in traces where trace.sampleRate > 0 && trace.sampleRate.isFinite {
            let indices = positions(of: trace, in: window)
            guard !indices.isEmpty else { continue }
            let extremes: (Int32, Int32)?
            switch trace.samples {
            case .int32(let values):
                extremes = values.withUnsafeBufferPointer {
                    WindowProcessor.extremes(UnsafeBufferPointer(rebasing: $0[indices]))
                }
            case .float32(let values): extremes = floats(values[indices])
            case .float64(let values): extremes = floats(values[indices])
            case .text: extremes = nil
            }
            guard let (l, h) = extremes else { continue }
            low = min(low, l)
            high = max(high, h)
            found = true
        }
        return found ? ChunkManifest.Normalization(globalMin: low, globalMax: high) : nil
    }

    /// The indices of the trace's samples timed in the window (sample `k` at `start + k / rate`).
    static func positions(of trace: Trace, in window: TimeWindow) -> Range<Int> {
        func index(_ time: UTCTime) -> Int {
            let offset = (Double(time.nanoseconds &- trace.startTime.nanoseconds) / 1e9 * trace.sampleRate).rounded(.up)
            return Int(Swift.max(0, Swift.min(Double(trace.count), offset)))
        }
        let (first, end) = (index(window.start), index(window.end))
        return first < end ? first..<end : 0..<0
    }

    private static func floats<C: Collection>(_ values: C) -> (Int32, Int32)? where C.Element: BinaryFloatingPoint {
        var low = Double.infinity
        var high = -Double.infinity
        for value in values where !value.isNaN {
            low = min(low, Double(value))
            high = max(high, Double(value))
        }
        guard low <= high else { return nil }
        return (int32(low), int32(high))
    }

    /// `numpy.rint` (ties to even) clamped to int32, as a cut converts a float sample.
    private static func int32(_ value: Double) -> Int32 {
        let rounded = value.rounded(.toNearestOrEven)
        return Int32(Swift.max(Double(Int32.min), Swift.min(Double(Int32.max), rounded)))
    }
}
