import Pipeline
extension CacheStatusReport {
    /// `scope=location`: the volcanoes of one region.
    package struct Location: Sendable, Hashable, Encodable {
        /// The region (`hawaii`, `alaska`).
        package var location: String
        /// The catalog's volcanoes of the region, sorted.
        package var volcanoes: [String]
        /// Distinct channels (`NET.STA.LOC.CHA`) found under them.
        package var totalStations: Int
        /// Channel-days: days cached summed over those channels.
        package var totalDaysCached: Int
        /// `10min` chunks over those channels.
        package var totalChunks10min: Int
        /// Listed chunk and metadata bytes.
        package var totalSizeBytes: Int
        /// The same in MB (10⁶ bytes), rounded to 0.1.
        package var totalSizeMB: Double
        /// Per volcano of the region (zeros where nothing is cached).
        package var byVolcano: [String: VolcanoSummary]
        /// When the numbers were taken.
        package var generatedAt: String

        /// Encodes `000`'s location shape.
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StatusCodingKey.self)
            try c.encode(CacheStatusScope.location.rawValue, for: "scope")
            try c.encode(location, for: "location")
            try c.encode(volcanoes, for: "volcanoes")
            try c.encode(totalStations, for: "total_stations")
            try c.encode(totalDaysCached, for: "total_days_cached")
            try c.encode(totalChunks10min, for: "total_chunks_10min")
            try c.encode(totalSizeMB, for: "total_size_mb")
            try c.encode(totalSizeBytes, for: "total_size_bytes")
            try c.encode(byVolcano, for: "by_volcano")
            try c.encode(generatedAt, for: "generated_at")
        }
    }

    /// One volcano's totals (`by_volcano` of the `location` and `all` scopes).
    package struct VolcanoSummary: Sendable, Hashable, Encodable {
        /// Distinct channels found under it.
        package var stations: Int
        /// Channel-days cached.
        package var daysCached: Int
        /// `10min` chunks.
        package var totalChunks10min: Int
        /// `6h` chunks.
        package var totalChunks6h: Int
        /// Listed chunk and metadata bytes.
        package var sizeBytes: Int
        /// The same in MB, rounded to 0.1.
        package var sizeMB: Double

        enum CodingKeys: String, CodingKey {
            case stations
            case daysCached = "days_cached"
            case totalChunks10min = "total_chunks_10min"
            case totalChunks6h = "total_chunks_6h"
            case sizeBytes = "size_bytes"
            case sizeMB = "size_mb"
        }
    }
}
