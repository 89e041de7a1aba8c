/// A trace being merged: ObsPy's `Trace` reduced to what `_cleanup`, `__add__` and
/// `get_gaps` look at, plus the ranges that gap interpolation filled.
///
/// Its samples are not copied while merging: a work trace is a list of pieces, runs of the
/// input traces' samples (`sources`) and gap interpolations, so a day of records merges
/// without a second day-sized array. ``copy(_:from:into:)`` writes any range out.
struct WorkTrace<S: MergeableSample> {
    /// A run of samples of the merged trace.
    enum Piece {
        /// `range` of input trace `source`.
        case samples(source: Int, range: Range<Int>)
        /// Values `first ..< first + count` (1-based) of a gap of `gap` samples filled with
        /// `linspace(left, right, gap + 2)[1:-1]`.
        case interpolation(left: S, right: S, gap: Int, first: Int, count: Int)

        var count: Int {
            switch self {
            case .samples(_, let range): return range.count
            case .interpolation(_, _, _, _, let count): return count
            }
        }

        /// The piece without its first `drop` and beyond its first `keep` samples.
        func slice(drop: Int, keep: Int) -> Piece {
            switch self {
            case .samples(let source, let range):
                return .samples(source: source, range: (range.lowerBound + drop)..<(range.lowerBound + drop + keep))
            case .interpolation(let left, let right, let gap, let first, _):
                return .interpolation(left: left, right: right, gap: gap, first: first + drop, count: keep)
            }
        }
    }

    var start: Int64
    var rate: Double
    var pieces: [Piece] = []
    /// Number of samples.
    private(set) var count = 0
    /// Index ranges of samples made by gap interpolation, ascending.
    var interpolated: [Range<Int>] = []
    /// Position in the input, the tie-breaker that keeps sorting stable like Python's.
    var order: Int = 0

    /// All samples of input trace `source`.
    init(start: Int64, rate: Double, source: Int, count: Int) {
        self.start = start
        self.rate = rate
        if count > 0 { pieces = [.samples(source: source, range: 0..<count)] }
        self.count = count
    }

    var delta: Double { 1.0 / rate }
    var end: Int64 { ObsPyTime.endTime(start: start, count: count, rate: rate) }

    /// Drops samples beyond `count`, keeping the interpolation ranges consistent.
    mutating func truncate(to newCount: Int) {
        guard newCount < count else { return }
        var remaining = Swift.max(0, newCount)
        var kept: [Piece] = []
        kept.reserveCapacity(pieces.count)
        for piece in pieces {
            if remaining == 0 { break }
            let n = piece.count
            kept.append(n <= remaining ? piece : piece.slice(drop: 0, keep: remaining))
            remaining -= Swift.min(n, remaining)
        }
        pieces = kept
        count = Swift.max(0, newCount)
        interpolated = interpolated.compactMap { r in
            r.lowerBound >= newCount ? nil : r.lowerBound..<min(r.upperBound, newCount)
        }
    }

    /// The index range `Trace.slice(t1, t2)` keeps (`trim` with `nearest_sample=True`).
    func sliceRange(from t1: Int64, to t2: Int64) -> Range<Int> {
        let kept = ObsPyTrim.kept(start: start, count: count, rate: rate, from: t1, to: t2)
        return kept.first..<(kept.first + kept.count)
    }

    /// The sample at `index` (0 ≤ index < count).
    func element(_ index: Int, from sources: [ContiguousArray<S>]) -> S {
        var offset = index
        for piece in pieces {
            let n = piece.count
            if offset < n { return Self.value(piece, offset, sources) }
            offset -= n
        }
        return Self.value(pieces[pieces.count - 1], pieces[pieces.count - 1].count - 1, sources)
    }

    var isEmpty: Bool { count == 0 }

