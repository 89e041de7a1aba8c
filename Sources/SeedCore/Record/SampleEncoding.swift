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
        switch rawValue {
        case 0: return .text
        case 1, 3, 10, 11, 16, 30, 32: return .int32
        case 4, 12, 13, 14: return .float32
        case 5: return .float64
        default: return nil
        }
    }

    /// ObsPy's name for the encoding (`STEIM2`, `INT32`, `GEOSCOPE16_3`, ...), or `encoding N`.
    public var description: String {
        switch rawValue {
        case 0: return "ASCII"
        case 1: return "INT16"
        case 2: return "INT24"
        case 3: return "INT32"
        case 4: return "FLOAT32"
        case 5: return "FLOAT64"
        case 10: return "STEIM1"
        case 11: return "STEIM2"
        case 12: return "GEOSCOPE24"
        case 13: return "GEOSCOPE16_3"
        case 14: return "GEOSCOPE16_4"
        case 16: return "CDSN"
        case 30: return "SRO"
        case 32: return "DWWSSN"
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
