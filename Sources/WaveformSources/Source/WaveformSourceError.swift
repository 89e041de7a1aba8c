/// A waveform source failed (after retrying what was worth retrying): the FDSN client's
/// error, and that of every other ``WaveformSource`` (the SDS archive, the tick's deadline).
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
