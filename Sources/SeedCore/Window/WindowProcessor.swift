/// Turns the traces of one channel into one chunk: merge (``TraceMerger``), cut the window
/// on the sample grid, apply the leading-edge rule, hold the edges, convert to int32 and
/// measure completeness (DESIGN "Processing", steps 3–5).
///
/// Rules, in the order they apply (`n = seconds × rate` chunk samples, merged trace from
/// `t0` with `npts` samples):
/// - chunk position `k` takes merged sample `i0 + k`, `i0 = round_half_away((start - t0) × rate)`:
///   the sample nearest to `start + k / rate`;
/// - when the data does not reach the window's last position, it is cut back to the whole
///   second of its last sample (the leading-edge rule): positions at or after that second
///   hold no data;
/// - positions before the first sample hold the first sample, positions after the last kept
///   sample hold the last real kept sample (`edgeFilledSamples`);
/// - float samples are rounded to nearest, ties to even, and clamped to the int32 range;
/// - completeness is real samples / `n`; a window is accepted from `minimumCompleteness` on.
///
/// `Tests/SeedCoreTests/Fixtures/obspy_reference.py` states the same rules in NumPy.
public struct WindowProcessor: Sendable {
    /// The completeness from which a window is accepted (0...1).
    public var minimumCompleteness: Double
    /// The most samples one window or merged trace may hold (see ``TraceMerger/maximumSamples``).
    public var maximumSamples: Int

    /// Creates a processor.
    /// - Parameters:
    ///   - minimumCompleteness: defaults to 0.95 (DESIGN step 5).
    ///   - maximumSamples: defaults to 100 million (a day at 1 kHz).
    public init(minimumCompleteness: Double = 0.95, maximumSamples: Int = 100_000_000) {
        self.minimumCompleteness = minimumCompleteness
        self.maximumSamples = maximumSamples
    }

    /// Processes one window of one channel.
    ///
    /// - Parameters:
    ///   - traces: traces as read; other channels' traces are ignored.
    ///   - channel: the channel to cut.
    ///   - window: the window, on whole seconds.
    ///   - output: receives exactly `summary.samples` int32 samples; its storage is reused.
    /// - Returns: the summary of the chunk.
    /// - Throws: `invalidWindow`, `noData` (no sample of the channel falls in the window),
    ///   `textRecords` (the channel holds log text, not samples) or `incompatibleTraces`.
    public func process(
        _ traces: [Trace],
        channel: SourceID,
        window: TimeWindow,
        into output: inout [Int32]
    ) throws(MiniSEEDError) -> WindowSummary {
        guard window.start < window.end, window.start.isWholeSecond, window.end.isWholeSecond else {
            throw MiniSEEDError(
                code: .invalidWindow, message: "window \(window) must start before it ends, both on whole seconds")
        }
        let selected = traces.filter { $0.id == channel }
        guard let merged = try TraceMerger(maximumSamples: maximumSamples).merge(selected) else {
            throw MiniSEEDError(code: .noData, message: "no samples of \(channel) in the input")
        }
        var summary = try cut(merged, window: window, into: &output)
        let gaps = GapStatistics(traces: selected, window: window)
        summary.gapCount = gaps.count
        summary.gapDurationSeconds = gaps.durationSeconds
        summary.gapSamplesFilled = gaps.missingSamples
        return summary
    }

