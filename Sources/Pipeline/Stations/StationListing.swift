public import SeedCore

/// The answer to `GET /api/stations`: every volcano of the configured channels and, per
/// channel, its catalog facts and what the store holds of it (the player's pickers).
public struct StationListing: Sendable, Encodable {
    /// One volcano.
    public struct Volcano: Sendable, Encodable {
        /// The lowercase key its chunks are filed under (`kilauea`).
        public var key: String
        /// Display name (`Kīlauea`).
        public var name: String
        /// `hawaii` or `alaska`.
        public var region: String
        public var latitude: Double
        public var longitude: Double
    }

    /// One configured channel.
    public struct Station: Sendable, Encodable {
        /// `NET.STA.LOC.CHA`.
        public var id: String
        public var network: String
        public var station: String
        public var location: String
        public var channel: String
        public var volcano: String
        /// Distance from the summit in km, when the catalog lists the channel.
        public var distanceKm: Double?
        /// Nominal samples per second, when known.
        public var sampleRate: Double?
        /// `seismic` or `infrasound`.
        public var dataType: String
        /// What the store holds; `nil` when nothing.
        public var cached: StoredSpan?

        enum CodingKeys: String, CodingKey {
            case id, network, station, location, channel, volcano, cached
            case distanceKm = "distance_km", sampleRate = "sample_rate", dataType = "data_type"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(network, forKey: .network)
            try c.encode(station, forKey: .station)
            try c.encode(location, forKey: .location)
            try c.encode(channel, forKey: .channel)
            try c.encode(volcano, forKey: .volcano)
            try c.encode(distanceKm, forKey: .distanceKm)
            try c.encode(sampleRate, forKey: .sampleRate)
            try c.encode(dataType, forKey: .dataType)
            try c.encode(cached, forKey: .cached)
        }
    }

    /// What the store holds of one channel, from its folders' listings.
    public struct StoredSpan: Sendable, Encodable, Hashable {
        /// Days with a day-metadata file.
        public var days: Int
        /// The first and last of them (`YYYY-MM-DD`).
        public var firstDay: String
        public var lastDay: String
        /// Chunk objects of every kind.
        public var chunks: Int
        /// The latest end of a stored chunk (ISO 8601): where "the newest stored data" ends.
        public var latestEnd: String?
        /// Where the newest stretch stored without a hole starts (it ends at `latestEnd`):
        /// `[newest_run_start, latest_end)` plays as a hit.
        public var newestRunStart: String?

        enum CodingKeys: String, CodingKey {
            case days, chunks
            case firstDay = "first_day", lastDay = "last_day", latestEnd = "latest_end"
            case newestRunStart = "newest_run_start"
        }
    }

    public var volcanoes: [Volcano]
    public var stations: [Station]
    /// `now − IRIS_DELAY_MINUTES`, floored to 10 minutes: the newest data there can be.
    public var newestAvailable: String
    /// When the holdings were listed.
    public var generatedAt: String

    enum CodingKeys: String, CodingKey {
        case volcanoes, stations
        case newestAvailable = "newest_available", generatedAt = "generated_at"
    }
}
