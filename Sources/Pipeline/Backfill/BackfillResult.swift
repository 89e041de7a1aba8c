/// What a backfill did: 000's response (`status`, `chunks_requested`, `chunks_added`,
/// `chunks_failed`, `time_range`, `metadata_updated`) plus the breakdown a seismologist
/// needs to act on failures.
public struct BackfillResult: Sendable, Hashable, Codable {
    /// `complete` (every requested window stored), `partial`, `failed` (none stored) or
    /// `cancelled`.
    public var status: String
    /// Windows fetched (missing ones, or all with `force`).
    public var chunksRequested: Int
    /// Windows stored.
    public var chunksAdded: Int
    /// Windows not stored: `chunksNoData` + `chunksIncomplete` + errors.
    public var chunksFailed: Int
    /// Windows skipped because the day metadata records them.
    public var chunksAlreadyCached: Int
    /// Windows the source had no data for.
    public var chunksNoData: Int
    /// Windows below 95 % completeness.
    public var chunksIncomplete: Int
    /// The range covered (whole 10-minute windows).
    public var timeRange: TimeRange
    /// Whether any day-metadata file was written.
    public var metadataUpdated: Bool
    /// The channels (`NET.STA.LOC.CHA`).
    public var channels: [String]
    /// The first failed windows (at most 50), with the reason.
    public var failures: [Failure]
    /// Wall time.
    public var seconds: Double

    /// `{start, end}` as ISO 8601.
    public struct TimeRange: Sendable, Hashable, Codable {
        public var start: String
        public var end: String

        /// Creates a range.
        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }

    /// One window that was not stored.
    public struct Failure: Sendable, Hashable, Codable {
        public var channel: String
        public var start: String
        public var end: String
        public var status: String
        public var completeness: Double?
        public var error: String?
    }

    enum CodingKeys: String, CodingKey {
        case status, channels, failures, seconds
        case chunksRequested = "chunks_requested", chunksAdded = "chunks_added", chunksFailed = "chunks_failed"
        case chunksAlreadyCached = "chunks_already_cached", chunksNoData = "chunks_no_data"
        case chunksIncomplete = "chunks_incomplete", timeRange = "time_range", metadataUpdated = "metadata_updated"
    }
}
