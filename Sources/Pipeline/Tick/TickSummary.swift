/// What one tick did: `000`'s run metrics plus one result per channel-window. Printed as
/// JSON by `seiscron run --json-summary`.
public struct TickSummary: Sendable, Codable {
    /// What happened to one channel-window.
    public enum Status: String, Sendable, Codable {
        /// Uploaded and recorded.
        case stored
        /// The same chunk was already stored; recorded.
        case unchanged
        /// Already in the day metadata before the tick: not fetched.
        case alreadyStored = "already_stored"
        /// Below the completeness threshold after the retries: nothing stored.
        case incomplete
        /// The source had no data for it.
        case noData = "no_data"
        /// Fetching, processing or storing failed; see `error`.
        case failed
        /// Processed with `--dry-run`: nothing written.
        case dryRun = "dry_run"
    }

    /// One channel-window.
    public struct Result: Sendable, Codable {
        public var channel: String
        public var volcano: String
        public var kind: String
        public var start: String
        public var end: String
        /// Why it was fetched: `primary`, `checkpoint`, `catch_up` (a missing 10-minute window
        /// of the look-back) or `checkpoint_rebuild` (a missing `6h` checkpoint of the last 24 h).
        public var role: String
        public var status: Status
        public var samples: Int?
        public var completeness: Double?
        public var gapCount: Int?
        public var gapDurationSeconds: Double?
        public var gapSamplesFilled: Int?
        public var uncompressedBytes: Int?
        public var compressedBytes: Int?
        public var key: String?
        public var attempts: Int
        public var error: String?
        /// `true` when the source answered "no data" on the first pass and on one retry, so the
        /// window was not retried further in this tick (an outage); absent otherwise.
        public var noDataGivenUp: Bool?

        enum CodingKeys: String, CodingKey {
            case channel, volcano, kind, start, end, role, status, samples, completeness, key, attempts, error
            case noDataGivenUp = "no_data_given_up"
            case gapCount = "gap_count"
            case gapDurationSeconds = "gap_duration_seconds"
            case gapSamplesFilled = "gap_samples_filled"
            case uncompressedBytes = "uncompressed_bytes"
            case compressedBytes = "compressed_bytes"
        }
    }

    /// When the tick started (wall clock).
    public var runStart: String
    /// When it ended.
    public var runEnd: String
    /// The tick's time (`--at` or the clock).
    public var tickTime: String
    /// The primary window and the checkpoint, if any.
    public var windows: [String]
    /// Channels in the config.
    public var totalStations: Int
    /// Channels whose primary (and checkpoint) windows are stored.
    public var successfulStations: Int
    /// Channels with a primary or checkpoint window not stored.
    public var failedStations: Int
    /// Samples in the chunks processed.
    public var totalSamplesFetched: Int
    /// Samples filled by interpolation in them.
    public var totalGapsFilled: Int
    /// Compressed bytes uploaded.
    public var totalBytesUploaded: Int
    /// Uncompressed bytes of the chunks uploaded.
    public var totalBytesRaw: Int
    /// Time spent waiting for the source.
    public var fetchTimeSeconds: Double
    /// Time spent decoding and cutting.
    public var processingTimeSeconds: Double
    /// Time spent on the store (chunks and metadata).
    public var uploadTimeSeconds: Double
    /// Retry passes made over incomplete channels.
    public var retryPasses: Int
    /// Primary and checkpoint windows given up on as an outage: "no data" on the first pass
    /// and on one retry, not retried further in this tick.
    public var noDataGivenUp: Int
    /// Missing look-back windows filled this tick.
    public var catchUpStored: Int
    /// Missing `6h` checkpoints of the last 24 hours rebuilt this tick.
    public var checkpointsRebuilt: Int
    /// Missing checkpoints beyond the per-tick bound (`CHECKPOINT_REBUILDS_PER_TICK`), left
    /// to the following ticks.
    public var checkpointsDeferred: Int
    /// Volcanoes the station config selects no channel of, with the reason.
    public var volcanoesWithoutChannels: [VolcanoWithoutChannels]
    /// Day-metadata files written.
    public var metadataFilesWritten: Int
    /// Whether every channel's primary (and checkpoint) window is stored: exit code 0.
    public var success: Bool
    /// Whether the tick's deadline (`TICK_DEADLINE_SECONDS`) cut a fetch off.
    public var deadlineReached: Bool
    /// Per channel-window.
    public var results: [Result]

    enum CodingKeys: String, CodingKey {
        case windows, success, results
        case runStart = "run_start"
        case runEnd = "run_end"
        case tickTime = "tick_time"
        case totalStations = "total_stations"
        case successfulStations = "successful_stations"
        case failedStations = "failed_stations"
        case totalSamplesFetched = "total_samples_fetched"
        case totalGapsFilled = "total_gaps_filled"
        case totalBytesUploaded = "total_bytes_uploaded"
        case totalBytesRaw = "total_bytes_raw"
        case fetchTimeSeconds = "iris_fetch_time_seconds"
        case processingTimeSeconds = "processing_time_seconds"
        case uploadTimeSeconds = "upload_time_seconds"
        case retryPasses = "retry_passes"
        case noDataGivenUp = "no_data_given_up"
        case catchUpStored = "catch_up_stored"
        case checkpointsRebuilt = "checkpoints_rebuilt"
        case checkpointsDeferred = "checkpoints_deferred"
        case volcanoesWithoutChannels = "volcanoes_without_channels"
        case metadataFilesWritten = "metadata_files_written"
        case deadlineReached = "deadline_reached"
    }
}
