import Pipeline
extension CacheStatusReport {
    /// `scope=all`: the whole cache, by region and by volcano.
    package struct All: Sendable, Hashable, Encodable {
        /// Totals.
        package var summary: Summary
        /// Per region of the catalog (volcano folders the catalog does not list: `other`).
        package var byLocation: [String: RegionSummary]
        /// Per volcano: the catalog's, and any other folder found.
        package var byVolcano: [String: VolcanoSummary]
        /// When the numbers were taken.
        package var generatedAt: String

        /// Encodes `000`'s all shape.
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StatusCodingKey.self)
            try c.encode(CacheStatusScope.all.rawValue, for: "scope")
            try c.encode(summary, for: "summary")
            try c.encode(byLocation, for: "by_location")
            try c.encode(byVolcano, for: "by_volcano")
            try c.encode(generatedAt, for: "generated_at")
        }
    }

    /// The totals of `scope=all`.
    package struct Summary: Sendable, Hashable, Encodable {
        /// Volcanoes with at least one channel found.
        package var totalVolcanoes: Int
        /// Distinct channels (`NET.STA.LOC.CHA`) found.
        package var totalStations: Int
        /// Channel-days cached.
        package var totalDaysCached: Int
        /// Chunks per kind (`total_chunks_10min`, `total_chunks_1h`, ...).
        package var totalChunks: ChunkCounts
        /// Listed chunk and metadata bytes.
        package var totalSizeBytes: Int
        /// The same in MB (10⁶ bytes), rounded to 0.1.
        package var totalSizeMB: Double

        /// Encodes the totals, `total_chunks_<kind>` for every kind.
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StatusCodingKey.self)
            try c.encode(totalVolcanoes, for: "total_volcanoes")
            try c.encode(totalStations, for: "total_stations")
            try c.encode(totalDaysCached, for: "total_days_cached")
            try totalChunks.encode(into: &c, prefix: "total_chunks_")
            try c.encode(totalSizeBytes, for: "total_size_bytes")
            try c.encode(totalSizeMB, for: "total_size_mb")
        }
    }

    /// One region's totals (`by_location`).
    package struct RegionSummary: Sendable, Hashable, Encodable {
        /// Volcanoes of the region with at least one channel found.
        package var volcanoes: Int
        /// Distinct channels found under them.
        package var stations: Int
        /// Listed chunk and metadata bytes.
        package var sizeBytes: Int
        /// The same in MB, rounded to 0.1.
        package var sizeMB: Double

        enum CodingKeys: String, CodingKey {
            case volcanoes, stations
            case sizeBytes = "size_bytes"
            case sizeMB = "size_mb"
        }
    }
}
