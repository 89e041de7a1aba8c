/// The floating-point time arithmetic of ObsPy's `UTCDateTime`, reproduced operation by
/// operation so that merge decisions made on times (gap sizes, alignment, containment)
/// come out exactly as ObsPy's. Each function names the Python expression it mirrors.
enum ObsPyTime {
    /// `UTCDateTime - UTCDateTime`: `round((a.ns - b.ns) / 1e9, 6)` (precision 6).
    @inline(__always)
    static func difference(_ a: Int64, _ b: Int64) -> Double {
        pythonRound(Double(a &- b) / 1e9, digits: 6)
    }

    /// `UTCDateTime + float`: `ns + int(round(value * 1e9))`.
    @inline(__always)
    static func add(_ t: Int64, seconds value: Double) -> Int64 {
        t &+ Int64(clampedInt((value * 1e9).rounded(.toNearestOrEven)))
    }

    /// The comparison key of `UTCDateTime` rich comparisons: `round(ns, -3)` (precision 6).
    @inline(__always)
    static func comparable(_ ns: Int64) -> Int64 {
        let q = ns / 1000
        var r = ns % 1000
        var base = q
        if r < 0 {
            r += 1000
            base -= 1
        }
        if r > 500 || (r == 500 && base % 2 != 0) { base += 1 }
        return base * 1000
    }

    /// `Stats.endtime`: `starttime.ns + int(round((npts - 1) * delta * 1e9))` with `delta = 1 / rate`.
    @inline(__always)
    static func endTime(start: Int64, count: Int, rate: Double) -> Int64 {
        guard count > 0, rate > 0 else { return start }
        let delta = 1.0 / rate
        return start &+ Int64(clampedInt((Double(count - 1) * delta * 1e9).rounded(.toNearestOrEven)))
    }

    /// `UTCDateTime.timestamp`: `ns / 1e9`.
    @inline(__always)
    static func timestamp(_ ns: Int64) -> Double { Double(ns) / 1e9 }

    /// Python's `round(x, digits)` for the magnitudes of time differences.
    @inline(__always)
    static func pythonRound(_ x: Double, digits: Int) -> Double {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let y = (x * scale).rounded(.toNearestOrEven)
        return y / scale
    }

    /// ObsPy's `compatibility.round_away`: nearest integer, ties away from zero.
    @inline(__always)
    static func roundAway(_ x: Double) -> Int {
        clampedInt(x.rounded(.toNearestOrAwayFromZero))
    }

    /// `Int(x)` that never traps: non-finite values become 0, huge ones saturate.
    /// (Corrupt headers can carry absurd rates; they must not crash the decoder.)
    @inline(__always)
    static func clampedInt(_ x: Double) -> Int {
        guard x.isFinite else { return 0 }
        if x >= 4.0e18 { return 4_000_000_000_000_000_000 }
        if x <= -4.0e18 { return -4_000_000_000_000_000_000 }
        return Int(x)
    }

    /// Python's float `%` (result takes the sign of the divisor).
    @inline(__always)
    static func pythonModulo(_ a: Double, _ b: Double) -> Double {
        var m = a.truncatingRemainder(dividingBy: b)
        if m != 0 {
            if (b < 0) != (m < 0) { m += b }
        } else {
            m = b < 0 ? -0.0 : 0.0
        }
        return m
    }

    /// The ordering of `Stream.sort(keys=[..., 'starttime', 'endtime'])` (stable: `order`
    /// breaks ties), comparing times as `UTCDateTime` does.
    @inline(__always)
    static func sortsBefore(start a: Int64, end ae: Int64, order ao: Int, start b: Int64, end be: Int64, order bo: Int) -> Bool {
        let (sa, sb) = (comparable(a), comparable(b))
        if sa != sb { return sa < sb }
        let (ea, eb) = (comparable(ae), comparable(be))
        if ea != eb { return ea < eb }
        return ao < bo
    }
}
