/// Merges the traces of one channel exactly as ObsPy 1.5.1's
/// `Stream.merge(method=1, fill_value='interpolate', interpolation_samples=0)` does:
/// first `_cleanup` (joins adjacent traces and equal overlaps, snapping traces misaligned by
/// at most 1 % of a sample onto the first trace's grid), then a sorted fold of
/// `Trace.__add__`: the later-starting trace wins an overlap, a contained trace is dropped,
/// and a gap of `g = round_half_away((right.start - left.end) * rate) - 1` samples is filled
/// with `linspace(left.last, right.first, g + 2)[1:-1]` (truncated toward zero for integers).
public struct TraceMerger: Sendable {
    /// The most samples a merged trace may hold. A record with a corrupt time or rate can
    /// otherwise ask for a gap of years; the default (100 million) holds a day at 1 kHz.
    public var maximumSamples: Int

    /// Creates a merger.
    /// - Parameter maximumSamples: the most samples a merged trace may hold.
    public init(maximumSamples: Int = 100_000_000) {
        self.maximumSamples = maximumSamples
    }

    /// Merges traces of one channel into one continuous trace.
    ///
    /// - Parameter traces: traces of a single ``SourceID`` in the order they were read.
    /// - Returns: the merged trace and the sample ranges filled by interpolation; `nil`
    ///   when no trace has samples.
    /// - Throws: `incompatibleTraces` when the traces differ in sample rate or sample kind
    ///   (ObsPy refuses those merges too).
    public func merge(_ traces: [Trace]) throws(MiniSEEDError) -> MergedTrace? {
        guard let nonEmpty = try Self.mergeable(traces), let first = nonEmpty.first else { return nil }
        let merged: (samples: TraceSamples, start: Int64, interpolated: [Range<Int>])
        switch first.samples.kind {
        case .int32:
            merged = try mergeSamples(nonEmpty, wrap: TraceSamples.int32) { if case .int32(let d) = $0 { d } else { nil } }
        case .float32:
            merged = try mergeSamples(nonEmpty, wrap: TraceSamples.float32) { if case .float32(let d) = $0 { d } else { nil } }
        case .float64:
            merged = try mergeSamples(nonEmpty, wrap: TraceSamples.float64) { if case .float64(let d) = $0 { d } else { nil } }
        case .text:
            return nil  // refused by mergeable(_:)
        }
        let samples = merged.samples
        let trace = Trace(
            id: first.id, quality: first.quality, startTime: UTCTime(nanoseconds: merged.start),
            sampleRate: first.sampleRate, samples: samples)
        return MergedTrace(trace: trace, interpolated: merged.interpolated)
    }

    /// The traces with samples, checked to be mergeable (one finite positive rate, one sample
    /// kind, no text); nil when none has samples.
    static func mergeable(_ traces: [Trace]) throws(MiniSEEDError) -> [Trace]? {
        let nonEmpty = traces.filter { $0.count > 0 }
        guard let first = nonEmpty.first else { return nil }
        if let text = nonEmpty.first(where: { $0.samples.kind == .text }) {
            throw MiniSEEDError(
                code: .textRecords,
                message: "\(text.id) holds text (ASCII) records, log messages rather than samples; "
                    + "choose a channel with data samples (see `seiscron inspect`)")
        }
        for trace in nonEmpty {
            guard trace.sampleRate > 0 && trace.sampleRate.isFinite else {
                throw MiniSEEDError(
                    code: .incompatibleTraces, message: "\(trace.id) has sample rate \(trace.sampleRate); cannot merge")
            }
            guard trace.sampleRate == first.sampleRate else {
                throw MiniSEEDError(
                    code: .incompatibleTraces,
                    message: "\(first.id) has traces at \(first.sampleRate) Hz and \(trace.sampleRate) Hz; "
                        + "select one rate (ObsPy refuses this merge as well)")
            }
            guard trace.samples.kind == first.samples.kind else {
                throw MiniSEEDError(
                    code: .incompatibleTraces,
                    message: "\(first.id) mixes \(first.samples.kind) and \(trace.samples.kind) samples; cannot merge")
            }
        }
        return nonEmpty
    }

    /// Runs the typed merge on traces whose samples `extract` unwraps (all of one kind).
    private func mergeSamples<S: MergeableSample>(
        _ traces: [Trace],
        wrap: (ContiguousArray<S>) -> TraceSamples,
        extract: (TraceSamples) -> ContiguousArray<S>?
    ) throws(MiniSEEDError) -> (samples: TraceSamples, start: Int64, interpolated: [Range<Int>]) {
        let sources = traces.map { extract($0.samples) ?? [] }
        let result = try Self.merge(limit: maximumSamples, traces, sources: sources)
        return (wrap(result.materialize(from: sources)), result.start, result.interpolated)
    }

