import CacheServices
import ChunkStore
import CommandOptions
import Foundation
import Logging
import Pipeline
import Prometheus
import SeedCore
import WaveformSources

/// What the routes work with, built once by `serve` (and by the tests around a local store
/// and the FDSN test server).
struct APIServices: Sendable {
    /// Where chunks are.
    var store: any ObjectStore
    /// Where backfills and `/data` misses fetch miniSEED.
    var source: any WaveformSource
    /// The channels the station config selects (backfill's default set).
    var channels: [SelectedChannel]
    /// Station facts (rates, regions).
    var catalog: StationCatalog
    /// Environment settings.
    var config: APIConfig
    /// `/data`.
    var data: DataService
    /// `/api/cache-status`.
    var status: CacheStatusService
    /// `/api/stations`.
    var stations: StationListingService
    /// The per-client limit on `/data` misses.
    var missLimiter: MissRateLimiter
    /// Who a request comes from (peer or `X-Forwarded-For` behind trusted proxies).
    var clients: ClientIdentity
    /// `/api/backfill` jobs.
    var jobs: BackfillJobs
    /// Background work owner (a service of the group).
    var runner: JobRunner
    /// `/health`'s store check.
    var health: StoreHealth
    /// The configured channels' newest stored samples (`/health`'s `stale`, `/metrics`' ages).
    var freshness: ChannelFreshness
    /// `/live`: the SeedLink feed and its listeners (`nil`: started without `--live`).
    var live: LiveListening?
    /// This server instance's id (its job records, its health probe object).
    var instance: String
    /// Where `/metrics` reads from (`nil`: the endpoint answers 404).
    var metrics: PrometheusCollectorRegistry?
    /// The origin chunk URLs point at besides this API's own (public bucket, presigned S3),
    /// which the player's Content-Security-Policy must let it fetch from.
    var chunkOrigin: String?
    /// The clock (tests pin it).
    var now: @Sendable () -> UTCTime
    /// Time for timers, budgets and lifetimes: heartbeats, generation budgets, the miss rate
    /// limit, the health and freshness checks' reuse (tests pass a manual clock).
    var clock: any Clock<Duration>
    /// The application's logger.
    var logger: Logger

    /// Wires the services.
    /// - Parameter metadataLifetime: how long `/data` reuses day metadata (and the hit
    ///   responses made from it); `nil`: ``DataServiceConfiguration``'s default (tests shorten it).
    init(
        store: any ObjectStore, source: any WaveformSource, channels: [SelectedChannel], catalog: StationCatalog,
        config: APIConfig, urls: ChunkURLs, metrics: PrometheusCollectorRegistry?, logger: Logger,
        metadataLifetime: Duration? = nil, now: @escaping @Sendable () -> UTCTime = { UTCTime.now() },
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.clock = clock
        // Every write of the API goes through it: /health sees chunk writes failing.
        // (Not the health probe's: its tiny write succeeding on a full disk must not reset the count.)
        let writes = WriteFailures()
        let probed = store
        let store: any ObjectStore = WriteTrackingStore(store, writes: writes)
        let instance = String(UUID().uuidString.lowercased().prefix(8))
        let jobs = BackfillJobs(store: store, instance: instance, logger: logger)
        let runner = JobRunner(drainDeadline: config.shutdownDrain, logger: logger) {
            await jobs.checkpointUnfinished()
        }
        self.instance = instance
        self.health = StoreHealth(
            store: probed, probeKey: "health/probe-\(instance)", cacheTTL: config.healthCacheTTL, writes: writes,
            degradedAfter: config.healthWriteFailures, logger: logger, clock: clock)
        self.freshness = ChannelFreshness(
            store: store, channels: channels.map(\.home), staleAfter: config.staleAfter, cacheTTL: config.healthCacheTTL,
            now: now, logger: logger, clock: clock)
        self.store = store
        self.source = source
        self.channels = channels
        self.catalog = catalog
        self.config = config
        self.runner = runner
        self.chunkOrigin = urls.foreignOrigin
        self.metrics = metrics
        self.now = now
        self.logger = logger
        self.jobs = jobs
        self.missLimiter = MissRateLimiter(perMinute: config.missesPerMinute, clock: clock)
        self.clients = ClientIdentity(trustedProxyHops: config.trustedProxyHops)
        self.data = DataService(
            store: store, source: source, urls: urls, catalog: catalog, instance: instance,
            configuredChannels: channels.map(\.home),
            configuration: DataServiceConfiguration(
                maximumHours: config.dataMaximumHours, delayMinutes: config.common.pipeline.tick.delayMinutes,
                metadataLifetime: metadataLifetime ?? DataServiceConfiguration().metadataLifetime,
                processor: config.common.pipeline.tick.processor, generationConcurrency: config.generationConcurrency,
                generationQueue: config.generationQueue, leaseDuration: config.generationLease,
                generationBudget: config.generationBudget),
            logger: logger, clock: clock, spawn: { runner.submit($0) })
        self.live = config.live.map {
            LiveListening(source: $0, channels: channels.map(\.home), config: config, logger: logger)
        }
        self.status = CacheStatusService(store: store, catalog: catalog, logger: logger)
        self.stations = StationListingService(
            store: store, channels: channels, catalog: catalog, logger: logger, clock: clock)
    }

    /// Wires the services on the process's runtime (``ServeCommand``): chunk URLs are
    /// `PUBLIC_BASE_URL/{key}` when set, presigned on an S3 store, else this API's `/files/`.
    init(runtime: PipelineRuntime, config: APIConfig, metrics: PrometheusCollectorRegistry?, logger: Logger) {
        let urls: ChunkURLs =
            if let base = config.publicBaseURL {
                .publicBase(base)
            } else if let s3 = runtime.store as? S3ObjectStore {
                .presigned(s3, expiresIn: config.presignExpires)
            } else {
                .files(prefix: FileRoutes.prefix)
            }
        self.init(
            store: runtime.store, source: runtime.source, channels: config.common.channels, catalog: config.common.catalog, config: config,
            urls: urls, metrics: metrics, logger: logger)
    }

    /// A backfill service on this API's source and store.
    var backfill: Backfill {
        Backfill(source: source, store: store, logger: logger)
    }
}
