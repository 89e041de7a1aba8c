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
        guard let mergeable = try TraceMerger.mergeable(selected), let first = mergeable.first else {
            throw MiniSEEDError(code: .noData, message: "no samples of \(channel) in the input")
        }
        // Merged as pieces of the traces' own arrays; only the window is written out.
        var summary: WindowSummary
        switch first.samples.kind {
        case .int32:
            summary = try cutMerged(mergeable, window: window, into: &output) { if case .int32(let d) = $0 { d } else { nil } }
        case .float32:
            summary = try cutMerged(mergeable, window: window, into: &output) { if case .float32(let d) = $0 { d } else { nil } }
        case .float64:
            summary = try cutMerged(mergeable, window: window, into: &output) { if case .float64(let d) = $0 { d } else { nil } }
        case .text:
            throw MiniSEEDError(code: .textRecords, message: "\(channel) holds text (ASCII) records; no window to cut")
        }
        summary.gaps = GapStatistics.gaps(traces: selected, window: window)
        let gaps = GapStatistics(gaps: summary.gaps)
        summary.gapCount = gaps.count
        summary.gapDurationSeconds = gaps.durationSeconds
        summary.gapSamplesFilled = gaps.missingSamples
        return summary
    }

    private func cutMerged<S: WindowSample>(
        _ traces: [Trace], window: TimeWindow, into output: inout [Int32], extract: (TraceSamples) -> ContiguousArray<S>?
    ) throws(MiniSEEDError) -> WindowSummary {
        let sources = traces.map { extract($0.samples) ?? [] }
        let merged = try TraceMerger.merge(limit: maximumSamples, traces, sources: sources)
        return try cut(merged, sources: sources, id: traces[0].id, window: window, into: &output)
    }

    /// Cuts a window out of an already merged trace (gap statistics left at zero: they
    /// need the unmerged traces; see ``GapStatistics``).
    public func cut(_ merged: MergedTrace, window: TimeWindow, into output: inout [Int32]) throws(MiniSEEDError)
        -> WindowSummary
    {
        let trace = merged.trace
        func work<S>(_ data: ContiguousArray<S>) -> WorkTrace<S> {
            var work = WorkTrace<S>(start: trace.startTime.nanoseconds, rate: trace.sampleRate, source: 0, count: data.count)
            work.interpolated = merged.interpolated
            return work
        }
        switch trace.samples {
        case .int32(let data): return try cut(work(data), sources: [data], id: trace.id, window: window, into: &output)
        case .float32(let data): return try cut(work(data), sources: [data], id: trace.id, window: window, into: &output)
        case .float64(let data): return try cut(work(data), sources: [data], id: trace.id, window: window, into: &output)
        case .text:
            throw MiniSEEDError(
                code: .textRecords,
                message: "\(trace.id) holds text (ASCII) records, log messages rather than samples; no window to cut")
        }
    }

    private func cut<S: WindowSample>(
        _ trace: WorkTrace<S>, sources: [ContiguousArray<S>], id: SourceID, window: TimeWindow, into output: inout [Int32]
    ) throws(MiniSEEDError) -> WindowSummary {
        let rate = trace.rate
        guard rate > 0, rate.isFinite else {
            throw MiniSEEDError(code: .invalidWindow, message: "\(id) has sample rate \(rate); no window to cut")
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
        let t0 = trace.start
        let endTime = UTCTime(nanoseconds: ObsPyTime.endTime(start: t0, count: npts, rate: rate))
        let i0 = ObsPyTime.roundAway(Double(window.start.nanoseconds &- t0) / 1e9 * rate)
        var kCut = n
        if i0 + n - 1 > npts - 1 {
            let cutoff = endTime.flooredToSecond.nanoseconds
            let k = Int(ObsPyTime.clampedInt((Double(cutoff &- window.start.nanoseconds) / 1e9 * rate).rounded(.toNearestOrEven)))
            kCut = Swift.max(0, Swift.min(n, k))
        }
        // Positions holding data form one run: 0 <= i0 + k < npts and k < kCut.
        let firstK = Swift.max(0, -i0)
        let endK = Swift.min(n, npts - i0, kCut)
        guard firstK < endK else {
            throw MiniSEEDError(
                code: .noData,
                message: "\(id) has no sample in \(window) (data \(UTCTime(nanoseconds: t0))–\(endTime))")
        }
        // Real positions: the run minus interpolated samples.
        var real = endK - firstK
        var lastRealK = endK - 1
        for range in trace.interpolated {
            let lo = Swift.max(range.lowerBound - i0, firstK)
            let hi = Swift.min(range.upperBound - i0, endK)
            if lo < hi { real -= hi - lo }
        }
        // Step back over interpolated runs at the end (ranges are ascending and disjoint).
        for range in trace.interpolated.reversed() where range.contains(lastRealK + i0) {
            lastRealK = range.lowerBound - i0 - 1
        }
        if lastRealK < firstK { lastRealK = endK - 1 }

        // Positions before the data hold the first sample, after the kept data the last real one;
        // held positions count a clamped conversion once each, as converting them one by one would.
        var clamped = 0
        let head = S.int32(trace.element(firstK + i0, from: sources), clamped: &clamped)
        clamped *= firstK
        var tailClamped = 0
        let tail = S.int32(trace.element(lastRealK + i0, from: sources), clamped: &tailClamped)
        clamped += tailClamped * (n - endK)
        LargeBuffer.fill(&output, count: n) { out in
            (out).update(repeating: head, count: firstK)
            S.copy(trace, (firstK + i0)..<(endK + i0), from: sources, into: out + firstK, clamped: &clamped)
            (out + endK).update(repeating: tail, count: n - endK)
        }
        let (low, high) = output.withUnsafeBufferPointer(Self.extremes)
        let completeness = Double(real) / Double(n)
        return WindowSummary(
            samples: n, sampleRate: rate, min: low, max: high, gapCount: 0, gapDurationSeconds: 0,
            gapSamplesFilled: 0, edgeFilledSamples: firstK + (n - endK), realSamples: real,
            completeness: completeness, accepted: completeness >= minimumCompleteness, clampedSamples: clamped)
    }

    /// The smallest and largest value, in independent lanes the compiler can vectorise
    /// (`(0, 0)` for none).
    package static func extremes(_ values: UnsafeBufferPointer<Int32>) -> (Int32, Int32) {
        var low = SIMD8<Int32>(repeating: .max)
        var high = SIMD8<Int32>(repeating: .min)
        guard let base = values.baseAddress else { return (0, 0) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= values.count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Int32>.self)
            low = pointwiseMin(low, v)
            high = pointwiseMax(high, v)
            i += 8
        }
        var l = low.min()
        var h = high.max()
        while i < values.count {
            l = Swift.min(l, values[i])
            h = Swift.max(h, values[i])
            i += 1
        }
        return (l, h)
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

/// A sample kind a window is cut from: written out as int32, floats rounded as `numpy.rint`.
protocol WindowSample: MergeableSample {
    static func int32(_ value: Self, clamped: inout Int) -> Int32
    /// Writes samples `range` of `trace` to `output` as int32.
    static func copy(
        _ trace: WorkTrace<Self>, _ range: Range<Int>, from sources: [ContiguousArray<Self>],
        into output: UnsafeMutablePointer<Int32>, clamped: inout Int)
}

extension Int32: WindowSample {
    static func int32(_ value: Int32, clamped: inout Int) -> Int32 { value }

    static func copy(
        _ trace: WorkTrace<Int32>, _ range: Range<Int>, from sources: [ContiguousArray<Int32>],
        into output: UnsafeMutablePointer<Int32>, clamped: inout Int
    ) {
        trace.copy(range, from: sources, into: output)
    }
}

extension WindowSample where Self: BinaryFloatingPoint {
    static func int32(_ value: Self, clamped: inout Int) -> Int32 {
        WindowProcessor.toInt32(Double(value), clamped: &clamped)
    }

    static func copy(
        _ trace: WorkTrace<Self>, _ range: Range<Int>, from sources: [ContiguousArray<Self>],
        into output: UnsafeMutablePointer<Int32>, clamped: inout Int
    ) {
        // Converted in chunks through a small buffer.
        let chunk = 4096
        let buffer = UnsafeMutablePointer<Self>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var position = range.lowerBound
        var out = output
        while position < range.upperBound {
            let n = Swift.min(chunk, range.upperBound - position)
            trace.copy(position..<(position + n), from: sources, into: buffer)
            for i in 0..<n { out[i] = WindowProcessor.toInt32(Double(buffer[i]), clamped: &clamped) }
            out += n
            position += n
        }
    }
}

extension Float: WindowSample {}

extension Double: WindowSample {}
