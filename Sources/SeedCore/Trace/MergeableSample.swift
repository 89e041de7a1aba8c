/// A sample type the merger can work on. Gap interpolation reproduces
/// `numpy.linspace(left, right, count + 2)[1:-1]` followed by ObsPy's cast back to the
/// trace's dtype: computed in `float64` for integer data (then truncated toward zero), in the
/// data's own precision for float data.
protocol MergeableSample: Equatable, Sendable {
    /// Writes values `first ..< first + count` (1-based) of a gap of `gap` samples filled
    /// between `left` and `right`.
    static func interpolation(
        from left: Self, to right: Self, gap: Int, first: Int, count: Int, into output: UnsafeMutablePointer<Self>)
}

extension Int32: MergeableSample {
    static func interpolation(
        from left: Int32, to right: Int32, gap: Int, first: Int, count: Int, into output: UnsafeMutablePointer<Int32>
    ) {
        let start = Double(left)
        let delta = Double(right) - start
        let div = Double(gap + 1)
        let step = delta / div
        for k in 0..<count {
            let i = first + k
            let y = step == 0 ? (Double(i) / div) * delta + start : Double(i) * step + start
            output[k] = Self(y)  // numpy astype(int32) truncates toward zero
        }
    }
}

extension MergeableSample where Self: BinaryFloatingPoint {
    /// numpy computes the linspace of float32 data in float32 and of float64 data in float64.
    static func interpolation(
        from left: Self, to right: Self, gap: Int, first: Int, count: Int, into output: UnsafeMutablePointer<Self>
    ) {
        let delta = right - left
        let div = Self(gap + 1)
        let step = delta / div
        for k in 0..<count {
            let i = Self(first + k)
            output[k] = step == 0 ? (i / div) * delta + left : i * step + left
        }
    }
}

extension Float: MergeableSample {}

extension Double: MergeableSample {}
