import Pipeline
/// One line of the streamed answer to a `/data` miss (NDJSON, `application/x-ndjson`): the
/// normalization range first, then each chunk as soon as it is stored (001's priority
/// order), then the final manifest, or an error.
package enum DataEvent: Sendable, Hashable, Encodable {
    /// The data is fetched and merged: its rate and min/max over the range.
    case metadata(Metadata)
    /// A chunk is stored and can be fetched.
    case chunk(ChunkManifest.Chunk)
    /// A planned chunk was not stored (below 95 % complete, no data, store failure).
    case chunkSkipped(kind: String, start: String, end: String, reason: String)
    /// The last line on success: the manifest a repeated request now answers.
    case manifest(ChunkManifest)
    /// The last line on failure.
    case error(String)
    /// Nothing else was sent for a while (the source is slow): the generation is alive. Sent
    /// by the route to its own client only, so a proxy or a client does not time out a silent
    /// stream; `elapsed_seconds` counts from the request.
    case heartbeat(elapsedSeconds: Int64)

    /// What is known before any chunk is written.
    package struct Metadata: Sendable, Hashable, Codable {
        package var sampleRate: Double
        package var format: String
        package var start: String
        package var end: String
        /// min/max over the whole request: the data fetched now and the chunks already stored.
        package var normalization: ChunkManifest.Normalization?
        package var chunksPlanned: Int
        /// Samples of `[start, end)` at the rate.
        package var totalSamples: Int
        /// The chunks of the range that were already stored: a player can fetch them at once
        /// (a request starting on stored data plays before the generation ends).
        package var chunks: [ChunkManifest.Chunk]

        enum CodingKeys: String, CodingKey {
            case format, start, end, normalization, chunks
            case sampleRate = "sample_rate", chunksPlanned = "chunks_planned", totalSamples = "total_samples"
        }
    }

    /// Whether this is the stream's last line.
    package var isFinal: Bool {
        switch self {
        case .manifest, .error: true
        default: false
        }
    }

    private enum Key: String, CodingKey {
        case event, metadata, chunk, manifest, error, kind, start, end, reason
        case elapsedSeconds = "elapsed_seconds"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .metadata(let metadata):
            try container.encode("metadata", forKey: .event)
            try container.encode(metadata, forKey: .metadata)
        case .chunk(let chunk):
            try container.encode("chunk", forKey: .event)
            try container.encode(chunk, forKey: .chunk)
        case .chunkSkipped(let kind, let start, let end, let reason):
            try container.encode("chunk_skipped", forKey: .event)
            try container.encode(kind, forKey: .kind)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
            try container.encode(reason, forKey: .reason)
        case .manifest(let manifest):
            try container.encode("manifest", forKey: .event)
            try container.encode(manifest, forKey: .manifest)
        case .error(let message):
            try container.encode("error", forKey: .event)
            try container.encode(message, forKey: .error)
        case .heartbeat(let seconds):
            try container.encode("heartbeat", forKey: .event)
            try container.encode(seconds, forKey: .elapsedSeconds)
        }
    }
}
