package import SeedCore
import Pipeline

/// What the store holds for a `/data` query.
package struct DataLookup: Sendable {
    /// The range answered: the request clipped at the newest data the service can have.
    package var range: TimeWindow
    /// The manifest of the stored chunks (`complete` when they cover the range); `nil` when
    /// nothing of the channel is stored and its rate is unknown.
    package var manifest: ChunkManifest?
    /// The channel's sample rate, when known.
    package var sampleRate: Double?
    /// What no stored chunk covers.
    package var holes: [TimeWindow]
    /// Until when an answer made from this lookup may be reused: the earliest expiry of the
    /// day metadata it read (`nil`: do not reuse it).
    package var freshUntil: ContinuousClock.Instant? = nil
    /// ``DataService/metadataGeneration`` before the metadata was read: once it changes, a
    /// file this lookup read may have been rewritten.
    package var metadataGeneration: UInt64 = 0

    /// Whether the stored chunks cover the whole range.
    package var isHit: Bool { holes.isEmpty && manifest != nil }
}

/// `/data` could not be answered.
package struct DataServiceError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure (the HTTP status follows from it).
    package enum Code: Sendable, Hashable {
        /// The range starts after the newest data there can be (404).
        case noDataYet
        /// The store failed (503).
        case storeUnavailable
        /// URLs cannot be made (500: configuration).
        case configuration
        /// A miss for a volcano or channel the API does not know: nothing is fetched or
        /// written (404 naming the field).
        case unknownChannel
        /// Every generation place is taken (503 with `Retry-After`).
        case overloaded
        /// The server is shutting down and starts no generation (503).
        case shuttingDown
    }

    package var code: Code
    /// The request field at fault, when one is.
    package var field: String?
    package var message: String
    /// Seconds after which asking again may succeed (``Code-swift.enum/overloaded``).
    package var retryAfterSeconds: Int?

    /// Creates an error.
    package init(code: Code, field: String?, message: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    package var description: String { message }
}
