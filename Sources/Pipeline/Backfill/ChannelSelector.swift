import ChunkStore
public import SeedCore

/// Which channels a backfill works on: the configured ones narrowed by volcano and SEED
/// codes, or one explicitly named channel the configuration does not select (000's request
/// names `network`, `station`, `location`, `channel` and `volcano`).
public struct ChannelSelector: Sendable, Hashable {
    /// Only channels filed under this volcano.
    public var volcano: String?
    /// Only this network, station, location code (`""` = empty) and channel.
    public var network: String?
    public var station: String?
    public var location: String?
    public var channel: String?

    /// Creates a selector; `nil` fields match everything.
    public init(
        volcano: String? = nil, network: String? = nil, station: String? = nil, location: String? = nil,
        channel: String? = nil
    ) {
        self.volcano = volcano
        self.network = network
        self.station = station
        self.location = location.map { $0 == "--" ? "" : $0 }
        self.channel = channel
    }

    /// A selector from `--channel NET.STA.LOC.CHA` (or `NET.STA`, `STA`) and `--volcano`.
    /// - Throws: ``FieldError`` naming `channel` when the text is not SEED codes.
    public init(channelID text: String?, volcano: String?) throws(FieldError) {
        guard let text else {
            self.init(volcano: volcano)
            return
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 4: self.init(volcano: volcano, network: parts[0], station: parts[1], location: parts[2], channel: parts[3])
        case 2: self.init(volcano: volcano, network: parts[0], station: parts[1])
        case 1: self.init(volcano: volcano, station: parts[0])
        default:
            throw FieldError(field: "channel", message: "\"\(text)\" is not NET.STA.LOC.CHA, NET.STA or STA")
        }
    }

    /// The channels to backfill.
    /// - Parameters:
    ///   - configured: the channels the station config selects.
    ///   - catalog: where an explicitly named channel's sample rate and region come from.
    /// - Throws: ``FieldError`` when a code is malformed or nothing matches.
    public func channels(from configured: [SelectedChannel], catalog: StationCatalog) throws(FieldError)
        -> [SelectedChannel]
    {
        try validate()
        let matching = configured.filter { matches($0.volcano, $0.sourceID) }
        if !matching.isEmpty { return matching }
        // A fully named channel of a known volcano may be outside the configured selection.
        if let volcano, let network, let station, let location, let channel,
            let known = catalog.volcanoes[volcano]
        {
            let id = SourceID(network: network, station: station, location: location, channel: channel)
            let entry = known.channel(id)
            return [
                SelectedChannel(
                    volcano: volcano, region: known.region, sourceID: id, dataType: entry?.0 ?? .seismic,
                    distanceKm: entry?.1.distanceKm, sampleRate: entry?.1.sampleRate)
            ]
        }
        if let volcano, catalog.volcanoes[volcano] == nil {
            throw FieldError(
                field: "volcano",
                message: "unknown volcano \"\(volcano)\"; known: \(catalog.volcanoes.keys.sorted().joined(separator: ", "))")
        }
        throw FieldError(
            field: station == nil ? "volcano" : "station",
            message: "no configured channel matches; name network, station, location, channel and volcano to backfill another")
    }

    func matches(_ channelVolcano: String, _ id: SourceID) -> Bool {
        (volcano == nil || volcano == channelVolcano) && (network == nil || network == id.network)
            && (station == nil || station == id.station) && (location == nil || location == id.location)
            && (channel == nil || channel == id.channel)
    }

    func validate() throws(FieldError) {
        let codes = [("network", network), ("station", station), ("location", location), ("channel", channel)]
        do {
            for case let (field, code?) in codes { try ChannelKey.validate(code: code, field: field) }
            if let volcano { try ChannelKey.validate(volcano: volcano) }
        } catch {
            throw FieldError(field: error.field, message: error.message)
        }
    }
}
