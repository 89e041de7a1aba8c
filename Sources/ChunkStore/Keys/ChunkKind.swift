/// The length of a chunk, as named in the day metadata (`chunks.10min`, `chunks.6h`, ...), and
/// the policy that goes with it.
///
/// Every known kind is declared once, in `policies` below: its name, its length and what a
/// `/data` miss generates of it. The rest follows from that table: the alignment and the
/// windows that cover a span (`ChunkKind+Windows.swift`), the generation ladder
/// (`ChunkKind+Generation.swift`), the empty lists a new day-metadata file carries, and the
/// per-kind counts of the cache status (one per ``allCases``). Adding a kind is one line in
/// the table (plus a name for it) and its tests.
///
/// Known kinds are `10min` (cron), `1h`, `6h` (cron checkpoints, on-demand) and `24h`. Other
/// names found in metadata written by other tools are kept as they are (``isKnown`` is false):
/// they have no length, no windows and no place in generation.
public struct ChunkKind: RawRepresentable, Hashable, Comparable, Sendable, CaseIterable, CustomStringConvertible {
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

    /// What one known kind is: the one place a kind is declared. Lengths divide a day or are
    /// whole days, so every window lies on the UTC clock (00:10, 06:00, midnight).
    struct Policy: Sendable {
        /// The kind.
        var kind: ChunkKind
        /// Its length in seconds; windows are aligned to it from 1970-01-01T00:00:00Z.
        var seconds: Int64
        /// What a `/data` miss generates of it.
        var generation: GenerationRole
    }

    /// The known kinds, shortest first (001's generation ladder: `1h` chunks for the first
    /// 6 hours of a request, `6h` chunks to 24 hours, `24h` chunks beyond; `10min` chunks at
    /// the leading edge of the data).
    static let policies: [Policy] = [
        Policy(kind: .tenMinutes, seconds: 600, generation: .leadingEdge),
        Policy(kind: .oneHour, seconds: 3_600, generation: .ladder(fromSecondsIntoRequest: 0)),
        Policy(kind: .sixHours, seconds: 21_600, generation: .ladder(fromSecondsIntoRequest: 21_600)),
        Policy(kind: .oneDay, seconds: 86_400, generation: .ladder(fromSecondsIntoRequest: 86_400)),
    ]

    private static let policiesByName = Dictionary(uniqueKeysWithValues: policies.map { ($0.kind.rawValue, $0) })

    /// This kind's policy; `nil` for a name other tools wrote.
    var policy: Policy? { Self.policiesByName[rawValue] }

    /// The known kinds, shortest first.
    public static let allCases: [ChunkKind] = policies.map(\.kind)

    /// Whether this is one of ``allCases``.
    public var isKnown: Bool { policy != nil }

    /// Length in seconds of a known kind, `nil` for others.
    public var seconds: Int64? { policy?.seconds }

    /// The known kind whose length is `seconds`, if any.
    public init?(seconds: Int64) {
        guard let policy = Self.policies.first(where: { $0.seconds == seconds }) else { return nil }
        self = policy.kind
    }

    /// The known kinds' names, shortest first, as a sentence: `10min, 1h, 6h or 24h` (help
    /// texts and error messages list them from here).
    public static var namesList: String { sentence(allCases.map(\.rawValue)) }

    /// The known kinds' lengths in minutes, as a sentence: `10, 60, 360 or 1440`.
    public static var minutesList: String { sentence(policies.map { "\($0.seconds / 60)" }) }

    private static func sentence(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + last
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
