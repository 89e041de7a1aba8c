import SeedCore
import Pipeline

/// The answer to `GET /api/stations`: every volcano of the configured channels and, per
/// channel, its catalog facts and what the store holds of it (the player's pickers).
package struct StationListing: Sendable, Encodable {
    /// One volcano.
    package struct Volcano: Sendable, Encodable {
        /// The lowercase key its chunks are filed under (`kilauea`).
        package var key: String
        /// Display name (`Kīlauea`).
        package var name: String
        /// `hawaii` or `alaska`.
        package var region: String
        package var latitude: Double
        package var longitude: Double
    }

    /// One configured channel.
    package struct Station: Sendable, Encodable {
        /// `NET.STA.LOC.CHA`.
        package var id: String
        package var network: String
        package var station: String
        package var location: String
        package var channel: String
        package var volcano: String
        /// Distance from the summit in km, when the catalog lists the channel.
        package var distanceKm: Double?
        /// Nominal samples per second, when known.
        package var sampleRate: Double?
        /// `seismic` or `infrasound`.
        package var dataType: String
        /// What the store holds; `nil` when nothing.
        package var cached: StoredSpan?

        enum CodingKeys: String, CodingKey {
            case id, network, station, location, channel, volcano, cached
            case distanceKm = "distance_km", sampleRate = "sample_rate", dataType = "data_type"
        }

        package func encode(to encoder: any Encoder) throws {
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
    package struct StoredSpan: Sendable, Encodable, Hashable {
        /// Days with a day-metadata file.
        package var days: Int
        /// The first and last of them (`YYYY-MM-DD`).
        package var firstDay: String
        package var lastDay: String
        /// Chunk objects of every kind.
        package var chunks: Int
        /// The latest end of a stored chunk (ISO 8601): where "the newest stored data" ends.
        package var latestEnd: String?
        /// Where the newest stretch stored without a hole starts (it ends at `latestEnd`):
        /// `[newest_run_start, latest_end)` plays as a hit.
        package var newestRunStart: String?

        enum CodingKeys: String, CodingKey {
            case days, chunks
            case firstDay = "first_day", lastDay = "last_day", latestEnd = "latest_end"
            case newestRunStart = "newest_run_start"
        }
    }

    /// Where `/data` misses are generated from, as the player names it.
    package struct Source: Sendable, Encodable, Hashable {
        /// `fdsn` or `sds`.
        package var kind: String
        /// The FDSN service's host (`service.earthscope.org`), or `local archive` for an SDS
        /// archive (its folder is not published).
        package var name: String

        /// Reads a ``WaveformSource``'s `displayName` (`fdsn https://host`, `sds /path`).
        package init(displayName: String) {
            let parts = displayName.split(separator: " ", maxSplits: 1).map(String.init)
            switch parts.first {
            case "sds":
                kind = "sds"
                name = "local archive"
            case "fdsn":
                kind = "fdsn"
                let url = parts.count > 1 ? parts[1] : ""
                let host = url.split(separator: "/").dropFirst(url.contains("://") ? 1 : 0).first.map(String.init)
                name = host ?? url
            default:
                kind = parts.first ?? "unknown"
                name = displayName
            }
        }
    }

    package var volcanoes: [Volcano]
    package var stations: [Station]
    /// The source of misses; `nil` when the listing was made without one.
    package var source: Source?
    /// `now − IRIS_DELAY_MINUTES`, floored to 10 minutes: the newest data there can be.
    package var newestAvailable: String
    /// When the holdings were listed.
    package var generatedAt: String

    enum CodingKeys: String, CodingKey {
        case volcanoes, stations, source
        case newestAvailable = "newest_available", generatedAt = "generated_at"
    }
}

extension StationListing.Volcano {
    /// Names as the observatories write them, where the station catalog spells them in ASCII
    /// (`Kilauea` → `Kīlauea`, USGS HVO's spelling). Keys not listed keep the catalog's name.
    static let displayNames: [String: String] = [
        "kilauea": "Kīlauea",
        "hualalai": "Hualālai",
        "haleakala": "Haleakalā",
    ]

    /// The display name of a volcano: the observatory's spelling, else the catalog's.
    package static func displayName(key: String, catalogName: String) -> String {
        displayNames[key] ?? catalogName
    }
}
