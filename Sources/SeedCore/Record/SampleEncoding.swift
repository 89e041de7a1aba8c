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

    /// Whether this decoder reads the encoding.
    public var isSupported: Bool { [1, 3, 4, 5, 10, 11].contains(rawValue) }

    /// The kind of samples the encoding yields.
    public var sampleKind: SampleKind? {
        switch rawValue {
        case 1, 3, 10, 11: return .int32
        case 4: return .float32
        case 5: return .float64
        default: return nil
        }
    }

    /// ObsPy's name for the encoding (`STEIM2`, `INT32`, ...), or `encoding N`.
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
        default: return "encoding \(rawValue)"
        }
    }
}

/// The numeric type of decoded samples (ObsPy's dtype).
public enum SampleKind: String, Sendable, Hashable, Codable {
    /// `int32`: INT16, INT32, Steim1, Steim2.
    case int32
    /// `float32`: FLOAT32.
    case float32
    /// `float64`: FLOAT64.
    case float64
}
