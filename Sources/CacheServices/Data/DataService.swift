package import ChunkStore
package import Logging
package import SeedCore
package import Pipeline
package import WaveformSources

/// `GET /data` (001): the manifest of stored chunks covering a range, and on a miss the
/// on-demand generation from the waveform source, shared by concurrent identical requests.
///
/// It wires three parts and answers for them: ``RangeLookup`` (what the store holds),
/// ``MissAdmission`` (which misses may start a generation, and whether there is a place)
/// and ``GenerationCoordinator`` (one shared generation per range, leases across replicas).
package final class DataService: Sendable {
    /// Where chunks are.
    package let store: any ObjectStore
    /// Where misses are fetched from.
    package let source: any WaveformSource
    /// How chunk URLs are made.
    package let urls: ChunkURLs
    /// Rates of catalog channels.
    package let catalog: StationCatalog
    /// Limits and lifetimes.
    package let configuration: DataServiceConfiguration
    /// This replica's id (its generation leases name it).
    package let instance: String
    /// The channels misses may generate without asking the store.
    package let known: KnownChannels
    let metadataCache: DayMetadataCache
    let lookups: RangeLookup
    let admission: MissAdmission
    let generations: GenerationCoordinator

    /// Creates the service.
    /// - Parameters:
    ///   - instance: this replica's id (default a random one).
    ///   - configuredChannels: the station config's channels; with the catalog's and the
    ///     stored ones they are what a miss may generate (``KnownChannels``).
    ///   - clock: time for generation budgets, the failure hold and following other replicas
    ///     (tests pass a manual clock).
    ///   - spawn: runs a generation in the background, owned by the caller's service group
    ///     (it outlives the request that started it, so other waiters and the store get it);
    ///     returns `false` when it refuses (shutdown began).
    package init(
        store: any ObjectStore, source: any WaveformSource, urls: ChunkURLs, catalog: StationCatalog,
        instance: String = String(UInt64.random(in: 0...UInt64.max), radix: 36), configuredChannels: [ChannelHome] = [], configuration: DataServiceConfiguration = DataServiceConfiguration(),
        logger: Logger, clock: any Clock<Duration> = ContinuousClock(),
        spawn: @escaping @Sendable (@escaping @Sendable () async -> Void) -> Bool
    ) {
        self.instance = instance
        self.known = KnownChannels(configured: configuredChannels, catalog: catalog)
        self.store = store
        self.source = source
        self.urls = urls
        self.catalog = catalog
        self.configuration = configuration
        self.metadataCache = DayMetadataCache(lifetime: configuration.metadataLifetime)
        let rates = ChannelRates(catalog: catalog, store: store, known: known)
        let slots = GenerationSlots(
            concurrency: configuration.generationConcurrency, queueLength: configuration.generationQueue)
        self.lookups = RangeLookup(
            store: store, urls: urls, delayMinutes: configuration.delayMinutes,
            metadataLifetime: configuration.metadataLifetime, metadataCache: metadataCache, rates: rates)
        self.admission = MissAdmission(known: known, rates: rates, slots: slots, logger: logger)
        self.generations = GenerationCoordinator(
            store: store, source: source, urls: urls, configuration: configuration, instance: instance, lookups: lookups,
            rates: rates, slots: slots, logger: logger, clock: clock, spawn: spawn)
    }

    /// Counts invalidations of the day metadata this service read (a generation stored
    /// something): a hit response made before it changed may be stale.
    package var metadataGeneration: UInt64 { metadataCache.generation }

    /// The newest time whole 10-minute windows can have data for.
    package func availableEnd(now: UTCTime) -> UTCTime {
        lookups.availableEnd(now: now)
    }

    /// What the store holds for the query.
    /// - Throws: ``DataServiceError`` (`noDataYet` naming `start`, `storeUnavailable`).
    package func lookup(_ query: DataQuery, now: UTCTime) async throws(DataServiceError) -> DataLookup {
        try await lookups.lookup(query, now: now)
    }

    /// Generates what a lookup found missing, or joins the generation already running for
    /// the same query: the stream replays what was sent so far, then follows live, and ends
    /// with a `manifest` or an `error` event.
    ///
    /// A new generation must pass ``admit(_:lookup:now:)`` (known channels only) and find a
    /// place among ``DataServiceConfiguration/generationConcurrency`` running and
    /// ``DataServiceConfiguration/generationQueue`` waiting ones.
    /// - Throws: ``DataServiceError`` `unknownChannel` (nothing was fetched or written),
    ///   `overloaded` (with `retryAfterSeconds`), `shuttingDown`, or `storeUnavailable`.
    package func generate(_ query: DataQuery, missing lookup: DataLookup, now: UTCTime) async throws(DataServiceError)
        -> AsyncStream<DataEvent>
    {
        if let running = generations.joinable(query, range: lookup.range) { return await running.subscribe() }
        try await admission.admit(query, lookup: lookup, now: now)
        try admission.reservePlace(for: query)
        return try await generations.start(query, missing: lookup)
    }

    /// Generations running and waiting for a turn now.
    package var generationLoad: (running: Int, waiting: Int) { admission.slots.load }

    /// Refuses a miss for a channel the API does not know (``KnownChannels``, or something of
    /// it stored under that volcano in the request's month or this month): anonymous callers
    /// cannot make the API fetch or write arbitrary channels.
    /// - Throws: ``DataServiceError`` `unknownChannel` naming `volcano` or `channel`, or
    ///   `storeUnavailable`.
    package func admit(_ query: DataQuery, lookup: DataLookup, now: UTCTime) async throws(DataServiceError) {
        try await admission.admit(query, lookup: lookup, now: now)
    }
}
