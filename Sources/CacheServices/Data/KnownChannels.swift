package import ChunkStore
package import Pipeline

/// The channels a `/data` miss may fetch from the source and store (DESIGN: anonymous callers
/// make the API fetch and store only channels it knows), as far as they are known without
/// the store: the station config's selection and the bundled catalog's channels of each
/// volcano (the station service's listing around it, cached in the catalog). Channels
/// already stored under a volcano are known too; ``DataService`` asks the store for those.
package struct KnownChannels: Sendable {
    private let configured: Set<ChannelHome>
    private let configuredRates: [ChannelHome: Double]
    private let catalog: StationCatalog

    /// Creates the set.
    /// - Parameters:
    ///   - configured: the station config's channels (their rates are ignored).
    ///   - catalog: the station catalog.
    package init(configured: [ChannelHome], catalog: StationCatalog) {
        self.configured = Set(configured.map { ChannelHome(sourceID: $0.sourceID, volcano: $0.volcano) })
        self.configuredRates = configured.reduce(into: [:]) { rates, home in
            if let rate = home.sampleRate { rates[ChannelHome(sourceID: home.sourceID, volcano: home.volcano)] = rate }
        }
        self.catalog = catalog
    }

    /// Whether the volcano is one the catalog or the config names.
    package func knowsVolcano(_ volcano: String) -> Bool {
        catalog.volcanoes[volcano] != nil || configured.contains { $0.volcano == volcano }
    }

    /// The config's nominal rate of the channel (the catalog's, or an included channel's
    /// `sample_rate`), when it selects it.
    package func configuredRate(of home: ChannelHome) -> Double? {
        configuredRates[ChannelHome(sourceID: home.sourceID, volcano: home.volcano)]
    }

    /// Whether the config selects the channel at this volcano, or the catalog lists it there.
    package func lists(_ home: ChannelHome) -> Bool {
        configured.contains(ChannelHome(sourceID: home.sourceID, volcano: home.volcano))
            || catalog.volcanoes[home.volcano]?.channel(home.sourceID) != nil
    }
}
