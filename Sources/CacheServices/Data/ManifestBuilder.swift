import ChunkStore
import SeedCore
import Pipeline

/// Turns a coverage into the manifest the API returns.
enum ManifestBuilder {
    static func manifest(
        query: DataQuery, range: TimeWindow, sampleRate: Double, coverage: Coverage, urls: ChunkURLs
    ) throws -> ChunkManifest {
        let chunks = try coverage.chunks.map { try chunk(kind: $0.kind, key: $0.key, entry: $0.entry, urls: urls) }
        let normalization = chunks.isEmpty
            ? nil
            : ChunkManifest.Normalization(
                globalMin: chunks.map(\.min).min() ?? 0, globalMax: chunks.map(\.max).max() ?? 0)
        let id = query.sourceID
        return ChunkManifest(
            network: id.network, volcano: query.volcano, station: id.station, location: id.location, channel: id.channel,
            sampleRate: sampleRate, format: "int32", start: range.start.iso8601(), end: range.end.iso8601(),
            normalization: normalization, totalSamples: range.sampleCount(rate: sampleRate), complete: coverage.complete,
            chunks: chunks)
    }

    static func chunk(kind: ChunkKind, key: ChunkKey, entry: ChunkEntry, urls: ChunkURLs) throws -> ChunkManifest.Chunk {
        ChunkManifest.Chunk(
            kind: kind.rawValue, start: key.start.iso8601(), end: key.end.iso8601(), samples: entry.samples,
            min: entry.min, max: entry.max, url: try urls.url(for: key.key, version: entry.version), key: key.key,
            compressedSizeBytes: entry.compressedSizeBytes, gapCount: entry.gapCount,
            gapSamplesFilled: entry.gapSamplesFilled, edgeFilledSamples: entry.edgeFilledSamples ?? 0,
            version: entry.version, gaps: entry.gaps)
    }
}
