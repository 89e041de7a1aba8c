public import SeedCore

/// What the store holds for a `/data` query.
public struct DataLookup: Sendable {
    /// The range answered: the request clipped at the newest data the service can have.
    public var range: TimeWindow
    /// The manifest of the stored chunks (`complete` when they cover the range); `nil` when
    /// nothing of the channel is stored and its rate is unknown.
    public var manifest: ChunkManifest?
    /// The channel's sample rate, when known.
    public var sampleRate: Double?
    /// What no stored chunk covers.
    public var holes: [TimeWindow]

    /// Whether the stored chunks cover the whole range.
    public var isHit: Bool { holes.isEmpty && manifest != nil }
}

/// `/data` could not be answered.
public struct DataServiceError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure (the HTTP status follows from it).
    public enum Code: Sendable, Hashable {
        /// The range starts after the newest data there can be (404).
        case noDataYet
        /// The store failed (503).
        case storeUnavailable
        /// URLs cannot be made (500: configuration).
        case configuration
    }

    public var code: Code
    /// The request field at fault, when one is.
    public var field: String?
    public var message: String

    public var description: String { message }
}
