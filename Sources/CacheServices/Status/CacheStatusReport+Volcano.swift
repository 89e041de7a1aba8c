import Pipeline
extension CacheStatusReport {
    /// `scope=volcano`: every channel filed under one volcano.
    package struct Volcano: Sendable, Hashable, Encodable {
        /// The volcano folder name.
        package var volcano: String
        /// Its region in the catalog, when listed there.
        package var region: String?
        /// One line per channel (`NET.STA.LOC.CHA`), sorted by code.
        package var stations: [StationLine]
        /// Listed chunk and metadata bytes.
        package var totalSizeBytes: Int
        /// The same in MB (10⁶ bytes), rounded to 0.1.
        package var totalSizeMB: Double
        /// When the numbers were taken.
        package var generatedAt: String

        /// Encodes `000`'s volcano shape.
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: StatusCodingKey.self)
            try c.encode(CacheStatusScope.volcano.rawValue, for: "scope")
            try c.encode(volcano, for: "volcano")
            try c.encode(region, orNullFor: "region")
            try c.encode(stations, for: "stations")
            try c.encode(totalSizeMB, for: "total_size_mb")
            try c.encode(totalSizeBytes, for: "total_size_bytes")
            try c.encode(generatedAt, for: "generated_at")
        }
    }

    /// One channel of a volcano.
    package struct StationLine: Sendable, Hashable, Encodable {
        /// SEED network code.
        package var network: String
        /// SEED station code.
        package var station: String
        /// SEED location code (`""` for the empty code).
        package var location: String
        /// SEED channel code.
        package var channel: String
        /// Days with a day-metadata file.
        package var daysCached: Int
        /// `10min` chunks over those days.
        package var totalChunks10min: Int
        /// `6h` chunks over those days.
        package var totalChunks6h: Int
        /// Days whose metadata says `complete_day`.
        package var completeDays: Int
        /// Listed chunk and metadata bytes of this channel.
        package var sizeBytes: Int
        /// The same in MB, rounded to 0.1.
        package var sizeMB: Double

        enum CodingKeys: String, CodingKey {
            case network, station, location, channel
            case daysCached = "days_cached"
            case totalChunks10min = "total_chunks_10min"
            case totalChunks6h = "total_chunks_6h"
            case completeDays = "complete_days"
            case sizeBytes = "size_bytes"
            case sizeMB = "size_mb"
        }
    }
}
