package import ChunkStore
import Pipeline
/// The answer to `GET /data` (001): the chunks that cover a range, coarsest first, in time
/// order, with the URLs a browser fetches them from.
package struct ChunkManifest: Sendable, Hashable, Codable {
    package var network: String
    package var volcano: String
    package var station: String
    package var location: String
    package var channel: String
    /// Samples per second.
    package var sampleRate: Double
    /// Always `int32` (little-endian, one zstd frame per chunk).
    package var format: String
    /// The requested range (ISO 8601), clipped at the newest data the service can have.
    package var start: String
    package var end: String
    /// min/max over the listed chunks (the browser's normalization range).
    package var normalization: Normalization?
    /// Samples of `[start, end)` at the rate: the length of the request's playback.
    package var totalSamples: Int
    /// Whether the chunks cover `[start, end)` without a hole.
    package var complete: Bool
    /// The chunks in time order.
    package var chunks: [Chunk]

    /// `{global_min, global_max}`.
    package struct Normalization: Sendable, Hashable, Codable {
        package var globalMin: Int32
        package var globalMax: Int32

        package init(globalMin: Int32, globalMax: Int32) {
            self.globalMin = globalMin
            self.globalMax = globalMax
        }

        enum CodingKeys: String, CodingKey {
            case globalMin = "global_min", globalMax = "global_max"
        }
    }

    /// One chunk.
    package struct Chunk: Sendable, Hashable, Codable {
        /// `10min`, `1h`, `6h` or `24h`.
        package var kind: String
        /// Its bounds (ISO 8601); sample `i` is at `start + i / sample_rate`.
        package var start: String
        package var end: String
        package var samples: Int
        package var min: Int32
        package var max: Int32
        /// Where to fetch it (public bucket, presigned or the API's `/files/` route); public and
        /// `/files/` URLs carry `?v=` + ``version`` when it is known.
        package var url: String
        /// Its store key.
        package var key: String
        package var compressedSizeBytes: Int?
        /// Gaps inside the chunk filled by interpolation (ObsPy's `get_gaps()`), and the
        /// samples they filled: the player marks such chunks.
        package var gapCount: Int
        package var gapSamplesFilled: Int
        /// Samples held from the nearest real value at the chunk's edges.
        package var edgeFilledSamples: Int
        /// The version of the stored bytes (``ChunkStore/ChunkEntry/version``): another one after
        /// a forced backfill rewrote the chunk. `nil` for entries recorded without an ETag.
        package var version: String? = nil
        /// Where the gaps are (``ChunkStore/ChunkEntry/gaps``), when the day metadata lists them.
        package var gaps: [ChunkEntry.Gap]? = nil

        enum CodingKeys: String, CodingKey {
            case kind, start, end, samples, min, max, url, key
            case compressedSizeBytes = "compressed_size_bytes"
            case gapCount = "gap_count", gapSamplesFilled = "gap_samples_filled"
            case edgeFilledSamples = "edge_filled_samples"
            case version, gaps
        }
    }

    enum CodingKeys: String, CodingKey {
        case network, volcano, station, location, channel, format, start, end, normalization, complete, chunks
        case sampleRate = "sample_rate", totalSamples = "total_samples"
    }
}