    /// Writes samples `range` to `output`.
    func copy(_ range: Range<Int>, from sources: [ContiguousArray<S>], into output: UnsafeMutablePointer<S>) {
        var out = output
        var position = 0
        for piece in pieces {
            let n = piece.count
            defer { position += n }
            let lo = Swift.max(range.lowerBound, position)
            let hi = Swift.min(range.upperBound, position + n)
            guard lo < hi else {
                if position >= range.upperBound { return }
                continue
            }
            let part = piece.slice(drop: lo - position, keep: hi - lo)
            switch part {
            case .samples(let source, let r):
                sources[source].withUnsafeBufferPointer { buffer in
                    out.update(from: buffer.baseAddress.unsafelyUnwrapped + r.lowerBound, count: r.count)
                }
            case .interpolation(let left, let right, let gap, let first, let count):
                S.interpolation(from: left, to: right, gap: gap, first: first, count: count, into: out)
            }
            out += hi - lo
        }
    }

    /// Samples `range` as an array (small ranges: overlaps compared by `_cleanup`).
    func elements(_ range: Range<Int>, from sources: [ContiguousArray<S>]) -> ContiguousArray<S> {
        ContiguousArray(unsafeUninitializedCapacity: range.count) { buffer, initialized in
            if let base = buffer.baseAddress { copy(range, from: sources, into: base) }
            initialized = range.count
        }
    }

    /// All samples as one array.
    func materialize(from sources: [ContiguousArray<S>]) -> ContiguousArray<S> {
        let total = count
        return LargeBuffer.makeArray(count: total) { base in copy(0..<total, from: sources, into: base) }
    }

    private static func value(_ piece: Piece, _ offset: Int, _ sources: [ContiguousArray<S>]) -> S {
        switch piece {
        case .samples(let source, let range): return sources[source][range.lowerBound + offset]
        case .interpolation(let left, let right, let gap, let first, _):
            var value = left
            S.interpolation(from: left, to: right, gap: gap, first: first + offset, count: 1, into: &value)
            return value
        }
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

    /// The sample count `add(_:interpolate:from:)` would produce, computed without allocating.
    func projectedCount(adding right: WorkTrace) -> Int {
        let samplesBetween = ObsPyTime.roundAway(ObsPyTime.difference(right.start, end) * rate) - 1
        let deltaEnd = ObsPyTime.difference(end, right.end)
        if samplesBetween < 0 && deltaEnd < 0 { return max(0, count + samplesBetween) + right.count }
        if samplesBetween < 0 { return count }
        return count &+ samplesBetween &+ right.count
    }

    /// `Trace.__add__` with `interpolation_samples=0`, appending `right` to `self` in place
    /// (`self` starts no later than `right`, as the sorted merge guarantees).
    ///
    /// - Parameter interpolate: `fill_value='interpolate'` (merge) or no fill (`_cleanup`,
    ///   which only adds overlapping-equal or adjacent traces).
    mutating func add(_ right: inout WorkTrace, interpolate: Bool, from sources: [ContiguousArray<S>]) {
        let samplesBetween = ObsPyTime.roundAway(ObsPyTime.difference(right.start, end) * rate) - 1
        let deltaEnd = ObsPyTime.difference(end, right.end)
        if samplesBetween < 0 && deltaEnd < 0 {
            // Overlap: the later trace's samples win over the whole overlap (method=1).
            truncate(to: max(0, count - (-samplesBetween)))
            appendAll(&right)
        } else if samplesBetween < 0 {
            // Contained trace: discarded, even where its samples differ.
            return
        } else if samplesBetween == 0 {
            appendAll(&right)
        } else {
            // Gap: linear interpolation between the last sample before and the first after.
            let fillStart = count
            if interpolate, count > 0, right.count > 0 {
                let last = element(count - 1, from: sources)
                let first = right.element(0, from: sources)
                pieces.append(.interpolation(left: last, right: first, gap: samplesBetween, first: 1, count: samplesBetween))
                count += samplesBetween
            }
            interpolated.append(fillStart..<(fillStart + samplesBetween))
            appendAll(&right)
        }
    }

    private mutating func appendAll(_ right: inout WorkTrace) {
        let offset = count
        pieces.append(contentsOf: right.pieces)
        count += right.count
        interpolated.append(contentsOf: right.interpolated.map { ($0.lowerBound + offset)..<($0.upperBound + offset) })
        right.pieces = []
    }
}
