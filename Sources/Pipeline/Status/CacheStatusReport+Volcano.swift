extension CacheStatusReport {
    /// `scope=volcano`: every channel filed under one volcano.
    public struct Volcano: Sendable, Hashable, Encodable {
        /// The volcano folder name.
        public var volcano: String
        /// Its region in the catalog, when listed there.
        public var region: String?
        /// One line per channel (`NET.STA.LOC.CHA`), sorted by code.
        public var stations: [StationLine]
        /// Listed chunk and metadata bytes.
        public var totalSizeBytes: Int
        /// The same in MB (10⁶ bytes), rounded to 0.1.
        public var totalSizeMB: Double
        /// When the numbers were taken.
        public var generatedAt: String

        /// Encodes `000`'s volcano shape.
        public func encode(to encoder: any Encoder) throws {
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
    public struct StationLine: Sendable, Hashable, Encodable {
        /// SEED network code.
        public var network: String
        /// SEED station code.
        public var station: String
        /// SEED location code (`""` for the empty code).
        public var location: String
        /// SEED channel code.
        public var channel: String
        /// Days with a day-metadata file.
        public var daysCached: Int
        /// `10min` chunks over those days.
        public var totalChunks10min: Int
        /// `6h` chunks over those days.
        public var totalChunks6h: Int
        /// Days whose metadata says `complete_day`.
        public var completeDays: Int
        /// Listed chunk and metadata bytes of this channel.
        public var sizeBytes: Int
        /// The same in MB, rounded to 0.1.
        public var sizeMB: Double

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
