import Pipeline
/// A cache-status answer: one of `000`'s four JSON shapes, keys in snake_case.
///
/// Beyond `000` each shape carries `generated_at` (when the numbers were taken; reports are
/// cached for a short while) and byte counts beside the rounded megabytes; station lines name
/// their SEED location code (a station can have several), and chunk totals include the `1h`
/// and `24h` kinds. Encode it with `JSONEncoder`; add `.sortedKeys` for a stable key order.
package enum CacheStatusReport: Sendable, Hashable, Encodable {
    /// `scope=station`.
    case station(Station)
    /// `scope=volcano`.
    case volcano(Volcano)
    /// `scope=location`.
    case location(Location)
    /// `scope=all`.
    case all(All)

    /// The scope answered.
    package var scope: CacheStatusScope {
        switch self {
        case .station: .station
        case .volcano: .volcano
        case .location: .location
        case .all: .all
        }
    }

    /// When the numbers were taken (ISO 8601, seconds, `Z`).
    package var generatedAt: String {
        switch self {
        case .station(let report): report.generatedAt
        case .volcano(let report): report.generatedAt
        case .location(let report): report.generatedAt
        case .all(let report): report.generatedAt
        }
    }

    /// Encodes the shape of the scope, without a wrapper.
    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .station(let report): try report.encode(to: encoder)
        case .volcano(let report): try report.encode(to: encoder)
        case .location(let report): try report.encode(to: encoder)
        case .all(let report): try report.encode(to: encoder)
        }
    }
}

/// A JSON object key given as text.
struct StatusCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer where Key == StatusCodingKey {
    /// Encodes a value, or `null` when there is none (`000`'s keys are always present).
    mutating func encode(_ value: (some Encodable)?, orNullFor name: String) throws {
        if let value {
            try encode(value, forKey: StatusCodingKey(name))
        } else {
            try encodeNil(forKey: StatusCodingKey(name))
        }
    }

    /// Encodes a value under a name.
    mutating func encode(_ value: some Encodable, for name: String) throws {
        try encode(value, forKey: StatusCodingKey(name))
    }
}
