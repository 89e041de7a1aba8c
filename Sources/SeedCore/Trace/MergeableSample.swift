/// A sample type the merger can work on. Gap interpolation reproduces
/// `numpy.linspace(left, right, count + 2)[1:-1]` followed by ObsPy's cast back to the
/// trace's dtype: computed in `float64` for integer data (then truncated toward zero), in the
/// data's own precision for float data.
protocol MergeableSample: Equatable, Sendable {
    static func appendInterpolation(from left: Self, to right: Self, count: Int, into data: inout ContiguousArray<Self>)
}

extension Int32: MergeableSample {
    static func appendInterpolation(from left: Int32, to right: Int32, count: Int, into data: inout ContiguousArray<Int32>) {
        let start = Double(left)
        let delta = Double(right) - start
        let div = Double(count + 1)
        let step = delta / div
        data.reserveCapacity(data.count + count)
        for i in stride(from: 1, through: count, by: 1) {
            let y = step == 0 ? (Double(i) / div) * delta + start : Double(i) * step + start
            data.append(Self(y))  // numpy astype(int32) truncates toward zero
        }
    }
}

extension MergeableSample where Self: BinaryFloatingPoint {
    /// numpy computes the linspace of float32 data in float32 and of float64 data in float64.
    static func appendInterpolation(from left: Self, to right: Self, count: Int, into data: inout ContiguousArray<Self>) {
        let delta = right - left
        let div = Self(count + 1)
        let step = delta / div
        data.reserveCapacity(data.count + count)
        for i in stride(from: 1, through: count, by: 1) {
            data.append(step == 0 ? (Self(i) / div) * delta + left : Self(i) * step + left)
        }
    }
}

extension Float: MergeableSample {}

extension Double: MergeableSample {}
