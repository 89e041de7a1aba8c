/// A trace being merged: ObsPy's `Trace` reduced to what `_cleanup`, `__add__` and
/// `get_gaps` look at, plus the ranges that gap interpolation filled.
struct WorkTrace<S: MergeableSample> {
    var start: Int64
    var rate: Double
    var data: ContiguousArray<S>
    /// Index ranges of samples made by gap interpolation, ascending.
    var interpolated: [Range<Int>] = []
    /// Position in the input, the tie-breaker that keeps sorting stable like Python's.
    var order: Int = 0

    var delta: Double { 1.0 / rate }
    var count: Int { data.count }
    var end: Int64 { ObsPyTime.endTime(start: start, count: data.count, rate: rate) }

    /// Drops samples beyond `count`, keeping the interpolation ranges consistent.
    mutating func truncate(to newCount: Int) {
        guard newCount < data.count else { return }
        data.removeLast(data.count - newCount)
        interpolated = interpolated.compactMap { r in
            r.lowerBound >= newCount ? nil : r.lowerBound..<min(r.upperBound, newCount)
        }
    }

    /// The index range `Trace.slice(t1, t2)` keeps (`trim` with `nearest_sample=True`).
    func sliceRange(from t1: Int64, to t2: Int64) -> Range<Int> {
        let kept = ObsPyTrim.kept(start: start, count: data.count, rate: rate, from: t1, to: t2)
        return kept.first..<(kept.first + kept.count)
    }
}

extension WorkTrace {
    /// ObsPy's `Stream.sort(keys=[..., 'starttime', 'endtime'])`: stable, comparing times
    /// as `UTCDateTime` does (rounded to microseconds).
    static func sortObsPy(_ traces: inout [WorkTrace]) {
        traces.sort { a, b in
            ObsPyTime.sortsBefore(start: a.start, end: a.end, order: a.order, start: b.start, end: b.end, order: b.order)
        }
        for i in traces.indices { traces[i].order = i }
    }

    /// The sample count `add(_:interpolate:)` would produce, computed without allocating.
    func projectedCount(adding right: WorkTrace) -> Int {
        let samplesBetween = ObsPyTime.roundAway(ObsPyTime.difference(right.start, end) * rate) - 1
        let deltaEnd = ObsPyTime.difference(end, right.end)
        if samplesBetween < 0 && deltaEnd < 0 { return max(0, data.count + samplesBetween) + right.count }
        if samplesBetween < 0 { return data.count }
        return data.count &+ samplesBetween &+ right.count
    }

    /// `Trace.__add__` with `interpolation_samples=0`, appending `right` to `self` in place
    /// (`self` starts no later than `right`, as the sorted merge guarantees).
    ///
    /// - Parameter interpolate: `fill_value='interpolate'` (merge) or no fill (`_cleanup`,
    ///   which only adds overlapping-equal or adjacent traces).
    mutating func add(_ right: inout WorkTrace, interpolate: Bool) {
        let samplesBetween = ObsPyTime.roundAway(ObsPyTime.difference(right.start, end) * rate) - 1
        let deltaEnd = ObsPyTime.difference(end, right.end)
        if samplesBetween < 0 && deltaEnd < 0 {
            // Overlap: the later trace's samples win over the whole overlap (method=1).
            truncate(to: max(0, data.count - (-samplesBetween)))
            appendAll(&right)
        } else if samplesBetween < 0 {
            // Contained trace: discarded, even where its samples differ.
            return
        } else if samplesBetween == 0 {
            appendAll(&right)
        } else {
            // Gap: linear interpolation between the last sample before and the first after.
            let fillStart = data.count
            if interpolate, let last = data.last, let first = right.data.first {
                S.appendInterpolation(from: last, to: first, count: samplesBetween, into: &data)
            }
            interpolated.append(fillStart..<(fillStart + samplesBetween))
            appendAll(&right)
        }
    }

    private mutating func appendAll(_ right: inout WorkTrace) {
        let offset = data.count
        if data.isEmpty {
            swap(&data, &right.data)
        } else {
            data.append(contentsOf: right.data)
        }
        interpolated.append(contentsOf: right.interpolated.map { ($0.lowerBound + offset)..<($0.upperBound + offset) })
    }
}
