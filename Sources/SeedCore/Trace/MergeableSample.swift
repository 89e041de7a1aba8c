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

extension Float: MergeableSample {
    static func appendInterpolation(from left: Float, to right: Float, count: Int, into data: inout ContiguousArray<Float>) {
        let delta = right - left
        let div = Float(count + 1)
        let step = delta / div
        data.reserveCapacity(data.count + count)
        for i in stride(from: 1, through: count, by: 1) {
            data.append(step == 0 ? (Float(i) / div) * delta + left : Float(i) * step + left)
        }
    }
}

extension Double: MergeableSample {
    static func appendInterpolation(from left: Double, to right: Double, count: Int, into data: inout ContiguousArray<Double>) {
        let delta = right - left
        let div = Double(count + 1)
        let step = delta / div
        data.reserveCapacity(data.count + count)
        for i in stride(from: 1, through: count, by: 1) {
            data.append(step == 0 ? (Double(i) / div) * delta + left : Double(i) * step + left)
        }
    }
}
