/// The length of a chunk, as named in the day metadata (`chunks.10min`, `chunks.6h`, ...).
///
/// Known kinds are `10min` (cron), `1h`, `6h` (cron checkpoints, on-demand) and `24h`. Other
/// names found in metadata written by other tools are kept as they are (``isKnown`` is false).
public struct ChunkKind: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The name used in metadata, e.g. `10min`.
    public var rawValue: String

    /// Wraps a name as found in metadata.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Ten minutes: what every cron tick stores.
    public static let tenMinutes = ChunkKind(rawValue: "10min")
    /// One hour: on-demand generation.
    public static let oneHour = ChunkKind(rawValue: "1h")
    /// Six hours: cron checkpoints at 00/06/12/18 UTC and on-demand generation.
    public static let sixHours = ChunkKind(rawValue: "6h")
    /// A whole day.
    public static let oneDay = ChunkKind(rawValue: "24h")

    /// The four kinds DESIGN names, shortest first.
    public static let known: [ChunkKind] = [.tenMinutes, .oneHour, .sixHours, .oneDay]

    /// Whether this is one of ``known``.
    public var isKnown: Bool { Self.known.contains(self) }

    /// Length in seconds of a known kind, `nil` for others.
    public var seconds: Int64? {
        switch rawValue {
        case "10min": 600
        case "1h": 3_600
        case "6h": 21_600
        case "24h": 86_400
        default: nil
        }
    }

    /// The known kind whose length is `seconds`, if any.
    public init?(seconds: Int64) {
        guard let kind = Self.known.first(where: { $0.seconds == seconds }) else { return nil }
        self = kind
    }

    /// Known kinds by length, then others by name.
    public static func < (lhs: ChunkKind, rhs: ChunkKind) -> Bool {
        switch (lhs.seconds, rhs.seconds) {
        case (let l?, let r?): l < r
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): lhs.rawValue < rhs.rawValue
        }
    }

    public var description: String { rawValue }
}
