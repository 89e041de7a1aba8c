/// The samples of a trace in the type the encoding produced (ObsPy keeps the dtype too:
/// merging and gap interpolation behave differently for integers and floats).
public enum TraceSamples: Sendable, Equatable {
    /// From INT16, INT32, Steim1 and Steim2 records.
    case int32(ContiguousArray<Int32>)
    /// From FLOAT32 records.
    case float32(ContiguousArray<Float>)
    /// From FLOAT64 records.
    case float64(ContiguousArray<Double>)

    /// An empty array of the given kind.
    public init(kind: SampleKind) {
        switch kind {
        case .int32: self = .int32([])
        case .float32: self = .float32([])
        case .float64: self = .float64([])
        }
    }

    /// The kind of samples.
    public var kind: SampleKind {
        switch self {
        case .int32: return .int32
        case .float32: return .float32
        case .float64: return .float64
        }
    }

    /// Number of samples.
    public var count: Int {
        switch self {
        case .int32(let a): return a.count
        case .float32(let a): return a.count
        case .float64(let a): return a.count
        }
    }

    /// The sample at `index` as a `Double` (exact for all three kinds).
    public subscript(index: Int) -> Double {
        switch self {
        case .int32(let a): return Double(a[index])
        case .float32(let a): return Double(a[index])
        case .float64(let a): return a[index]
        }
    }
}
