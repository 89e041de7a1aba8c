public import ChunkStore
public import SeedCore

/// One channel the tick stores.
public struct SelectedChannel: Sendable, Hashable {
    /// Its SEED codes, volcano and nominal rate.
    public var home: ChannelHome
    /// `hawaii` / `alaska`.
    public var region: String
    /// Seismic or infrasound.
    public var dataType: StationCatalog.DataType
    /// Distance from the summit in km (`nil` for included channels the catalog lacks).
    public var distanceKm: Double?

    /// Creates a channel.
    public init(
        volcano: String, region: String, sourceID: SourceID, dataType: StationCatalog.DataType, distanceKm: Double?,
        sampleRate: Double?
    ) {
        self.home = ChannelHome(sourceID: sourceID, volcano: volcano, sampleRate: sampleRate)
        self.region = region
        self.dataType = dataType
        self.distanceKm = distanceKm
    }

    /// The volcano its keys are filed under.
    public var volcano: String { home.volcano }
    /// Its SEED codes.
    public var sourceID: SourceID { home.sourceID }
    /// Nominal samples per second (catalog or config), when known.
    public var sampleRate: Double? {
        get { home.sampleRate }
        set { home.sampleRate = newValue }
    }
}

extension StationConfig {
    /// The channels this config selects from a catalog, volcano by volcano in config order,
    /// closest first.
    /// - Throws: ``FieldError`` for unknown volcanoes, malformed channel ids, or a
    ///   non-positive station count.
    public func select(from catalog: StationCatalog) throws(FieldError) -> [SelectedChannel] {
        guard stationsPerVolcano >= 0 else {
            throw FieldError(field: "stations_per_volcano", message: "must be 0 or more (got \(stationsPerVolcano))")
        }
        if let maxDistanceKm, !(maxDistanceKm > 0) {
            throw FieldError(field: "max_distance_km", message: "must be positive (got \(maxDistanceKm))")
        }
        for (index, id) in exclude.enumerated() where SourceID(id) == nil {
            throw FieldError(field: "exclude[\(index)]", message: "\"\(id)\" is not NET.STA.LOC.CHA")
        }
        let excluded = Set(exclude.compactMap(SourceID.init))
        var selected: [SelectedChannel] = []
        for (index, name) in volcanoes.enumerated() {
            guard let volcano = catalog.volcanoes[name] else {
                throw FieldError(
                    field: "volcanoes[\(index)]",
                    message: "unknown volcano \"\(name)\"; known: \(catalog.volcanoes.keys.sorted().joined(separator: ", "))")
            }
            for type in dataTypes {
                selected += Self.closestStations(
                    volcano.channels(type), count: stationsPerVolcano, maxDistanceKm: maxDistanceKm, excluded: excluded
                ).map {
                    SelectedChannel(
                        volcano: name, region: volcano.region, sourceID: $0.sourceID, dataType: type,
                        distanceKm: $0.distanceKm, sampleRate: $0.sampleRate)
                }
            }
        }
        for (index, inclusion) in include.enumerated() {
            guard let volcano = catalog.volcanoes[inclusion.volcano] else {
                throw FieldError(field: "include[\(index)].volcano", message: "unknown volcano \"\(inclusion.volcano)\"")
            }
            guard let id = SourceID(inclusion.channel) else {
                throw FieldError(field: "include[\(index)].channel", message: "\"\(inclusion.channel)\" is not NET.STA.LOC.CHA")
            }
            guard !selected.contains(where: { $0.sourceID == id && $0.volcano == inclusion.volcano }) else { continue }
            let known = volcano.channel(id)
            selected.append(
                SelectedChannel(
                    volcano: inclusion.volcano, region: volcano.region, sourceID: id, dataType: known?.0 ?? .seismic,
                    distanceKm: known?.1.distanceKm, sampleRate: inclusion.sampleRate ?? known?.1.sampleRate))
        }
        return selected
    }

    /// The `count` closest stations, one channel each: the empty location first, then the
    /// catalog's order (at Kīlauea, UWE has three channels at 0.4 km; the seed takes
    /// `HV.UWE..HHZ` and then the next stations, OBL and UWB).
    static func closestStations(
        _ channels: [StationCatalog.Channel], count: Int, maxDistanceKm: Double?, excluded: Set<SourceID>
    ) -> [StationCatalog.Channel] {
        let candidates = channels.enumerated().filter { _, channel in
            !excluded.contains(channel.sourceID) && maxDistanceKm.map { channel.distanceKm <= $0 } ?? true
        }.sorted { a, b in
            (a.element.distanceKm, a.element.location.isEmpty ? 0 : 1, a.offset)
                < (b.element.distanceKm, b.element.location.isEmpty ? 0 : 1, b.offset)
        }
        var seenStations = Set<String>()
        var chosen: [StationCatalog.Channel] = []
        for (_, channel) in candidates where chosen.count < count {
            if seenStations.insert("\(channel.network).\(channel.station)").inserted { chosen.append(channel) }
        }
        return chosen
    }
}
