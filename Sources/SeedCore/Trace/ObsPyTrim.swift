/// `Trace.trim(t1, t2)` with `nearest_sample=True, pad=False` (ObsPy's `_ltrim` then
/// `_rtrim`), reduced to index arithmetic: which samples of a trace survive.
enum ObsPyTrim {
    /// The surviving samples of a trace of `count` samples from `start` at `rate`.
    ///
    /// - Returns: the first kept index, the kept count (possibly 0) and the new start time.
    static func kept(start: Int64, count: Int, rate: Double, from t1: Int64, to t2: Int64)
        -> (first: Int, count: Int, start: Int64)
    {
        var newStart = start
        var first = 0
        var n = count
        // _ltrim: delta = round_away((t1 - start) * rate); only a positive delta cuts.
        let left = ObsPyTime.roundAway(ObsPyTime.difference(t1, newStart) * rate)
        if left > 0 {
            newStart = ObsPyTime.add(newStart, seconds: Double(left) * (1.0 / rate))
            // ObsPy compares with the end time of the new start and the *old* count.
            if ObsPyTime.comparable(t1) > ObsPyTime.comparable(ObsPyTime.endTime(start: newStart, count: n, rate: rate)) {
                return (0, 0, newStart)
            }
            first = min(left, n)
            n -= first
        }
        // _rtrim: delta = round_away((t2 - start) * rate) - npts + 1; only a negative delta cuts.
        let right = ObsPyTime.roundAway(ObsPyTime.difference(t2, newStart) * rate) - n + 1
        if right < 0 {
            if ObsPyTime.comparable(t2) < ObsPyTime.comparable(newStart) { return (first, 0, newStart) }
            n = ObsPyTime.comparable(t2) == ObsPyTime.comparable(newStart) ? 1 : max(0, n + right)
        }
        return (first, n, newStart)
    }
}
