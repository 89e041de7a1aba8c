public import SeedCore

/// The channels one SeedLink connection asks for, grouped as multi-station mode asks: one
/// `STATION STA NET` per station and one `SELECT` per channel of it.
public struct SeedLinkSelection: Sendable, Hashable {
    /// One station and the channels wanted of it.
    public struct Station: Sendable, Hashable, Comparable {
        /// The station's network and station codes.
        public var key: StationKey
        /// The channels wanted (location and channel codes of ``key``'s station).
        public var channels: [SourceID]

        /// The `SELECT` arguments: `LLCCC` with the location when it is not empty, else the
        /// channel code alone. (ringserver and SeisComP match a bare `HHZ` for any location;
        /// `??HHZ` matches no empty location, so an empty one cannot be named. Records of other
        /// locations a bare selector lets through are dropped by ``wants(_:)``.)
        public var selectors: [String] {
            var seen = Set<String>()
            return channels.map { $0.location.isEmpty ? $0.channel : $0.location + $0.channel }.filter { seen.insert($0).inserted }
        }

        public static func < (a: Station, b: Station) -> Bool { a.key < b.key }
    }

    /// The stations, sorted by network and station.
    public private(set) var stations: [Station]
    private let wanted: Set<SourceID>

    /// The selection of `channels` (duplicates ignored).
    public init(channels: some Sequence<SourceID>) {
        let unique = Set(channels)
        wanted = unique
        stations = Dictionary(grouping: unique, by: { StationKey(network: $0.network, station: $0.station) })
            .map { Station(key: $0.key, channels: $0.value.sorted { "\($0)" < "\($1)" }) }
            .sorted()
    }

    /// Whether a record of `channel` was asked for.
    public func wants(_ channel: SourceID) -> Bool { wanted.contains(channel) }
}

/// A station's network and station codes: what SeedLink's sequence numbers are kept per.
public struct StationKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The network code.
    public var network: String
    /// The station code.
    public var station: String

    /// Creates a key.
    public init(network: String, station: String) {
        self.network = network
        self.station = station
    }

    /// `NET_STA`, as SeedLink state files name stations.
    public var description: String { "\(network)_\(station)" }

    public static func < (a: StationKey, b: StationKey) -> Bool { (a.network, a.station) < (b.network, b.station) }
}
