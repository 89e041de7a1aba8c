import Foundation
public import SeedCore

/// What is known about the stations near each monitored volcano: coordinates, region,
/// and per data type the channels with their distance from the summit and nominal rate.
///
/// ``bundled`` is the web client's catalog (EMBEDDED_STATIONS: active stations within 20 km of
/// the five monitored volcanoes), `station-catalog.json` beside this file, compiled into the
/// binary (SwiftPM `embedInCode`) so the executables need no resource files; ``init(json:)``
/// reads another.
public struct StationCatalog: Sendable, Hashable, Decodable {
    /// Volcanoes by lowercase key (`kilauea`, `maunaloa`, ...).
    public var volcanoes: [String: Volcano]

    /// One volcano.
    public struct Volcano: Sendable, Hashable, Decodable {
        /// Display name (`Kīlauea`).
        public var name: String
        /// Summit latitude in degrees.
        public var lat: Double
        /// Summit longitude in degrees.
        public var lon: Double
        /// `hawaii` or `alaska`: the cache-status `location` scope.
        public var region: String
        /// Seismometer channels.
        public var seismic: [Channel]
        /// Infrasound channels.
        public var infrasound: [Channel]

        enum CodingKeys: String, CodingKey { case name, lat, lon, region, seismic, infrasound }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            lat = try c.decode(Double.self, forKey: .lat)
            lon = try c.decode(Double.self, forKey: .lon)
            region = try c.decode(String.self, forKey: .region)
            seismic = try c.decodeIfPresent([Channel].self, forKey: .seismic) ?? []
            infrasound = try c.decodeIfPresent([Channel].self, forKey: .infrasound) ?? []
        }

        /// The channels of one data type.
        public func channels(_ type: DataType) -> [Channel] { type == .seismic ? seismic : infrasound }

        /// A channel of this volcano and its data type, when the catalog lists it.
        public func channel(_ id: SourceID) -> (type: DataType, channel: Channel)? {
            DataType.allCases.lazy.compactMap { type in self.channels(type).first { $0.sourceID == id }.map { (type, $0) } }
                .first
        }
    }

    /// One channel near a volcano.
    public struct Channel: Sendable, Hashable, Decodable {
        public var network: String
        public var station: String
        public var location: String
        public var channel: String
        /// Distance from the summit in km.
        public var distanceKm: Double
        /// Nominal samples per second.
        public var sampleRate: Double

        /// `NET.STA.LOC.CHA`.
        public var sourceID: SourceID {
            SourceID(network: network, station: station, location: location, channel: channel)
        }

        /// Creates a channel entry.
        public init(
            network: String, station: String, location: String, channel: String, distanceKm: Double, sampleRate: Double
        ) {
            self.network = network
            self.station = station
            self.location = location
            self.channel = channel
            self.distanceKm = distanceKm
            self.sampleRate = sampleRate
        }

        enum CodingKeys: String, CodingKey {
            case network, station, location, channel
            case distanceKm = "distance_km"
            case sampleRate = "sample_rate"
        }
    }

    /// The kinds of sensor the config can select.
    public enum DataType: String, Sendable, Hashable, Codable, CaseIterable {
        case seismic, infrasound
    }

    /// Reads a catalog in the shipped format.
    /// - Throws: ``FieldError`` naming what is wrong.
    public init(json bytes: [UInt8]) throws(FieldError) {
        do {
            self = try JSONDecoder().decode(StationCatalog.self, from: Data(bytes))
        } catch {
            throw FieldError(field: "catalog", message: "not a station catalog: \(error)")
        }
    }

    /// The catalog shipped with seiscache.
    public static let bundled: StationCatalog = {
        // The embedded file is checked by the tests; an empty catalog would make every
        // config fail validation with a clear message rather than crash.
        (try? StationCatalog(json: PackageResources.station_catalog_json)) ?? StationCatalog(volcanoes: [:])
    }()

    /// Creates a catalog.
    public init(volcanoes: [String: Volcano]) { self.volcanoes = volcanoes }
}