    /// Cuts a window out of an already merged trace (gap statistics left at zero: they
    /// need the unmerged traces; see ``GapStatistics``).
    public func cut(_ merged: MergedTrace, window: TimeWindow, into output: inout [Int32]) throws(MiniSEEDError)
        -> WindowSummary
    {
        let trace = merged.trace
        let rate = trace.sampleRate
        guard trace.samples.kind != .text else {
            throw MiniSEEDError(
                code: .textRecords,
                message: "\(trace.id) holds text (ASCII) records, log messages rather than samples; no window to cut")
        }
        guard rate > 0, rate.isFinite else {
            throw MiniSEEDError(code: .invalidWindow, message: "\(trace.id) has sample rate \(rate); no window to cut")
        }
        let n = window.sampleCount(rate: rate)
        guard n > 0 else {
            throw MiniSEEDError(code: .invalidWindow, message: "window \(window) holds no sample at \(rate) Hz")
        }
        guard n <= maximumSamples else {
            throw MiniSEEDError(
                code: .tooManySamples,
                message: "window \(window) at \(rate) Hz needs \(n) samples (limit \(maximumSamples)); "
                    + "check the sample rate of the records")
        }
        let npts = trace.count
        let t0 = trace.startTime.nanoseconds
        let i0 = ObsPyTime.roundAway(Double(window.start.nanoseconds &- t0) / 1e9 * rate)
        var kCut = n
        if i0 + n - 1 > npts - 1 {
            let cutoff = trace.endTime.flooredToSecond.nanoseconds
            let k = Int(ObsPyTime.clampedInt((Double(cutoff &- window.start.nanoseconds) / 1e9 * rate).rounded(.toNearestOrEven)))
            kCut = Swift.max(0, Swift.min(n, k))
        }
        // Positions holding data form one run: 0 <= i0 + k < npts and k < kCut.
        let firstK = Swift.max(0, -i0)
        let endK = Swift.min(n, npts - i0, kCut)
        guard firstK < endK else {
            throw MiniSEEDError(
                code: .noData, message: "\(trace.id) has no sample in \(window) (data \(trace.startTime)–\(trace.endTime))")
        }
        // Real positions: the run minus interpolated samples.
        var real = endK - firstK
        var lastRealK = endK - 1
        for range in merged.interpolated {
            let lo = Swift.max(range.lowerBound - i0, firstK)
            let hi = Swift.min(range.upperBound - i0, endK)
            if lo < hi { real -= hi - lo }
        }
        // Step back over interpolated runs at the end (ranges are ascending and disjoint).
        for range in merged.interpolated.reversed() where range.contains(lastRealK + i0) {
            lastRealK = range.lowerBound - i0 - 1
        }
        if lastRealK < firstK { lastRealK = endK - 1 }

        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(n)
        var clamped = 0
        switch trace.samples {
        case .int32(let data):
            fill(&output, n: n, firstK: firstK, endK: endK, holdK: lastRealK, i0: i0) { data[$0] }
        case .float32(let data):
            fill(&output, n: n, firstK: firstK, endK: endK, holdK: lastRealK, i0: i0) {
                Self.toInt32(Double(data[$0]), clamped: &clamped)
            }
        case .float64(let data):
            fill(&output, n: n, firstK: firstK, endK: endK, holdK: lastRealK, i0: i0) {
                Self.toInt32(data[$0], clamped: &clamped)
            }
        case .text:
            break  // refused above
        }
        var low = Int32.max
        var high = Int32.min
        for v in output {
            low = Swift.min(low, v)
            high = Swift.max(high, v)
        }
        let completeness = Double(real) / Double(n)
        return WindowSummary(
            samples: n, sampleRate: rate, min: low, max: high, gapCount: 0, gapDurationSeconds: 0,
            gapSamplesFilled: 0, edgeFilledSamples: firstK + (n - endK), realSamples: real,
            completeness: completeness, accepted: completeness >= minimumCompleteness, clampedSamples: clamped)
    }

    @inline(__always)
    private func fill(
        _ output: inout [Int32], n: Int, firstK: Int, endK: Int, holdK: Int, i0: Int, _ value: (Int) -> Int32
    ) {
        // Held positions convert their source sample again, so clamping is counted per position.
        for _ in 0..<firstK { output.append(value(firstK + i0)) }
        for k in firstK..<endK { output.append(value(k + i0)) }
        for _ in endK..<n { output.append(value(holdK + i0)) }
    }

    /// `numpy.rint` (ties to even), clamped to the int32 range; NaN becomes 0. Both count as clamped.
    @inline(__always)
    static func toInt32(_ x: Double, clamped: inout Int) -> Int32 {
        let r = x.rounded(.toNearestOrEven)
        if r.isNaN {
            clamped += 1
            return 0
        }
        if r < -2_147_483_648 {
            clamped += 1
            return Int32.min
        }
        if r > 2_147_483_647 {
            clamped += 1
            return Int32.max
        }
        return Int32(r)
    }
}
