/// The samples of a trace in the type the encoding produced (ObsPy keeps the dtype too:
/// merging and gap interpolation behave differently for integers and floats).
public enum TraceSamples: Sendable, Equatable {
    /// From INT16, INT32, Steim1 and Steim2 records.
    case int32(ContiguousArray<Int32>)
    /// From FLOAT32 records.
    case float32(ContiguousArray<Float>)
    /// From FLOAT64 records.
    case float64(ContiguousArray<Double>)
    /// The bytes of text (ASCII, encoding 0) records: log messages, not samples.
    case text(ContiguousArray<UInt8>)

    /// An empty array of the given kind.
    public init(kind: SampleKind) {
        switch kind {
        case .int32: self = .int32([])
        case .float32: self = .float32([])
        case .float64: self = .float64([])
        case .text: self = .text([])
        }
    }

    /// The kind of samples.
    public var kind: SampleKind {
        switch self {
        case .int32: return .int32
        case .float32: return .float32
        case .float64: return .float64
        case .text: return .text
        }
    }

    /// Number of samples.
    public var count: Int {
        switch self {
        case .int32(let a): return a.count
        case .float32(let a): return a.count
        case .float64(let a): return a.count
        case .text(let a): return a.count
        }
    }

    /// The sample at `index` as a `Double` (exact for every kind; a text byte's value).
    public subscript(index: Int) -> Double {
        switch self {
        case .int32(let a): return Double(a[index])
        case .float32(let a): return Double(a[index])
        case .float64(let a): return a[index]
        case .text(let a): return Double(a[index])
        }
    }

    /// The text of a text trace (bytes up to the first NUL, invalid UTF-8 repaired), nil
    /// for sample traces.
    public var text: String? {
        guard case .text(let bytes) = self else { return nil }
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