    /// The merge of `traces` (one channel, one sample kind, rates checked) whose samples are
    /// `sources`, as pieces of those arrays: nothing is copied.
    static func merge<S>(limit: Int, _ traces: [Trace], sources: [ContiguousArray<S>]) throws(MiniSEEDError) -> WorkTrace<S> {
        var work: [WorkTrace<S>] = []
        work.reserveCapacity(traces.count)
        for (i, trace) in traces.enumerated() {
            work.append(WorkTrace(start: trace.startTime.nanoseconds, rate: trace.sampleRate, source: i, count: sources[i].count))
        }
        return try merge(limit: limit, work, sources: sources)
    }

    static func merge<S>(limit: Int, _ input: [WorkTrace<S>], sources: [ContiguousArray<S>]) throws(MiniSEEDError) -> WorkTrace<S> {
        var traces = input
        for i in traces.indices { traces[i].order = i }
        traces = cleanup(traces, sources: sources)
        WorkTrace.sortObsPy(&traces)
        var current = traces[0]
        for i in traces.indices.dropFirst() {
            let projected = current.projectedCount(adding: traces[i])
            guard projected <= limit else {
                throw MiniSEEDError(
                    code: .tooManySamples,
                    message: "merging would need \(projected) samples (limit \(limit)); a record probably carries "
                        + "a corrupt start time or sample rate. Check the input with `seiscron inspect`.")
            }
            current.add(&traces[i], interpolate: true, from: sources)
        }
        return current
    }

    /// `Stream._cleanup(misalignment_threshold=1e-2)` for one channel.
    static func cleanup<S>(_ input: [WorkTrace<S>], sources: [ContiguousArray<S>]) -> [WorkTrace<S>] {
        var traces = input
        WorkTrace.sortObsPy(&traces)
        var output: [WorkTrace<S>] = []
        var current = traces[0]
        let delta = current.delta
        let allowedShift = 0.01 * delta
        for i in traces.indices.dropFirst() {
            var trace = traces[i]
            let expectedNext = ObsPyTime.add(current.end, seconds: delta)
            let gap = ObsPyTime.difference(trace.start, expectedNext)
            if gap <= allowedShift {
                let misalignment = ObsPyTime.pythonModulo(gap, delta)
                if misalignment != 0 {
                    let fraction = misalignment / delta
                    if fraction <= 0.01 || fraction >= 0.99 {
                        let steps = (ObsPyTime.difference(trace.start, current.start) / delta).rounded(.toNearestOrEven)
                        trace.start = ObsPyTime.add(current.start, seconds: steps * delta)
                    }
                }
            }
            var shift =
                ObsPyTime.pythonModulo(
                    ObsPyTime.timestamp(trace.start) - ObsPyTime.timestamp(current.start), delta) / delta
            shift = min(shift, 1 - shift)
            let currentEnd = current.end
            if ObsPyTime.comparable(trace.start) <= ObsPyTime.comparable(currentEnd) && shift < 0.01 {
                let t1 = trace.start
                let traceEnd = trace.end
                let t2 = ObsPyTime.comparable(traceEnd) < ObsPyTime.comparable(currentEnd) ? traceEnd : currentEnd
                let a = current.sliceRange(from: t1, to: t2)
                let b = trace.sliceRange(from: t1, to: t2)
                if a.count == b.count && current.elements(a, from: sources) == trace.elements(b, from: sources) {
                    current.add(&trace, interpolate: false, from: sources)
                } else {
                    output.append(current)
                    current = trace
                }
            } else if ObsPyTime.comparable(trace.start) == ObsPyTime.comparable(ObsPyTime.add(currentEnd, seconds: delta)) {
                current.add(&trace, interpolate: false, from: sources)
            } else {
                output.append(current)
                current = trace
            }
        }
        output.append(current)
        return output.filter { $0.count > 0 }
    }
}

/// The result of merging one channel.
public struct MergedTrace: Sendable, Equatable {
    /// The continuous trace.
    public var trace: Trace
    /// Index ranges of ``trace`` whose samples were made by gap interpolation, ascending.
    public var interpolated: [Range<Int>]

    /// Creates a merged trace.
    public init(trace: Trace, interpolated: [Range<Int>]) {
        self.trace = trace
        self.interpolated = interpolated
    }

    /// Number of interpolated samples.
    public var interpolatedCount: Int { interpolated.reduce(0) { $0 + $1.count } }
}
