public import ChunkStore
public import SeedCore

/// The one answer to "at what rate is this channel filed" (the rate names its folder's
/// files): the station catalog (or the config's `sample_rate` of an included channel), else
/// the rate its stored keys carry, else — once data is decoded — the rate of the data.
///
/// Lookups (the tick's and backfill's "already stored?", `/data`) use the first two; a
/// window is always stored under the rate of its own samples (a chunk holds exactly
/// `seconds × rate` of them), which is the third.
public struct SampleRateResolver: Sendable {
    /// Nominal rates of the catalog's channels.
    public var catalog: StationCatalog
    /// Where stored keys are listed.
    public var store: any ObjectStore

    /// Creates a resolver.
    public init(catalog: StationCatalog, store: any ObjectStore) {
        self.catalog = catalog
        self.store = store
    }

    /// The home with its rate: kept when it has one, else the catalog's, else the stored
    /// keys' in the month of `time`; still `nil` when none knows it.
    /// - Throws: the store's error when it had to be asked and failed.
    public func resolve(_ home: ChannelHome, near time: UTCTime) async throws(ObjectStoreError) -> ChannelHome {
        var resolved = home
        if resolved.sampleRate == nil { resolved.sampleRate = catalogRate(of: home) }
        if resolved.sampleRate == nil { resolved.sampleRate = try await storedRate(of: home, near: time) }
        return resolved
    }

    /// The catalog's nominal rate of the channel at its volcano.
    public func catalogRate(of home: ChannelHome) -> Double? {
        catalog.volcanoes[home.volcano]?.channel(home.sourceID)?.channel.sampleRate
    }

    /// The rate the channel's stored keys carry (their names include it), from one short
    /// listing of its folder in the month of `time`; `nil` when nothing of it is stored then.
    /// - Throws: the store's error.
    public func storedRate(of home: ChannelHome, near time: UTCTime) async throws(ObjectStoreError) -> Double? {
        let month = CalendarDay(containing: time).components
        guard let folder = try? home.folder(year: month.year, month: month.month) else { return nil }
        let listing = try await store.list(prefix: folder, delimiter: "/", continuationToken: nil, maxKeys: 20)
        return listing.objects.lazy.compactMap { object in
            (try? ChunkKey(key: object.key))?.channel.sampleRate ?? (try? DayMetadataKey(key: object.key))?.channel.sampleRate
        }.first
    }

    /// The rate of decoded data: that of the first trace.
    public static func decodedRate(of traces: [Trace]) -> Double? { traces.first?.sampleRate }
}
