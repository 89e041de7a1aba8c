public import ChunkStore
public import Logging
public import SeedCore
public import FDSN

/// Where the tick gets miniSEED: an FDSN dataselect service (``FDSNClient``) or a local SDS
/// archive (``SDSArchive``).
public protocol WaveformSource: Sendable {
    /// For logs: `fdsn https://service.earthscope.org`, `sds /data/archive`.
    var displayName: String { get }

    /// Fetches the miniSEED records covering some channel-windows (one window length per
    /// call, so FDSN gets one bulk request).
    ///
    /// - Returns: whole miniSEED records of any of the requested channels, in any order
    ///   (records may extend past the windows). No data at all is an empty array.
    /// - Throws: ``WaveformSourceError`` when the source failed after its own retries.
    func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8]

    /// Coordinates and instrument of stations, when the source knows them (FDSN station
    /// service); missing channels are simply absent.
    func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts]
}

/// A source failed (after retrying what was worth retrying).
public struct WaveformSourceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable { case transient, rejected, truncated, unreadable, deadline }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Timeouts, 429, 5xx, connection failures that outlasted the retries: try again later.
        public static let transient = Code(.transient)
        /// The service refused the request (4xx other than 404-nodata/413/429): fix the request.
        public static let rejected = Code(.rejected)
        /// The response kept ending in the middle of a record.
        public static let truncated = Code(.truncated)
        /// A local archive file could not be read.
        public static let unreadable = Code(.unreadable)
        /// The caller's deadline (the tick's `TICK_DEADLINE_SECONDS`) passed first.
        public static let deadline = Code(.deadline)

        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// What happened and what to do (no credentials).
    public var message: String
    /// The HTTP status, when there was a response.
    public var httpStatus: Int?

    /// Creates an error.
    public init(code: Code, message: String, httpStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String { "\(code): \(message)" }
}
