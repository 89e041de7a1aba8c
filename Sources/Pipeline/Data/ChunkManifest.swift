/// The answer to `GET /data` (001): the chunks that cover a range, coarsest first, in time
/// order, with the URLs a browser fetches them from.
public struct ChunkManifest: Sendable, Hashable, Codable {
    public var network: String
    public var volcano: String
    public var station: String
    public var location: String
    public var channel: String
    /// Samples per second.
    public var sampleRate: Double
    /// Always `int32` (little-endian, one zstd frame per chunk).
    public var format: String
    /// The requested range (ISO 8601), clipped at the newest data the service can have.
    public var start: String
    public var end: String
    /// min/max over the listed chunks (the browser's normalization range).
    public var normalization: Normalization?
    /// Samples of `[start, end)` at the rate: the length of the request's playback.
    public var totalSamples: Int
    /// Whether the chunks cover `[start, end)` without a hole.
    public var complete: Bool
    /// The chunks in time order.
    public var chunks: [Chunk]

    /// `{global_min, global_max}`.
    public struct Normalization: Sendable, Hashable, Codable {
        public var globalMin: Int32
        public var globalMax: Int32

        public init(globalMin: Int32, globalMax: Int32) {
            self.globalMin = globalMin
            self.globalMax = globalMax
        }

        enum CodingKeys: String, CodingKey {
            case globalMin = "global_min", globalMax = "global_max"
        }
    }

    /// One chunk.
    public struct Chunk: Sendable, Hashable, Codable {
        /// `10min`, `1h`, `6h` or `24h`.
        public var kind: String
        /// Its bounds (ISO 8601); sample `i` is at `start + i / sample_rate`.
        public var start: String
        public var end: String
        public var samples: Int
        public var min: Int32
        public var max: Int32
        /// Where to fetch it (public, presigned or the API's `/files/` route).
        public var url: String
        /// Its store key.
        public var key: String
        public var compressedSizeBytes: Int?
        /// Gaps inside the chunk filled by interpolation (ObsPy's `get_gaps()`), and the
        /// samples they filled: the player marks such chunks.
        public var gapCount: Int
        public var gapSamplesFilled: Int
        /// Samples held from the nearest real value at the chunk's edges.
        public var edgeFilledSamples: Int

        enum CodingKeys: String, CodingKey {
            case kind, start, end, samples, min, max, url, key
            case compressedSizeBytes = "compressed_size_bytes"
            case gapCount = "gap_count", gapSamplesFilled = "gap_samples_filled"
            case edgeFilledSamples = "edge_filled_samples"
        }
    }

    enum CodingKeys: String, CodingKey {
        case network, volcano, station, location, channel, format, start, end, normalization, complete, chunks
        case sampleRate = "sample_rate", totalSamples = "total_samples"
    }
}
