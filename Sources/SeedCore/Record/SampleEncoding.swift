/// A miniSEED 2 data encoding (blockette 1000, field 3).
public struct SampleEncoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The SEED encoding number.
    public var rawValue: UInt8

    /// Creates an encoding from its SEED number.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// ASCII text (log messages, `LOG` channels).
    public static let text = SampleEncoding(rawValue: 0)
    /// 16-bit integers.
    public static let int16 = SampleEncoding(rawValue: 1)
    /// 24-bit integers (no reader decodes them: ObsPy and libmseed 2 refuse them too).
    public static let int24 = SampleEncoding(rawValue: 2)
    /// 32-bit integers.
    public static let int32 = SampleEncoding(rawValue: 3)
    /// IEEE 32-bit floats.
    public static let float32 = SampleEncoding(rawValue: 4)
    /// IEEE 64-bit floats.
    public static let float64 = SampleEncoding(rawValue: 5)
    /// Steim-1 compressed integers.
    public static let steim1 = SampleEncoding(rawValue: 10)
    /// Steim-2 compressed integers.
    public static let steim2 = SampleEncoding(rawValue: 11)
    /// GEOSCOPE 24-bit integers (decoded to `float32`, as libmseed does).
    public static let geoscope24 = SampleEncoding(rawValue: 12)
    /// GEOSCOPE 16-bit gain-ranged, 3-bit exponent (decoded to `float32`).
    public static let geoscope16Exponent3 = SampleEncoding(rawValue: 13)
    /// GEOSCOPE 16-bit gain-ranged, 4-bit exponent (decoded to `float32`).
    public static let geoscope16Exponent4 = SampleEncoding(rawValue: 14)
    /// CDSN 16-bit gain-ranged integers.
    public static let cdsn = SampleEncoding(rawValue: 16)
    /// SRO gain-ranged integers.
    public static let sro = SampleEncoding(rawValue: 30)
    /// DWWSSN 16-bit integers.
    public static let dwwssn = SampleEncoding(rawValue: 32)

    /// Whether this decoder reads the encoding: every encoding libmseed 2 decodes.
    public var isSupported: Bool { sampleKind != nil }

    /// The kind of samples the encoding yields (ObsPy's dtype), nil for encodings no
    /// reader decodes (INT24, USNN, Graefenberg, ...).
    public var sampleKind: SampleKind? {
        switch self {
        case .text: return .text
        case .int16, .int32, .steim1, .steim2, .cdsn, .sro, .dwwssn: return .int32
        case .float32, .geoscope24, .geoscope16Exponent3, .geoscope16Exponent4: return .float32
        case .float64: return .float64
        default: return nil
        }
    }

    /// ObsPy's name for the encoding (`STEIM2`, `INT32`, `GEOSCOPE16_3`, ...), or `encoding N`.
    public var description: String {
        switch self {
        case .text: return "ASCII"
        case .int16: return "INT16"
        case .int24: return "INT24"
        case .int32: return "INT32"
        case .float32: return "FLOAT32"
        case .float64: return "FLOAT64"
        case .steim1: return "STEIM1"
        case .steim2: return "STEIM2"
        case .geoscope24: return "GEOSCOPE24"
        case .geoscope16Exponent3: return "GEOSCOPE16_3"
        case .geoscope16Exponent4: return "GEOSCOPE16_4"
        case .cdsn: return "CDSN"
        case .sro: return "SRO"
        case .dwwssn: return "DWWSSN"
        default: return "encoding \(rawValue)"
        }
    }
}

/// The numeric type of decoded samples (ObsPy's dtype).
public enum SampleKind: String, Sendable, Hashable, Codable {
    /// `int32`: INT16, INT32, Steim1, Steim2, CDSN, SRO, DWWSSN.
    case int32
    /// `float32`: FLOAT32 and the GEOSCOPE encodings.
    case float32
    /// `float64`: FLOAT64.
    case float64
    /// Text bytes (ObsPy's `|S1`): ASCII records, e.g. `LOG` channels. Not samples: traces
    /// of this kind are listed but cannot be merged or cut into windows.
    case text
}
